package migratedb.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.config.Home;
import migratedb.it.MigrateDbHarness;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on the target side: the stand-in runs as a TCP server (H2 in MSSQLServer mode) reached through a TCP
 * proxy, so connections really break and the server really stops, while MigrateDB copies.
 */
@Tag("reliability-slow")
class TargetFaultTest {
    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static ExecutorService background;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBackground() {
        background = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void awaitBackgroundRun() throws Exception {
        background.submit(() -> { }).get(5, TimeUnit.MINUTES);
    }

    @AfterAll
    static void stopBackground() {
        background.shutdownNow();
    }

    private MigrateDbHarness harness(String source, String targetUrl) {
        return new MigrateDbHarness(dir, source)
                .set("target.url", targetUrl)
                .set("copy.chunkRows", "5000")
                .set("copy.batchSize", "500")
                .set("copy.throttle.batchesPerSecond", "12")
                .set("copy.parallelTables", "1")
                .set("copy.retry.initialDelayMs", "200");
    }

    private static String loadedSource(String prefix) throws Exception {
        String source = TestPostgres.newDatabase(prefix);
        try (Connection c = TestPostgres.connect(source)) {
            Fixtures.load(c);
        }
        return source;
    }

    /**
     * Fault 3: every target connection is cut while a chunk is being written; the chunk is redone. (A failure inside
     * a chunk's batch split is redelivered because chunk-attempt closes in doCatch and rethrows, not in doFinally.)
     */
    @Test
    void aTargetConnectionCutMidChunkRollsTheChunkBackAndItIsRedoneOnce() throws Exception {
        String source = loadedSource("fault_cut_target");
        try (H2TcpTarget target = new H2TcpTarget(dir.resolve("h2"));
             TcpProxy proxy = new TcpProxy("127.0.0.1", target.port())) {
            MigrateDbHarness h = harness(source, target.url(proxy.port()));
            long mark = Fixtures.troubleshootingMark();

            Future<MigrateDbHarness.Result> run = background.submit(() -> h.run("migrate"));
            try (Connection watch = target.connect()) {
                Fixtures.await(LIMIT, "a chunk of events is committed",
                        () -> Fixtures.doneChunks(watch, "public.events") >= 1);
                Fixtures.await(LIMIT, "a chunk is being written (uncommitted rows in a session)",
                        () -> uncommittedSessions(watch) > 0);
                proxy.cutAll();
            }
            MigrateDbHarness.Result r = run.get(LIMIT.toSeconds(), TimeUnit.SECONDS);

            assertEquals(0, r.exitCode(), r.all());
            SourceFaultTest.assertCompletedAndVerified(r);
            try (Connection s = TestPostgres.connect(source); Connection t = target.connect()) {
                Fixtures.assertNothingLostNothingDuplicated(s, t);
                assertEquals(0, target.count("SELECT COUNT(*) FROM (SELECT chunk_no FROM dbo.migratedb_chunk "
                        + "GROUP BY run_id, table_name, chunk_no HAVING COUNT(*) > 1) d"), "one checkpoint per chunk");
                assertTrue(target.count("SELECT MAX(attempts) FROM dbo.migratedb_chunk") >= 2,
                        "the chunk whose connection was cut was redelivered");
            }
            assertEquals(Set.of(), Fixtures.troubleshootingCodesSince(mark), "a cured fault is no failure");
        }
    }

    /** Fault 4: the target server stops mid-run (its database closed, open work lost) and comes back; resume. */
    @Test
    void theTargetServerStoppedMidRunFailsCleanlyAndResumeCompletesAfterItIsBack() throws Exception {
        String source = loadedSource("fault_stop_target");
        try (H2TcpTarget target = new H2TcpTarget(dir.resolve("h2"))) {
            MigrateDbHarness h = harness(source, target.url()).set("copy.retry.maxAttempts", "2")
                    .set("copy.retry.initialDelayMs", "100");
            long mark = Fixtures.troubleshootingMark();

            Future<MigrateDbHarness.Result> run = background.submit(() -> h.run("migrate"));
            long committedBefore;
            try (Connection watch = target.connect()) {
                Fixtures.await(LIMIT, "a chunk of events is committed",
                        () -> Fixtures.doneChunks(watch, "public.events") >= 1);
                committedBefore = Fixtures.doneChunks(watch, "public.events");
            }
            target.stop();
            MigrateDbHarness.Result failed = run.get(LIMIT.toSeconds(), TimeUnit.SECONDS);

            assertEquals(1, failed.exitCode(), failed.all());
            Fixtures.assertNoStackTrace(failed.all());
            assertEquals(Set.of("TRANSIENT_EXHAUSTED"), Fixtures.troubleshootingCodesSince(mark));

            target.startAgain();
            try (Connection watch = target.connect()) {
                assertTrue(Fixtures.doneChunks(watch, "public.events") >= committedBefore,
                        "chunks committed before the stop survive it");
            }
            MigrateDbHarness.Result resumed = h.run("resume");

            assertEquals(0, resumed.exitCode(), resumed.all());
            SourceFaultTest.assertCompletedAndVerified(resumed);
            try (Connection s = TestPostgres.connect(source); Connection t = target.connect()) {
                Fixtures.assertNothingLostNothingDuplicated(s, t);
            }
        }
    }

    /** Four chunks of 5,000 items, each with one amount the target refuses (DECIMAL(38,10) holds no 10^30). */
    private static String itemsWithOneRefusedRowPerChunk() throws Exception {
        String source = TestPostgres.newDatabase("fault_doubt");
        TestPostgres.execute(source, "CREATE TABLE items (id bigint PRIMARY KEY, amount numeric)");
        TestPostgres.execute(source, "INSERT INTO items SELECT g, g * 1.25 FROM generate_series(1, 20000) g");
        TestPostgres.execute(source, "UPDATE items SET amount = 1e30 WHERE id IN (2500, 7500, 12500, 17500)");
        TestPostgres.execute(source, "ANALYZE");
        return source;
    }

    /** What a test checks once the migration with a commit in doubt has ended. */
    private interface DoubtChecks {
        void check(MigrateDbHarness.Result r, String source, H2TcpTarget target) throws Exception;
    }

    /**
     * Migrates {@link #itemsWithOneRefusedRowPerChunk} (refused rows skipped up to {@code rejectMax}) through a proxy
     * that loses the reply to chunk 2's commit, one chunk at a time so chunk 2 is the second chunk committed.
     */
    private void migrateWithChunkTwoCommitInDoubt(int rejectMax, DoubtChecks checks) throws Exception {
        String source = itemsWithOneRefusedRowPerChunk();
        try (H2TcpTarget target = new H2TcpTarget(dir.resolve("h2"));
             TcpProxy proxy = new TcpProxy("127.0.0.1", target.port())) {
            // a chunk connection sends the checkpoint's UPDATE ... SET status = 'done' before its commit
            proxy.loseTheReplyToCommit(2, "SET status = 'done'");
            MigrateDbHarness h = new MigrateDbHarness(dir, source)
                    .set("target.url", target.url(proxy.port()))
                    .set("copy.chunkRows", "5000")
                    .set("copy.parallelTables", "1")
                    .set("copy.retry.initialDelayMs", "100")
                    .set("copy.rejectPolicy", "skip")
                    .set("copy.rejectMaxPerTable", String.valueOf(rejectMax))
                    // the assessment would stop these values before the copy; allowed to reach the copy's defence
                    .set("assess.allow", "numeric-overflow");

            MigrateDbHarness.Result r = h.run("migrate");

            assertTrue(proxy.commitLeftInDoubt(), "the fault was injected");
            checks.check(r, source, target);
        }
    }

    /**
     * Fault 8: the commit of chunk 2 reaches the target and is executed, but its reply is lost with the connection.
     * The redelivered attempt finds the chunk committed and copies nothing again; the row that commit refused is
     * listed once, and counts reconcile.
     */
    @Test
    void aCommitWhoseReplyIsLostIsFoundCommittedAndNeverCopiedTwice() throws Exception {
        migrateWithChunkTwoCommitInDoubt(4, (r, source, target) -> {
            assertEquals(0, r.exitCode(), r.all());
            JsonNode items = report(r).get("tables").get(0);
            assertEquals(20_000, items.get("rowsRead").asLong(), items.toString());
            assertEquals(19_996, items.get("rowsWritten").asLong(), items.toString());
            assertEquals(4, items.get("rowsRejected").asLong(), items.toString());
            assertTrue(items.get("verified").asBoolean(), items.toString());
            try (Connection s = TestPostgres.connect(source); Connection t = target.connect()) {
                Fixtures.assertSameRows("items",
                        Fixtures.rows(s, "SELECT id, amount FROM public.items WHERE amount < 1e20"),
                        Fixtures.rows(t, "SELECT id, amount FROM dbo.items"));
            }
            assertEquals(0, target.count("SELECT COUNT(*) FROM (SELECT chunk_no FROM dbo.migratedb_chunk "
                    + "GROUP BY run_id, table_name, chunk_no HAVING COUNT(*) > 1) d"), "one checkpoint per chunk");
            assertEquals(1, target.count("SELECT attempts FROM dbo.migratedb_chunk WHERE chunk_no = 2"),
                    "chunk 2 was committed by its first attempt");
            List<String> rejects = Files.readAllLines(Home.resolve("reports").resolve(report(r).get("runId").asText())
                    .resolve("rejects").resolve("public.items.csv"), StandardCharsets.UTF_8);
            assertEquals(List.of("12500", "17500", "2500", "7500"), rejects.subList(1, rejects.size()).stream()
                    .map(l -> l.substring(1, l.indexOf('"', 1))).sorted().toList(), "each refused row once");
        });
    }

    /** The rows refused by a commit in doubt count against copy.rejectMaxPerTable like any others. */
    @Test
    void theRowsRefusedByACommitInDoubtCountAgainstTheRejectMaximum() throws Exception {
        migrateWithChunkTwoCommitInDoubt(3, (r, source, target) -> {
            assertEquals(1, r.exitCode(), r.all());
            JsonNode failure = report(r).get("failure");
            assertEquals("TOO_MANY_REJECTS", failure.get("code").asText(), failure.toString());
            assertTrue(failure.get("error").asText().contains("has 4 refused rows, more than copy.rejectMaxPerTable=3"),
                    failure.toString());
        });
    }

    private static JsonNode report(MigrateDbHarness.Result r) throws Exception {
        return MigrateDbHarness.report(r.out());
    }

    /** Sessions of the target holding uncommitted changes: a chunk in the middle of being written. */
    static long uncommittedSessions(Connection watch) throws Exception {
        try (Statement st = watch.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE CONTAINS_UNCOMMITTED")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
