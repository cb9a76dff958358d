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
     * A JDBC driver for {@code jdbc:claimed-<version>:<rest of a jdbc:postgresql URL>}: it connects to the real
     * server and reports the claimed version. Registered while a test runs, so MigrateDB's own connection code meets it.
     */
    static final class ClaimingDriver implements Driver, AutoCloseable {
        private static final String PREFIX = "jdbc:claimed-";

        ClaimingDriver register() throws SQLException {
            DriverManager.registerDriver(this);
            return this;
        }

        /** The URL under which {@code postgresUrl}'s server claims {@code version}. */
        static String url(String postgresUrl, String version) {
            return PREFIX + version + ":" + postgresUrl.substring("jdbc:postgresql:".length());
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (!acceptsURL(url)) {
                return null;
            }
            String rest = url.substring(PREFIX.length());
            String version = rest.substring(0, rest.indexOf(':'));
            return of(DriverManager.getConnection("jdbc:postgresql:" + rest.substring(version.length() + 1), info),
                    version);
        }

        @Override
        public boolean acceptsURL(String url) {
            return url != null && url.startsWith(PREFIX);
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
