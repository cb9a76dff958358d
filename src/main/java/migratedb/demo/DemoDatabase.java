package migratedb.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import migratedb.source.postgres.PostgresVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's source: a real PostgreSQL (binaries from Maven Central) loaded with a sample of an access manager's
 * database — users, resources, accounts with encrypted passwords, grants, a large audit trail, settings, API keys
 * and a personal-passwords table that is excluded from the migration.
 */
public final class DemoDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.demo");

    private final EmbeddedPostgres postgres;

    private DemoDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a fresh PostgreSQL in {@code dataDir} and loads the sample with {@code auditRows} audit rows. */
    public static DemoDatabase start(Path dataDir, long auditRows) {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_wal_size", "2GB")
                    .setServerConfig("fsync", "off")
                    .start();
            DemoDatabase db = new DemoDatabase(pg);
            db.load(auditRows);
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the demo PostgreSQL in " + dataDir, e);
        }
    }

    private void load(long auditRows) {
        long start = System.nanoTime();
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            loadSample(c, auditRows);
        } catch (SQLException e) {
            throw new IllegalStateException("loading the demo database failed: " + e.getMessage(), e);
        }
        LOG.info("Demo PostgreSQL loaded on port {} in {} ms ({} audit rows)", postgres.getPort(),
                (System.nanoTime() - start) / 1_000_000, auditRows);
    }

    /** Creates the sample schema and data in the connection's database (the tests load it into their own). */
    public static void loadSample(Connection c, long auditRows) throws SQLException {
        // before PostgreSQL 10 the resources' identity column is a bigserial: a schema of its own
        boolean identity = PostgresVersion.of(c).has(PostgresVersion.Feature.IDENTITY_COLUMNS);
        try (Statement st = c.createStatement()) {
            st.execute(resource(identity ? "schema.sql" : "schema-pre10.sql"));
            st.execute(resource("data.sql").replace(":audit_rows", Long.toString(auditRows)));
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    /** Runs SQL on the demo database (tests use it to plant traps). */
    public void execute(String sql) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    public Connection connect() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    private static String resource(String name) {
        try (InputStream in = DemoDatabase.class.getResourceAsStream("/migratedb/demo/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("stopping the demo PostgreSQL: {}", e.getMessage());
        }
    }
}
