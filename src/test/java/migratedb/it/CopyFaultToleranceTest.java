package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.config.Home;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The copy engine under real faults, end to end through the CLI: the source backend of a reader and of the
 * snapshot coordinator terminated by PostgreSQL, the whole MigrateDB process killed with SIGKILL and resumed, rows the target refuses, and a row changed in the
 * target after the copy. Every test asserts on the target's data: same rows as the source, none twice, none missing.
 * (The target's connections cut mid-chunk are TargetFaultTest's: it cuts them in a TCP proxy, as a network does.
 * Stopping H2's TCP server instead closes a session while its statement runs, and H2 2.x can then keep that one
 * row committed, which SQL Server never does.)
 */
class CopyFaultToleranceTest {
    private static final int ITEMS = 20_000;
    private static final int NOTES = 6_000;

    @TempDir
    Path dir;

    /** items: integer key (key-range chunks); notes: no key (page-range chunks). */
    private static String source() throws SQLException {
        String url = TestPostgres.newDatabase("faults");
        TestPostgres.execute(url, """
                CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, amount numeric, created timestamptz,
                                    flag boolean, payload bytea);
                INSERT INTO items SELECT g, 'item ' || g, g * 1.25,
                       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute', g %% 2 = 0,
                       decode(md5(g::text), 'hex')
                  FROM generate_series(1, %d) g;
                CREATE TABLE notes (body text NOT NULL, n int);
                INSERT INTO notes SELECT 'note ' || g, g FROM generate_series(1, %d) g;
                ANALYZE;
                """.formatted(ITEMS, NOTES));
        return url;
    }

    /** Small chunks and batches; a slow enough copy (throttled) for a fault to land in the middle of it. */
    private MigrateDbHarness harness(String source, int batchesPerSecond) {
        return new MigrateDbHarness(dir, source)
                .set("copy.chunkRows", "2000")
                .set("copy.batchSize", "500")
                .set("copy.fetchSize", "100")
                .set("copy.parallelTables", "2")
                .set("copy.retry.initialDelayMs", "100")
                .set("copy.throttle.batchesPerSecond", Integer.toString(batchesPerSecond))
                .set("preflight.allowSourceSessions", "true");
    }

    @Test
    void aCopyReaderBackendTerminatedMidTableIsRetriedAndNoRowIsCopiedTwice() throws Exception {
        String source = source();
        // COPY streams without waiting for fetches: a backend finishes sending a chunk as soon as the chunk fits
        // into the sockets' buffers (megabytes on loopback), and a kill after that loses nothing. Rows of 2 kB make
        // a chunk of 5,000 rows 10 MB, so a killed COPY reader still has most of its chunk to receive
        TestPostgres.execute(source, "ALTER TABLE items ADD COLUMN pad text; UPDATE items SET pad = repeat('x', 2000)");
        TestPostgres.execute(source, "VACUUM FULL items");
        readerKilledMidTable(source, "copy");
    }

    @Test
    void aCursorReaderBackendTerminatedMidTableIsRetriedAndNoRowIsCopiedTwice() throws Exception {
        readerKilledMidTable(source(), "cursor");
    }

    private void readerKilledMidTable(String source, String reader) throws Exception {
        // chunks far larger than the read-ahead (3 batches of 100 + 1 fetch of 100 rows), so that a killed reader
        // still has rows to fetch and its chunk must fail; up to two readers are killed, in case one had just
        // fetched its last rows
        MigrateDbHarness h = harness(source, 40).set("copy.chunkRows", "5000").set("copy.batchSize", "100")
                .set("copy.sourceReader", reader);
        CompletableFuture<MigrateDbHarness.Result> run = CompletableFuture.supplyAsync(() -> h.run("migrate"));

        int killed = 0;
        try (Connection pg = TestPostgres.connect(source)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (killed < 2 && !run.isDone() && System.nanoTime() < deadline) {
                int n = terminate(pg, "application_name = 'MigrateDB' AND query LIKE '%\"items\" WHERE \"id\" >=%'");
                killed += n;
                if (n > 0) {
                    // let the redelivery start and the next chunk run a while before the second kill
                    LockSupport.parkNanos(Duration.ofMillis(700).toNanos());
                }
                pause();
            }
        }
        MigrateDbHarness.Result r = run.get(120, TimeUnit.SECONDS);

        assertTrue(killed > 0, "a reader of items must have been terminated mid-table");
        assertCompletedWithExactData(h, r, source);
        try (Connection t = h.target()) {
            assertTrue(maxAttempts(t, "public.items") >= 2, "the chunk whose reader was killed was redelivered");
        }
        assertTrue(r.all().matches("(?s).*WARN [^\\n]*Retrying public\\.items chunk \\d+ \\[id \\d+, \\d+\\) \\(attempt 2 of 6\\) "
                + "after a transient failure: .*"), "the console says which chunk is tried again and why: " + r.all());
        assertFalse(r.all().contains("Failed delivery for"), "not Camel's exchange-id line: " + r.all());
    }

    /**
     * The session that exported the snapshot ends mid-run: the worker's session imported the snapshot when the copy
     * started and keeps reading in it, so the run completes as of the one instant. (One worker: its one session
     * exists before the kill, so no replacement is ever needed.)
     */
    @Test
    void theSnapshotCoordinatorTerminatedMidRunLeavesTheWorkersInTheSnapshotAndTheRunCompletes() throws Exception {
        String source = source();
        MigrateDbHarness h = harness(source, 8).set("copy.parallelTables", "1");
        CompletableFuture<MigrateDbHarness.Result> run = CompletableFuture.supplyAsync(() -> h.run("migrate"));

        int killed = killCoordinatorWhileItemsAreRead(source, run);
        MigrateDbHarness.Result r = run.get(120, TimeUnit.SECONDS);

        assertEquals(1, killed, "the snapshot coordinator must have been terminated");
        JsonNode report = assertCompletedWithExactData(h, r, source);
        assertFalse(report.get("warnings").toString().contains("snapshot"),
                "no session needed the snapshot again: " + report.get("warnings"));
    }

    /**
     * The exporting session ends, the source changes (a transaction), then a worker's session is lost: its
     * replacement cannot import the snapshot and no new one shows the same instant, so the run stops by name
     * (SNAPSHOT_LOST), keeping what it committed; the resume copies the rest exactly.
     */
    @Test
    void aWorkerSessionLostAfterTheSnapshotAndTheSourceChangedStopsTheRunByNameAndResumeCompletes() throws Exception {
        String source = source();
        MigrateDbHarness h = harness(source, 8).set("copy.parallelTables", "1");
        CompletableFuture<MigrateDbHarness.Result> run = CompletableFuture.supplyAsync(() -> h.run("migrate"));

        assertEquals(1, killCoordinatorWhileItemsAreRead(source, run), "the snapshot coordinator was terminated");
        TestPostgres.execute(source, "SELECT txid_current()"); // a transaction after the snapshot's instant
        int readers = 0;
        try (Connection pg = TestPostgres.connect(source)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (readers == 0 && !run.isDone() && System.nanoTime() < deadline) {
                readers = terminate(pg, "application_name = 'MigrateDB' AND query LIKE '%\"items\" WHERE \"id\" >=%'");
                pause();
            }
        }
        MigrateDbHarness.Result failed = run.get(120, TimeUnit.SECONDS);

        assertTrue(readers > 0, "the worker's session must have been terminated");
        assertEquals(1, failed.exitCode(), failed.all());
        JsonNode report = MigrateDbHarness.report(failed.out());
        assertEquals("SNAPSHOT_LOST", report.get("failure").get("code").asText(), report.get("failure").toString());

        MigrateDbHarness.Result resumed = h.set("copy.throttle.batchesPerSecond", "0").run("resume");

        assertCompletedWithExactData(h, resumed, source);
    }

    /** Waits until a chunk of items is being read (chunks remain to be opened), then ends the exporting session. */
    private static int killCoordinatorWhileItemsAreRead(String source, CompletableFuture<?> run) throws Exception {
        try (Connection pg = TestPostgres.connect(source)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!run.isDone() && System.nanoTime() < deadline && count(pg, "application_name = 'MigrateDB' "
                    + "AND query LIKE '%\"items\" WHERE \"id\" >=%'") == 0) {
                pause();
            }
            String coordinator = "application_name = 'MigrateDB' AND query LIKE 'SELECT pg_export_snapshot()%'";
            int killed = terminate(pg, coordinator);
            while (count(pg, coordinator) > 0 && System.nanoTime() < deadline) {
                pause(); // gone with its backend: the snapshot cannot be imported any more
            }
            return killed;
        }
    }

    @Test
    void aMigrationKilledWithSigkillIsResumedWithoutDuplicatesOrGaps() throws Exception {
        String source = source();
        try (H2TcpTarget server = new H2TcpTarget(dir.resolve("crash-target"))) {
            MigrateDbHarness h = harness(source, 4).set("target.url", server.url());
            Path out = dir.resolve("child.out");
            Process child = new ProcessBuilder(javaBin(), "-Xmx256m", "-Duser.timezone=UTC",
                    "-Dmigratedb.home=" + Home.dir(), "-cp", System.getProperty("java.class.path"),
                    "migratedb.cli.MigrateDbCli", "migrate", "--config", h.configFile().toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                await(Duration.ofSeconds(90), () -> doneChunksOrMinusOne(server, null) >= 3 || !child.isAlive(),
                        "three chunks committed by the child");
                assertTrue(child.isAlive(), "the child must still be copying: " + Files.readString(out));
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback from our side
                child.waitFor(30, TimeUnit.SECONDS);
            }
            int doneBeforeResume = doneChunks(server, null);
            int allChunks;
            try (Connection t = server.connect()) {
                allChunks = scalar(t, "SELECT COUNT(*) FROM dbo.migratedb_chunk");
            }
            assertTrue(doneBeforeResume < allChunks, "the crash left chunks to copy: " + doneBeforeResume + "/" + allChunks);

            MigrateDbHarness.Result r = h.set("copy.throttle.batchesPerSecond", "0").run("resume");

            JsonNode report = assertCompletedWithExactData(h, r, source, server::connect);
            try (Connection t = server.connect()) {
                assertEquals(1, scalar(t, "SELECT COUNT(*) FROM dbo.migratedb_run"), "resume continues the same run");
                assertEquals(0, scalar(t, "SELECT COUNT(*) FROM dbo.migratedb_chunk WHERE status <> 'done'"));
                assertEquals(allChunks, scalar(t, "SELECT COUNT(*) FROM dbo.migratedb_chunk"), "the plan was kept");
                assertEquals(ITEMS + NOTES, scalar(t, "SELECT SUM(rows_written) FROM dbo.migratedb_chunk"));
            }
            assertEquals("resume", report.get("command").asText());
        }
    }

    @Test
    void rowsTheTargetRefusesAreIsolatedExactlyAndCountsReconcile() throws Exception {
        String source = source();
        // numeric without precision becomes DECIMAL(38,10): 10^30 needs 41 digits, the target refuses it
        TestPostgres.execute(source, "UPDATE items SET amount = 1e30 WHERE id IN (7, 1999, 2000, 2001, 15000)");
        // the assessment stops such values before the copy; allowed here to prove the copy's own line of defence
        MigrateDbHarness h = harness(source, 0).set("copy.rejectPolicy", "skip").set("copy.rejectMaxPerTable", "5")
                .set("assess.allow", "numeric-overflow");

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        JsonNode items = table(report, "public.items");
        assertEquals(ITEMS, items.get("rowsRead").asLong());
        assertEquals(ITEMS - 5, items.get("rowsWritten").asLong());
        assertEquals(5, items.get("rowsRejected").asLong());
        assertEquals(ITEMS - 5, items.get("targetRows").asLong());
        assertTrue(items.get("verified").asBoolean(), items.toString());
        for (JsonNode t : report.get("tables")) {
            assertEquals(t.get("rowsRead").asLong(), t.get("rowsWritten").asLong() + t.get("rowsRejected").asLong(),
                    "read = written + rejected for " + t);
        }
        Path rejects = Home.resolve("reports").resolve(report.get("runId").asText()).resolve("rejects")
                .resolve("public.items.csv");
        List<String> lines = Files.readAllLines(rejects, StandardCharsets.UTF_8);
        assertEquals(6, lines.size(), "a header and exactly the five refused rows: " + lines);
        List<String> ids = lines.subList(1, 6).stream().map(l -> l.substring(1, l.indexOf('"', 1))).sorted().toList();
        assertEquals(List.of("15000", "1999", "2000", "2001", "7"), ids);
        assertTrue(lines.get(1).contains("Value too long"), "each row carries the target's error: " + lines.get(1));
        EndToEndMigrationTest.assertSameRows("items", EndToEndMigrationTest.rows(TestPostgres.connect(source),
                        "SELECT * FROM items WHERE id NOT IN (7, 1999, 2000, 2001, 15000)"),
                EndToEndMigrationTest.rows(h.target(), "SELECT * FROM dbo.items"));
    }

    @Test
    void withTheDefaultPolicyARefusedRowFailsItsChunkResumeRefusesAChangedSchemaAndCompletesOnceTheSourceIsFixed() throws Exception {
        String source = source();
        TestPostgres.execute(source, "UPDATE items SET amount = 1e30 WHERE id = 4321");
        MigrateDbHarness h = harness(source, 0).set("copy.parallelTables", "1").set("assess.allow", "numeric-overflow");

        MigrateDbHarness.Result failed = h.run("migrate");

        assertEquals(1, failed.exitCode(), failed.all());
        JsonNode report = MigrateDbHarness.report(failed.out());
        assertEquals("ROWS_REJECTED", report.get("failure").get("code").asText());
        assertTrue(report.get("failure").get("error").asText().contains("public.items chunk 3 [id 4001, 6001)"),
                report.get("failure").toString());
        try (Connection t = h.target()) {
            assertEquals(0, scalar(t, "SELECT COUNT(*) FROM dbo.items WHERE id >= 4001 AND id < 6001"),
                    "nothing of the refused chunk is in the target");
        }

        TestPostgres.execute(source, "ALTER TABLE notes ADD COLUMN extra int");
        MigrateDbHarness.Result refused = h.run("resume");
        assertTrue(refused.exitCode() != 0, refused.all());
        assertTrue(refused.all().contains("the source schema changed since the run started"),
                "resume names what changed: " + refused.all());
        TestPostgres.execute(source, "ALTER TABLE notes DROP COLUMN extra");

        // a type mapping changed in the file (not in the settings) would write another column type into the tables
        Path mappingFile = Home.resolve("conf/type-mapping.properties");
        assertFalse(Files.exists(mappingFile), "the test home has no mapping file of its own");
        Files.createDirectories(mappingFile.getParent());
        Files.writeString(mappingFile, "mapping.column.public.items.name=NVARCHAR(400)\n");
        try {
            MigrateDbHarness.Result remapped = h.run("resume");
            assertTrue(remapped.exitCode() != 0, remapped.all());
            assertTrue(remapped.all().contains("protected columns or type mappings) changed since the run started"),
                    "resume names what changed: " + remapped.all());
        } finally {
            Files.delete(mappingFile);
        }

        TestPostgres.execute(source, "UPDATE items SET amount = 4321 * 1.25 WHERE id = 4321");
        MigrateDbHarness.Result resumed = h.run("resume");

        assertCompletedWithExactData(h, resumed, source);
    }

    @Test
    void verifyNamesTheKeyRangeOfARowChangedInTheTargetAfterTheCopy() throws Exception {
        String source = source();
        MigrateDbHarness h = harness(source, 0);
        MigrateDbHarness.Result r = h.run("migrate");
        JsonNode report = assertCompletedWithExactData(h, r, source);
        assertTrue(table(report, "public.items").get("chunks").asInt() >= 10, "items is split by key ranges");
        assertTrue(table(report, "public.notes").get("chunks").asInt() >= 2, "notes (no key) is split by pages");

        try (Connection t = h.target(); Statement st = t.createStatement()) {
            st.executeUpdate("UPDATE dbo.items SET name = 'changed' WHERE id = 12345");
            st.executeUpdate("DELETE FROM dbo.notes WHERE n = 17");
        }
        MigrateDbHarness.Result v = h.run("verify");

        assertEquals(1, v.exitCode(), v.all());
        JsonNode verified = MigrateDbHarness.verification(v.out());
        JsonNode items = table(verified, "public.items");
        assertFalse(items.get("verified").asBoolean());
        assertEquals(1, items.get("mismatches").size(), items.toString());
        assertTrue(items.get("mismatches").get(0).asText().startsWith("public.items chunk 7 [id 12001, 14001)"),
                items.get("mismatches").toString());
        JsonNode notes = table(verified, "public.notes");
        assertFalse(notes.get("verified").asBoolean());
        assertTrue(notes.get("mismatches").toString().contains("public.notes"), notes.toString());
        String log = Files.readString(Home.logs().resolve("troubleshooting.log"));
        assertTrue(log.contains("[CHECKSUM_MISMATCH] run " + verified.get("runId").asText()),
                "each table that did not verify has its troubleshooting entry");
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    interface TargetConnection {
        Connection open() throws SQLException;
    }

    private static JsonNode assertCompletedWithExactData(MigrateDbHarness h, MigrateDbHarness.Result r, String source)
            throws Exception {
        return assertCompletedWithExactData(h, r, source, h::target);
    }

    /** Exit 0, every table verified, and the target's rows equal the source's, value by value. */
    private static JsonNode assertCompletedWithExactData(MigrateDbHarness h, MigrateDbHarness.Result r, String source,
                                                         TargetConnection target) throws Exception {
        assertEquals(0, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        assertEquals("completed", report.get("status").asText());
        for (JsonNode t : report.get("tables")) {
            assertTrue(t.get("verified").asBoolean(), t.toString());
            assertEquals(t.get("sourceRows").asLong(), t.get("targetRows").asLong(), t.toString());
        }
        EndToEndMigrationTest.assertSameRows("items", EndToEndMigrationTest.rows(TestPostgres.connect(source),
                "SELECT * FROM items"), EndToEndMigrationTest.rows(target.open(), "SELECT * FROM dbo.items"));
        EndToEndMigrationTest.assertSameRows("notes", EndToEndMigrationTest.rows(TestPostgres.connect(source),
                "SELECT * FROM notes"), EndToEndMigrationTest.rows(target.open(), "SELECT * FROM dbo.notes"));
        return report;
    }

    private static JsonNode table(JsonNode report, String name) {
        for (JsonNode t : report.get("tables")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no table " + name + " in the report");
    }

    /** Terminates the backends matching the condition on pg_stat_activity; returns how many. */
    private static int terminate(Connection pg, String condition) throws SQLException {
        try (Statement st = pg.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND "
                        + condition)) {
            int n = 0;
            while (rs.next()) {
                n += rs.getBoolean(1) ? 1 : 0;
            }
            return n;
        }
    }

    private static int count(Connection pg, String condition) throws SQLException {
        return scalar(pg, "SELECT COUNT(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND " + condition);
    }

    private static int scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int maxAttempts(Connection t, String table) throws SQLException {
        try (PreparedStatement ps = t.prepareStatement("SELECT MAX(attempts) FROM dbo.migratedb_chunk"
                + (table == null ? "" : " WHERE table_name = ?"))) {
            if (table != null) {
                ps.setString(1, table);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int doneChunks(H2TcpTarget server, String table) throws SQLException {
        try (Connection t = server.connect(); PreparedStatement ps = t.prepareStatement(
                "SELECT COUNT(*) FROM dbo.migratedb_chunk WHERE status = 'done'"
                        + (table == null ? "" : " AND table_name = ?"))) {
            if (table != null) {
                ps.setString(1, table);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == 42104 || e.getErrorCode() == 42102 || e.getErrorCode() == 90079) {
                return 0; // the run has not created its checkpoint tables yet
            }
            throw e;
        }
    }

    private static int doneChunksOrMinusOne(H2TcpTarget server, String table) {
        try {
            return doneChunks(server, table);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void await(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            pause();
        }
    }

    /** The pause between two polls (polling with a deadline, never a fixed wait for an outcome). */
    private static void pause() {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
