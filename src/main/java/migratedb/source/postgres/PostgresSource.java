package migratedb.source.postgres;

import migratedb.troubleshoot.MigrationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections to the PostgreSQL source. The password lives only here and in the driver's Properties, never in
 * the URL, a log line or an exception message. The server's version is read once, at the first connection: a server
 * older than MigrateDB supports is refused there, by name.
 */
public final class PostgresSource {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSource.class);

    private final String url;
    private final String user;
    private final String password;
    private final int socketTimeoutSeconds;
    private final java.util.concurrent.atomic.AtomicLong opened = new java.util.concurrent.atomic.AtomicLong();
    private volatile PostgresVersion version;

    public PostgresSource(String url, String user, String password) {
        this(url, user, password, DEFAULT_SOCKET_TIMEOUT_SECONDS);
    }

    /**
     * @param socketTimeoutSeconds how long a read may wait for the network before the connection counts as lost
     *                             (a stalled network then ends in a retry, not a hang); 0 waits forever
     */
    public PostgresSource(String url, String user, String password, int socketTimeoutSeconds) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.socketTimeoutSeconds = socketTimeoutSeconds;
    }

    /** The default of source.socketTimeoutSeconds. */
    public static final int DEFAULT_SOCKET_TIMEOUT_SECONDS = 600;

    /** The longest wait for a login (TCP connected, server silent), bounded by the socket timeout when shorter. */
    private static final int LOGIN_TIMEOUT_SECONDS = 30;

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    /** Connections opened so far (a run's count must not grow with its number of tables). */
    public long connectionsOpened() {
        return opened.get();
    }

    /** The server's version, read at the first connection; null before it. */
    public PostgresVersion version() {
        return version;
    }

    /**
     * A new connection; the first one reads the server's version.
     *
     * @throws MigrationException {@link SourceTrouble#SOURCE_VERSION_UNSUPPORTED} for a server older than 9.6
     */
    public Connection connect() throws SQLException {
        Connection c = login();
        if (version == null) {
            try {
                PostgresVersion v = PostgresVersion.of(c);
                requireReadable(v, c.unwrap(org.postgresql.PGConnection.class)
                        .getParameterStatus("integer_datetimes"), url);
                if (v.newerThanTested()) {
                    LOG.warn("The source runs PostgreSQL {}, newer than MigrateDB was tested with ({}): a catalog "
                            + "query it no longer answers stops with the query named", v.major(),
                            PostgresVersion.NEWEST_TESTED_MAJOR);
                }
                version = v;
            } catch (RuntimeException | SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    /**
     * Refuses a server MigrateDB cannot read: older than 9.6, or (possible up to 9.6) built with floating-point
     * timestamps, which the binary COPY reader would decode as integers.
     *
     * @param integerDatetimes the server's integer_datetimes ("on" from 10 on; reported at login)
     */
    static void requireReadable(PostgresVersion v, String integerDatetimes, String url) {
        if (!v.supported()) {
            throw PostgresErrors.unsupported(v, url);
        }
        if ("off".equals(integerDatetimes)) {
            throw new MigrationException(SourceTrouble.SOURCE_FLOAT_TIMESTAMPS, java.util.Map.of("version", v.text(),
                    "url", url));
        }
    }

    /** A new connection, or the troubleshooting entry of why there is none (unreachable, login refused...). */
    public Connection open() {
        try {
            return connect();
        } catch (SQLException e) {
            throw PostgresErrors.loginFailure(e, url, user);
        }
    }

    /**
     * The troubleshooting entry of a failure while {@code purpose} (unless the exception names its own purpose): a
     * lost connection, a failing query with the server's version, or a login that failed.
     */
    public MigrationException failure(SQLException e, String purpose) {
        return PostgresErrors.failure(e, url, user, version, purpose);
    }

    private Connection login() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "MigrateDB");
        // binary transfer from the first execution: ~50% faster typed reads (PERFORMANCE-NOTES.md)
        p.setProperty("prepareThreshold", "-1");
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        // a stalled network must end in a (retried) failure, never in a hang: pgjdbc's SO_TIMEOUT and login limit
        p.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
        p.setProperty("loginTimeout", String.valueOf(socketTimeoutSeconds == 0 ? LOGIN_TIMEOUT_SECONDS
                : Math.min(LOGIN_TIMEOUT_SECONDS, socketTimeoutSeconds)));
        Connection c = DriverManager.getConnection(url, p);
        opened.incrementAndGet();
        return c;
    }

    @Override
    public String toString() {
        return "PostgresSource{" + url + " as " + user + "}";
    }
}
