package migratedb.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.it.ManyTablesFixture;
import migratedb.it.MigrateDbHarness;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections live as long as the run, so a fault hits a connection that serves many tables: in the middle of a
 * many-tables copy a worker's source session is terminated (pg_terminate_backend) and every target connection of
 * the pool is cut. Each failed connection is replaced, never reused; the chunks it served are redelivered; nothing is
 * lost and nothing is copied twice.
 */
class ManyTablesFaultTest {
    private static final int TABLES = 40;
    private static final int ROWS_EACH = 300;
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void aPooledSourceSessionAndThePooledTargetConnectionsKilledMidRunAreReplacedAndNothingIsLostOrDuplicated()
            throws Exception {
        String source = TestPostgres.newDatabase("many_faults");
        ManyTablesFixture.load(source, TABLES, ROWS_EACH);
        try (H2TcpTarget target = new H2TcpTarget(dir.resolve("h2"));
             TcpProxy proxy = new TcpProxy("127.0.0.1", target.port())) {
            // three batches a table, about 5 s of copy: the faults land while most tables are still to copy
            MigrateDbHarness h = new MigrateDbHarness(dir, source)
                    .set("target.url", target.url(proxy.port()))
                    .set("copy.batchSize", "100")
                    .set("copy.parallelTables", "2")
                    .set("copy.throttle.batchesPerSecond", "25")
                    .set("copy.retry.initialDelayMs", "100")
                    .set("preflight.allowSourceSessions", "true");
            long mark = Fixtures.troubleshootingMark();
            CompletableFuture<MigrateDbHarness.Result> run = CompletableFuture.supplyAsync(() -> h.run("migrate"));

            int sessionsKilled;
            try (Connection watch = target.connect()) {
                Fixtures.await(LIMIT, "five tables are copied", () -> doneChunks(watch) >= 5);
                sessionsKilled = terminateOneWorkerSession(source);
                Fixtures.await(LIMIT, "fifteen tables are copied", () -> doneChunks(watch) >= 15);
                proxy.cutAll();
            }
            MigrateDbHarness.Result r = run.get(LIMIT.toSeconds(), TimeUnit.SECONDS);

            assertEquals(1, sessionsKilled, "a worker's source session was terminated");
            assertEquals(0, r.exitCode(), r.all());
            SourceFaultTest.assertCompletedAndVerified(r);
            JsonNode report = MigrateDbHarness.report(r.out());
            assertEquals(TABLES + 1, report.get("tables").size());
            try (Connection s = TestPostgres.connect(source); Connection t = target.connect()) {
                for (String table : ManyTablesFixture.tableNames(TABLES)) {
                    Fixtures.assertSameRows(table, Fixtures.rows(s, ManyTablesFixture.select("public", table)),
                            Fixtures.rows(t, ManyTablesFixture.select("dbo", table)));
                }
            }
            assertEquals(0, target.count("SELECT COUNT(*) FROM (SELECT chunk_no FROM dbo.migratedb_chunk "
                    + "GROUP BY run_id, table_name, chunk_no HAVING COUNT(*) > 1) d"), "one checkpoint per chunk");
            assertEquals((long) TABLES * ROWS_EACH + 10, target.count("SELECT SUM(rows_written) FROM "
                    + "dbo.migratedb_chunk"), "every row written once");
            assertTrue(target.count("SELECT MAX(attempts) FROM dbo.migratedb_chunk") >= 2,
                    "chunks that met a dead connection were redelivered");
            assertTrue(r.all().contains("after a transient failure"), "the retries are named: " + r.all());
            assertEquals(Set.of(), Fixtures.troubleshootingCodesSince(mark), "a cured fault is no failure");
        }
    }

    /**
     * A resume costs what is left: a run stopped after most tables were copied (a target connection cut while it
     * wrote one table, with no retry left) is resumed, and the resume plans only the tables with chunks left, then
     * completes with every table verified and exact. The tables copied before the stop have their own keys and
     * indexes already (created as each was copied); the foreign keys wait for finalize.
     */
    @Test
    void aResumePlansOnlyTheTablesWithChunksLeft() throws Exception {
        int tables = 20;
        String source = TestPostgres.newDatabase("many_resume");
        ManyTablesFixture.load(source, tables, 50);
        try (H2TcpTarget target = new H2TcpTarget(dir.resolve("h2"));
             TcpProxy proxy = new TcpProxy("127.0.0.1", target.port())) {
            proxy.cutOnceWhenSent("INSERT INTO [dbo].[item_00015]".getBytes(java.nio.charset.StandardCharsets.UTF_16BE));
            MigrateDbHarness h = new MigrateDbHarness(dir, source)
                    .set("target.url", target.url(proxy.port()))
                    .set("copy.parallelTables", "1")
                    .set("copy.retry.maxAttempts", "0")
                    .set("preflight.allowSourceSessions", "true");
            MigrateDbHarness.Result failed = h.run("migrate");
            assertTrue(proxy.cutDone());
            assertEquals(1, failed.exitCode(), failed.all());
            long left = target.count("SELECT COUNT(DISTINCT table_name) FROM dbo.migratedb_chunk WHERE status <> 'done'");
            long planned = target.count("SELECT COUNT(DISTINCT table_name) FROM dbo.migratedb_chunk");
            assertEquals(tables + 1, planned, "the whole plan was stored before the first chunk");
            assertTrue(left >= 1 && left < planned, left + " of " + planned + " tables left");
            // a table's own keys and indexes are created as soon as it is copied, while the others are copied
            // (the stand-in's helper constraints, which compare text keys as SQL Server does, are not counted)
            assertEquals(1, target.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE "
                    + "TABLE_NAME = 'item_00001' AND CONSTRAINT_TYPE = 'UNIQUE' AND " + NOT_HELPER),
                    "item_00001 was copied: its key");
            assertEquals(0, target.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE "
                    + "CONSTRAINT_TYPE = 'FOREIGN KEY'"), "foreign keys wait for finalize");
            long logMark = java.nio.file.Files.size(migratedb.config.Home.logs().resolve("migration.log"));

            MigrateDbHarness.Result resumed = h.run("resume");

            assertEquals(0, resumed.exitCode(), resumed.all());
            SourceFaultTest.assertCompletedAndVerified(resumed);
            assertEquals(tables, target.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE "
                    + "CONSTRAINT_TYPE = 'UNIQUE' AND " + NOT_HELPER), "every table's unique key, once");
            assertEquals(tables, target.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE "
                    + "CONSTRAINT_TYPE = 'FOREIGN KEY'"), "every table's foreign key, once");
            String log = java.nio.file.Files.readString(migratedb.config.Home.logs().resolve("migration.log"))
                    .substring((int) logMark);
            assertTrue(log.contains("Planning " + left + " of " + planned + " tables in "),
                    "only the tables with chunks left are planned again: " + log.lines()
                            .filter(l -> l.contains("Planning")).toList());
            try (Connection s = TestPostgres.connect(source); Connection t = target.connect()) {
                for (String table : ManyTablesFixture.tableNames(tables)) {
                    Fixtures.assertSameRows(table, Fixtures.rows(s, ManyTablesFixture.select("public", table)),
                            Fixtures.rows(t, ManyTablesFixture.select("dbo", table)));
                }
            }
        }
    }

    /** Leaves out the stand-in's helper constraints ({@code <key>$cmp}), which compare text keys as SQL Server does. */
    private static final String NOT_HELPER = "CONSTRAINT_NAME NOT LIKE '%$cmp'";

    /** Chunks of every table the target records as committed (0 before the run-state tables exist). */
    private static long doneChunks(Connection target) {
        try (java.sql.Statement st = target.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM dbo.migratedb_chunk WHERE status = 'done'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }

    /**
     * Terminates one of MigrateDB's worker sessions (not the session that exported the snapshot): it serves chunk
     * after chunk, so it is busy with a chunk or idle in its transaction between two.
     */
    private static int terminateOneWorkerSession(String source) throws Exception {
        try (Connection c = DriverManager.getConnection(Fixtures.maintenanceUrl(source), "postgres", "");
             PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     + "WHERE datname = ? AND application_name = 'MigrateDB' AND pid <> pg_backend_pid() "
                     + "AND query NOT LIKE 'SELECT pg_export_snapshot()%' ORDER BY pid LIMIT 1")) {
            ps.setString(1, Fixtures.databaseName(source));
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n += rs.getBoolean(1) ? 1 : 0;
                }
            }
            return n;
        }
    }
}
