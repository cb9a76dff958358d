package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.demo.DemoDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end scenario against a REAL SQL Server: opt-in, because no SQL Server can run on our CI machines.
 * Set MIGRATEDB_TEST_MSSQL_URL (a jdbc:sqlserver:// URL to an EMPTY database, e.g.
 * {@code jdbc:sqlserver://host:1433;databaseName=MigrateDbTest;encrypt=true;trustServerCertificate=true}),
 * MIGRATEDB_TEST_MSSQL_USER and MIGRATEDB_TEST_MSSQL_PASSWORD; JUnit reports the test as skipped otherwise.
 * It covers key setup (default mode), protected columns, TLS, bulk copy (dates and times at the calendar's edges
 * included), finalize, verification, a row SQL Server refuses, an allowed case collision kept with binary key
 * columns, a trailing-space collision refused before the copy, and target.encryption=none (no key object created).
 */
@EnabledIfEnvironmentVariable(named = "MIGRATEDB_TEST_MSSQL_URL", matches = "jdbc:sqlserver:.*",
        disabledReason = "no real SQL Server given: set MIGRATEDB_TEST_MSSQL_URL, _USER and _PASSWORD to run it")
class RealSqlServerEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void migratesTheSampleIntoSqlServerAndEveryTableVerifies() throws Exception {
        String source = TestPostgres.newDatabase("mssql");
        try (Connection c = TestPostgres.connect(source)) {
            DemoDatabase.loadSample(c, 20_000);
        }
        // the bulk copy sends dates and times as text: the calendar's edges, the Julian switch, a DST gap in the
        // writer's zone, and every fractional digit must arrive as PostgreSQL holds them
        TestPostgres.execute(source, """
                CREATE TABLE temporal_edges (id int PRIMARY KEY, d date, t time, ts timestamp, tz timestamptz);
                INSERT INTO temporal_edges VALUES
                  (1, '0001-01-01', '00:00', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00'),
                  (2, '1582-10-04', '12:00:00.000001', '1582-10-04 23:59:59.999999', '1582-10-15 00:00:00+00'),
                  (3, '9999-12-31', '23:59:59.999999', '9999-12-31 23:59:59.999999', '9999-12-30 23:59:59.999999+00'),
                  (4, '2021-03-28', '02:30:00', '2021-03-28 02:30:00', '2021-03-28 02:30:00+01'),
                  (5, NULL, NULL, NULL, NULL)""");
        MigrateDbHarness h = realTarget(source, System.getenv("MIGRATEDB_TEST_MSSQL_URL"))
                .set("migration.excludedTables", "public.personal_passwords")
                .set("migration.protectedColumns", "public.accounts.password")
                .set("copy.chunkRows", "5000");
        Files.setPosixFilePermissions(h.configFile(), PosixFilePermissions.fromString("rw-------"));

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        assertEquals("completed", report.get("status").asText());
        for (JsonNode t : report.get("tables")) {
            assertTrue(t.get("verified").asBoolean(), t.toString());
        }
        for (String table : new String[]{"users", "resources", "audit_trail", "app_settings", "api_keys"}) {
            EndToEndMigrationTest.assertSameRows(table,
                    EndToEndMigrationTest.rows(TestPostgres.connect(source), "SELECT * FROM public." + table),
                    EndToEndMigrationTest.rows(h.target(), "SELECT * FROM dbo." + table));
        }
        assertEquals(temporalEdges(TestPostgres.connect(source), "public"), temporalEdges(h.target(), "dbo"));
    }

    /** A URL naming a database of its own (MigrateDB creates it: the login needs CREATE ANY DATABASE). */
    private static String freshDatabase(String suffix) {
        return System.getenv("MIGRATEDB_TEST_MSSQL_URL").replaceAll("(?i)(databaseName|database)=([^;]*)",
                "$1=$2_" + suffix + (System.currentTimeMillis() % 100_000));
    }

    /** users(login UNIQUE) and grants(login REFERENCES users(login)), with the rows given. */
    private static String collidingLogins(String prefix, String users, String grants) throws Exception {
        String source = TestPostgres.newDatabase(prefix);
        TestPostgres.execute(source, """
                CREATE TABLE users (id int PRIMARY KEY, login varchar(40) NOT NULL UNIQUE);
                CREATE TABLE grants (id int PRIMARY KEY, login varchar(40) NOT NULL REFERENCES users (login));""");
        TestPostgres.execute(source, "INSERT INTO users VALUES " + users);
        if (grants != null) {
            TestPostgres.execute(source, "INSERT INTO grants VALUES " + grants);
        }
        return source;
    }

    /**
     * The case seen over TDS: 'Alice' and 'alice' in a unique login, with collation-duplicate allowed. The key's
     * column and the column referencing it get Latin1_General_100_BIN2 (the binary twin of the default
     * SQL_Latin1_General_CP1_CI_AS), the unique key is created and holds both rows, and the foreign key is accepted
     * (equal collations on both sides). With target.encryption=none no key object exists afterwards.
     */
    @Test
    void anAllowedCaseCollisionMigratesWithBinaryKeyColumnsAndWithoutAnyKey() throws Exception {
        String source = collidingLogins("mssql_ci", "(1, 'Alice'), (2, 'alice')", "(1, 'alice'), (2, 'Alice')");
        MigrateDbHarness h = realTarget(source, freshDatabase("ci"))
                .set("assess.allow", "collation-duplicate")
                .set("target.encryption", "none");
        Files.setPosixFilePermissions(h.configFile(), PosixFilePermissions.fromString("rw-------"));

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        for (JsonNode t : MigrateDbHarness.report(r.out()).get("tables")) {
            assertTrue(t.get("verified").asBoolean(), t.toString());
        }
        assertEquals(List.of("1|Alice|", "2|alice|"), EndToEndMigrationTest.rows(h.target(),
                "SELECT id, login FROM dbo.users"));
        try (Connection c = h.target(); Statement st = c.createStatement()) {
            for (String table : new String[]{"users", "grants"}) {
                try (ResultSet rs = st.executeQuery("SELECT collation_name FROM sys.columns WHERE object_id = "
                        + "OBJECT_ID(N'dbo." + table + "') AND name = N'login'")) {
                    assertTrue(rs.next());
                    assertEquals("Latin1_General_100_BIN2", rs.getString(1), table);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM sys.symmetric_keys WHERE name NOT LIKE "
                    + "N'##%') + (SELECT COUNT(*) FROM sys.certificates WHERE name NOT LIKE N'##%')")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getInt(1), "target.encryption=none creates no key");
            }
        }
    }

    /** 'bob' and 'bob ' are equal under every SQL Server collation: refused before any row moves, even allowed. */
    @Test
    void aTrailingSpaceCollisionIsRefusedBeforeAnyRowMovesEvenWhenCollationDuplicateIsAllowed() throws Exception {
        String source = collidingLogins("mssql_trailing", "(1, 'bob'), (2, 'bob ')", null);
        MigrateDbHarness h = realTarget(source, freshDatabase("trailing"))
                .set("assess.allow", "collation-duplicate")
                .set("target.encryption", "none");
        Files.setPosixFilePermissions(h.configFile(), PosixFilePermissions.fromString("rw-------"));

        MigrateDbHarness.Result r = h.run("migrate");

        assertNotEquals(0, r.exitCode(), r.all());
        assertTrue(r.all().contains("trailing-space-duplicate in public.users.login"), r.all());
        assertEquals("BLOCKING_FINDINGS", MigrateDbHarness.report(r.out()).get("failure").get("code").asText());
    }

    /** A harness from the source into the given SQL Server URL, with the login the environment names. */
    private MigrateDbHarness realTarget(String source, String url) {
        Map<String, String> env = System.getenv();
        return new MigrateDbHarness(dir, source)
                .set("target.url", url)
                .set("target.user", env.getOrDefault("MIGRATEDB_TEST_MSSQL_USER", "sa"))
                .set("target.password", env.getOrDefault("MIGRATEDB_TEST_MSSQL_PASSWORD", ""));
    }

    /** Each row of temporal_edges as java.time values (proleptic Gregorian on both sides), timestamptz as instants. */
    private static List<String> temporalEdges(Connection c, String schema) throws Exception {
        List<String> out = new ArrayList<>();
        try (c; Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, d, t, ts, tz FROM " + schema + ".temporal_edges ORDER BY id")) {
            while (rs.next()) {
                OffsetDateTime tz = rs.getObject(5, OffsetDateTime.class);
                out.add(rs.getInt(1) + "|" + rs.getObject(2, LocalDate.class) + "|" + rs.getObject(3, LocalTime.class)
                        + "|" + rs.getObject(4, LocalDateTime.class) + "|" + (tz == null ? null : tz.toInstant()));
            }
        }
        return out;
    }

    /**
     * Rows SQL Server refuses are isolated by halving inside the chunk's transaction, which needs the transaction to
     * survive the error. If bulk copy's error ends it, the chunk is copied again with single-row inserts (whose
     * errors end only their statement); the route log says which happened ("copied again with single-row inserts").
     * It migrates into a database of its own, created by MigrateDB (the login needs CREATE ANY DATABASE), named
     * after the given one with "_rejects" and a number.
     */
    @Test
    void aRowSqlServerRefusesIsIsolatedAndTheOthersArrive() throws Exception {
        String source = TestPostgres.newDatabase("mssql_rejects");
        TestPostgres.execute(source, """
                CREATE TABLE ledger (id bigint PRIMARY KEY, amount numeric);
                INSERT INTO ledger SELECT g, g * 1.5 FROM generate_series(1, 5000) g;
                UPDATE ledger SET amount = 1e30 WHERE id = 2500""");
        MigrateDbHarness h = realTarget(source, freshDatabase("rejects"))
                .set("copy.chunkRows", "5000")
                .set("copy.rejectPolicy", "skip")
                .set("copy.rejectMaxPerTable", "1")
                // DECIMAL(38,10) cannot hold 10^30: allowed past the assessment to reach the copy's own defence
                .set("assess.allow", "numeric-overflow");
        Files.setPosixFilePermissions(h.configFile(), PosixFilePermissions.fromString("rw-------"));

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        JsonNode ledger = MigrateDbHarness.report(r.out()).get("tables").get(0);
        assertEquals(1, ledger.get("rowsRejected").asLong(), ledger.toString());
        assertEquals(4999, ledger.get("rowsWritten").asLong(), ledger.toString());
        assertTrue(ledger.get("verified").asBoolean(), ledger.toString());
        EndToEndMigrationTest.assertSameRows("ledger",
                EndToEndMigrationTest.rows(TestPostgres.connect(source), "SELECT * FROM public.ledger WHERE id <> 2500"),
                EndToEndMigrationTest.rows(h.target(), "SELECT * FROM dbo.ledger"));
    }
}
