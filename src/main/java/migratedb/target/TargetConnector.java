package migratedb.target;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.target.h2.H2Dialect;
import migratedb.target.sqlserver.SqlServerDialect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections to the target and the dialect that speaks to it. {@code target.url} decides: jdbc:sqlserver → SQL
 * Server, jdbc:h2 → the H2 stand-in. Without a URL the SQL Server URL is built from host, instance and database.
 */
public final class TargetConnector {
    private final String url;
    private final String user;
    private final String password;
    private final TargetDialect dialect;

    public TargetConnector(String url, String user, String password, TargetDialect dialect) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dialect = dialect;
    }

    public static TargetConnector from(Settings settings) {
        String url = settings.get(SettingKeys.TARGET_URL);
        String user = settings.get(SettingKeys.TARGET_USER);
        String password = settings.get(SettingKeys.TARGET_PASSWORD);
        if (url.startsWith("jdbc:h2:")) {
            return new TargetConnector(H2Urls.complete(url), user.isEmpty() ? "sa" : user, password, new H2Dialect());
        }
        if (url.isBlank()) {
            url = SqlServerUrls.build(settings);
        } else if (!url.startsWith("jdbc:sqlserver:")) {
            throw settings.invalid(SettingKeys.TARGET_URL, "A jdbc:sqlserver:// URL (or jdbc:h2: for the stand-in) "
                    + "is expected.");
        }
        return new TargetConnector(url, user, password, new SqlServerDialect());
    }

    public TargetDialect dialect() {
        return dialect;
    }

    /** The URL as shown in logs and reports: it never holds a password (those travel in Properties). */
    public String displayUrl() {
        return url.replaceAll("(?i)(password|pwd)=[^;]*", "$1=********");
    }

    public Connection connect() throws SQLException {
        Properties p = new Properties();
        if (!user.isEmpty()) {
            p.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(url, p);
    }

    @Override
    public String toString() {
        return "TargetConnector{" + displayUrl() + ", " + dialect.name() + "}";
    }
}
