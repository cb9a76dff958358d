package migratedb.source.postgres.bundled;

import java.util.Objects;
import java.util.Properties;

/**
 * Where and as whom to connect to a PostgreSQL database. The password never leaves this record except into a
 * JDBC {@link Properties} object or a child process's environment; {@link #toString()} hides it.
 */
public record PostgresLogin(String host, int port, String database, String user, String password) {

    public PostgresLogin {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
    }

    /** The JDBC URL carries no credentials: they go through {@link #jdbcProperties()}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Properties jdbcProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "MigrateDB");
        return properties;
    }

    @Override
    public String toString() {
        return "PostgresLogin[" + user + "@" + host + ":" + port + "/" + database + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
