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

    public PostgresSource(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
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
        return DriverManager.getConnection(url, p);
    }

    @Override
    public String toString() {
        return "PostgresSource{" + url + " as " + user + "}";
    }
}
