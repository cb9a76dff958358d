package migratedb.source.postgres;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.source.postgres.bundled.BundledPostgres;
import migratedb.source.postgres.bundled.BundledPostgresOptions;
import migratedb.source.postgres.bundled.PostgresLogin;
import migratedb.troubleshoot.MigrationException;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The source for one command: a PostgreSQL reached by {@code source.url}, or — bundled mode, {@code source.pgHome}
 * and {@code source.dataDir} — the application's own PostgreSQL, started by MigrateDB for the run (as the data
 * directory's owner, loopback only, no room for other clients) and stopped when the session closes.
 */
public final class SourceSession implements AutoCloseable {
    private final PostgresSource source;
    private final PostgresLogin login;
    private final BundledPostgres server;
    private final List<String> warnings;

    private SourceSession(PostgresSource source, PostgresLogin login, BundledPostgres server, List<String> warnings) {
        this.source = source;
        this.login = login;
        this.server = server;
        this.warnings = warnings;
    }

    /** Checks, without connecting, that the source is named: by URL, or as a bundled installation. */
    public static void requireSettings(Settings s) {
        if (s.has(SettingKeys.SOURCE_PG_HOME) || s.has(SettingKeys.SOURCE_DATA_DIR)) {
            s.require(SettingKeys.SOURCE_PG_HOME, "in bundled mode", "The bundled PostgreSQL folder (with bin/).");
            s.require(SettingKeys.SOURCE_DATA_DIR, "in bundled mode", "The bundled PostgreSQL's data directory.");
            s.require(SettingKeys.SOURCE_DATABASE, "in bundled mode",
                    "The name of the application's database inside the bundled server.");
        } else {
            s.require(SettingKeys.SOURCE_URL, "to read the source",
                    "The PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/passtrix "
                            + "(or source.pgHome + source.dataDir for the bundled database).");
        }
    }

    public static SourceSession open(Settings s) {
        String user = s.get(SettingKeys.SOURCE_USER);
        String password = s.get(SettingKeys.SOURCE_PASSWORD);
        int socketTimeout = s.getInt(SettingKeys.SOURCE_SOCKET_TIMEOUT_SECONDS, 0, 86_400);
        if (s.has(SettingKeys.SOURCE_PG_HOME) || s.has(SettingKeys.SOURCE_DATA_DIR)) {
            Path pgHome = s.path(SettingKeys.SOURCE_PG_HOME);
            Path dataDir = s.path(SettingKeys.SOURCE_DATA_DIR);
            s.require(SettingKeys.SOURCE_PG_HOME, "in bundled mode", "The bundled PostgreSQL folder (with bin/).");
            s.require(SettingKeys.SOURCE_DATA_DIR, "in bundled mode", "The bundled PostgreSQL's data directory.");
            String database = s.require(SettingKeys.SOURCE_DATABASE, "in bundled mode",
                    "The name of the application's database inside the bundled server.");
            int connections = 2 * s.getInt(SettingKeys.PARALLEL_TABLES, 1, 64) + 4;
            BundledPostgres server = BundledPostgres.start(BundledPostgresOptions.of(pgHome, dataDir,
                    s.path(SettingKeys.WORK_DIR), database, user, password).withMigrationConnections(connections));
            PostgresLogin login = server.login();
            List<String> warnings = server.warnings().stream().map(MigrationException::consoleText).toList();
            return new SourceSession(new PostgresSource(login.jdbcUrl(), user, password, socketTimeout), login,
                    server, warnings);
        }
        String url = s.require(SettingKeys.SOURCE_URL, "to read the source",
                "The PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/passtrix "
                        + "(or source.pgHome + source.dataDir for the bundled database).");
        return new SourceSession(new PostgresSource(url, user, password, socketTimeout),
                loginOf(url, user, password), null, List.of());
    }

    /** host, port and database of a jdbc:postgresql URL, for pg_dump. */
    static PostgresLogin loginOf(String url, String user, String password) {
        try {
            URI uri = URI.create(url.substring("jdbc:".length()));
            String db = uri.getPath() == null || uri.getPath().length() <= 1 ? user : uri.getPath().substring(1);
            return new PostgresLogin(uri.getHost() == null ? "localhost" : uri.getHost(),
                    uri.getPort() < 0 ? 5432 : uri.getPort(), db, user, password);
        } catch (RuntimeException e) {
            return null; // only the backup needs it; it says so when it is missing
        }
    }

    public PostgresSource source() {
        return source;
    }

    /** Where pg_dump connects; null when the URL could not be understood. */
    public PostgresLogin login() {
        return login;
    }

    public boolean bundled() {
        return server != null;
    }

    public List<String> warnings() {
        return warnings;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
