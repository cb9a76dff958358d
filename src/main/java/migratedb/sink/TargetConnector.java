package migratedb.sink;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.sink.h2.H2Dialect;
import migratedb.sink.h2.H2KeyManagement;
import migratedb.sink.sqlserver.ConnectionSpec;
import migratedb.sink.sqlserver.SqlServerConnectionFactory;
import migratedb.sink.sqlserver.SqlServerDialect;
import migratedb.sink.sqlserver.SqlServerKeyManagement;
import migratedb.sink.sqlserver.SqlServerTarget;
import migratedb.sink.sqlserver.TargetFailures;
import migratedb.troubleshoot.MigrationException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * Connections to the target and the dialect that speaks to it. {@code target.url} decides: jdbc:h2 → the H2
 * stand-in; anything else → SQL Server, whose URL and properties (TLS always, SQL or Windows authentication) come
 * from {@link SqlServerConnectionFactory}. Passwords travel only in driver Properties, never in the URL.
 */
public final class TargetConnector {
    private final ConnectionSpec spec;
    private final ConnectionSpec masterSpec;
    private final TargetDialect dialect;
    private final KeyManagement keys;
    private int networkTimeoutMillis;
    private final java.util.concurrent.atomic.AtomicLong opened = new java.util.concurrent.atomic.AtomicLong();

    /** Runs the driver's network-timeout aborts (mssql-jdbc); one daemon thread for the JVM. */
    private static final java.util.concurrent.Executor TIMEOUT_EXECUTOR =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "target-network-timeout");
                t.setDaemon(true);
                return t;
            });

    private TargetConnector(ConnectionSpec spec, ConnectionSpec masterSpec, TargetDialect dialect,
                            KeyManagement keys) {
        this.spec = spec;
        this.masterSpec = masterSpec;
        this.dialect = dialect;
        this.keys = keys;
    }

    private TargetConnector withNetworkTimeout(Settings settings) {
        this.networkTimeoutMillis = Math.multiplyExact(
                settings.getInt(SettingKeys.TARGET_SOCKET_TIMEOUT_SECONDS, 0, 86_400), 1000);
        return this;
    }

    public static TargetConnector from(Settings settings) {
        String url = settings.get(SettingKeys.TARGET_URL);
        KeyNames names = new KeyNames(url.startsWith("jdbc:h2:") ? settings.get(SettingKeys.TARGET_DATABASE)
                : SqlServerTarget.databaseOf(settings.values()), settings.get(SettingKeys.TARGET_CERTIFICATE),
                settings.get(SettingKeys.TARGET_SYMMETRIC_KEY));
        if (url.startsWith("jdbc:h2:")) {
            Properties p = new Properties();
            String user = settings.get(SettingKeys.TARGET_USER);
            p.setProperty("user", user.isEmpty() ? "sa" : user);
            p.setProperty("password", settings.get(SettingKeys.TARGET_PASSWORD));
            ConnectionSpec h2 = new ConnectionSpec(H2Urls.complete(url), p, List.of(), null);
            H2KeyManagement keys = new H2KeyManagement(names);
            return new TargetConnector(h2, null, new H2Dialect(keys, settings.get(SettingKeys.TARGET_COLLATION)), keys)
                    .withNetworkTimeout(settings);
        }
        SqlServerTarget target = SqlServerTarget.fromSettings(settings.values(), null);
        SqlServerConnectionFactory factory = SqlServerConnectionFactory.forThisMachine();
        SqlServerKeyManagement keys = new SqlServerKeyManagement(names);
        return new TargetConnector(factory.build(target), factory.buildForMaster(target), new SqlServerDialect(keys),
                keys).withNetworkTimeout(settings);
    }

    public TargetDialect dialect() {
        return dialect;
    }

    public KeyManagement keys() {
        return keys;
    }

    /** Texts to print on every run (e.g. certificate validation switched off). */
    public List<String> warnings() {
        return spec.warnings();
    }

    /** The URL as shown in logs and reports: it never holds a password. */
    public String displayUrl() {
        return spec.url();
    }

    /** A connection to the target database; a failure carries the driver's SQLState with secrets masked. */
    public Connection connect() throws SQLException {
        Connection c = withTimeout(open(spec));
        opened.incrementAndGet();
        return c;
    }

    /** Connections to the target database opened so far (a run's count must not grow with its number of tables). */
    public long connectionsOpened() {
        return opened.get();
    }

    /**
     * The run's pool of target connections ({@code size} at most), made of {@link #connect()}'s connections: the
     * copy workers, planning, finalize and verify borrow from it instead of logging in for every table.
     */
    public TargetPool pool(int size) {
        return new TargetPool(this, size);
    }

    /**
     * A connection to the server's master database, for CREATE DATABASE; empty for targets that create the
     * database on connect (H2).
     */
    public java.util.Optional<Connection> connectToServer() throws SQLException {
        return masterSpec == null ? java.util.Optional.empty() : java.util.Optional.of(withTimeout(open(masterSpec)));
    }

    /**
     * A stalled network ends in a lost connection (which the copy retries), never in a hang: JDBC's network
     * timeout (mssql-jdbc's socket timeout). The H2 stand-in's TCP client ignores it (see RELIABILITY.md).
     */
    private Connection withTimeout(Connection c) throws SQLException {
        if (networkTimeoutMillis > 0) {
            try {
                c.setNetworkTimeout(TIMEOUT_EXECUTOR, networkTimeoutMillis);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    private static Connection open(ConnectionSpec spec) throws SQLException {
        if (spec.url().startsWith("jdbc:h2:")) {
            return DriverManager.getConnection(spec.url(), spec.properties());
        }
        try {
            return spec.open();
        } catch (MigrationException e) {
            if (e.getCause() instanceof SQLException sanitized) {
                throw sanitized;
            }
            throw e;
        }
    }

    /**
     * The catalogue entry for a failure to connect when its fix is known (a certificate refused, Windows
     * authentication without the driver's native library), so the console says what to do instead of the driver's
     * words alone.
     */
    public java.util.Optional<MigrationException> explain(Throwable connectFailure) {
        return TargetFailures.explain(connectFailure, displayUrl());
    }

    @Override
    public String toString() {
        return "TargetConnector{" + displayUrl() + ", " + dialect.name() + "}";
    }
}
