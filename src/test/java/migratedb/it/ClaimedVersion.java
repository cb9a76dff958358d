package migratedb.it;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A real PostgreSQL connection that reports another server version: how the tests meet a version no binaries are
 * served for (9.4, older than MigrateDB supports), or send a newer version's catalog queries to an old server. Only
 * the reported version changes; every query goes to the real server.
 */
final class ClaimedVersion {
    private ClaimedVersion() {
    }

    /** The connection, reporting {@code version} as its server's version. */
    static Connection of(Connection real, String version) {
        DatabaseMetaData metaData;
        try {
            metaData = real.getMetaData();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        DatabaseMetaData claimed = (DatabaseMetaData) Proxy.newProxyInstance(ClaimedVersion.class.getClassLoader(),
                new Class<?>[]{DatabaseMetaData.class}, (proxy, method, args) ->
                        method.getName().equals("getDatabaseProductVersion") ? version : invoke(metaData, method, args));
        return (Connection) Proxy.newProxyInstance(ClaimedVersion.class.getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) ->
                        method.getName().equals("getMetaData") ? claimed : invoke(real, method, args));
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * A JDBC driver for {@code jdbc:postgresql} URLs that carry {@value #PARAMETER}: it connects to the real server
     * and reports the claimed version. Registered ahead of the PostgreSQL driver while a test runs, so MigrateDB's own
     * connection code meets it through a URL that passes the settings' checks.
     */
    static final class ClaimingDriver implements Driver, AutoCloseable {
        private static final String PARAMETER = "migratedbTestClaimedVersion";
        private static final java.util.regex.Pattern CLAIM =
                java.util.regex.Pattern.compile("[?&]" + PARAMETER + "=([0-9.]+)");

        /** Registers this driver first: DriverManager asks its drivers in the order they were registered. */
        ClaimingDriver register() throws SQLException {
            java.util.List<Driver> postgres = java.util.Collections.list(DriverManager.getDrivers()).stream()
                    .filter(d -> d instanceof org.postgresql.Driver).toList();
            for (Driver d : postgres) {
                DriverManager.deregisterDriver(d);
            }
            DriverManager.registerDriver(this);
            for (Driver d : postgres) {
                DriverManager.registerDriver(d);
            }
            return this;
        }

        /** The URL under which {@code postgresUrl}'s server claims {@code version}. */
        static String url(String postgresUrl, String version) {
            return postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + PARAMETER + "=" + version;
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (!acceptsURL(url)) {
                return null;
            }
            java.util.regex.Matcher m = CLAIM.matcher(url);
            m.find();
            String real = url.substring(0, m.start()) + (url.charAt(m.start()) == '?' && m.end() < url.length()
                    ? "?" + url.substring(m.end() + 1) : url.substring(m.end()));
            return of(new org.postgresql.Driver().connect(real, info), m.group(1));
        }

        @Override
        public boolean acceptsURL(String url) {
            return url != null && url.startsWith("jdbc:postgresql:") && CLAIM.matcher(url).find();
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public void close() throws SQLException {
            DriverManager.deregisterDriver(this);
        }
    }
}
