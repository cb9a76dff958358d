package migratedb.source.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections to the PostgreSQL source. The password lives only here and in the driver's Properties, never in
 * the URL, a log line or an exception message.
 */
public final class PostgresSource {
    private final String url;
    private final String user;
    private final String password;
    private final int socketTimeoutSeconds;
    private final java.util.concurrent.atomic.AtomicLong opened = new java.util.concurrent.atomic.AtomicLong();

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

    public Connection connect() throws SQLException {
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
