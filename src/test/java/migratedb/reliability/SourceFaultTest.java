package migratedb.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.it.MigrateDbHarness;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on the source side, injected into a real PostgreSQL while MigrateDB (the CLI, Camel Main inside) copies:
 * a reader's backend terminated, the whole server stopped (fast shutdown) and started again, and the network to
 * it stalled. Each run ends with every source row in the target exactly once.
 */
@Tag("reliability-slow")
class SourceFaultTest {
    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static ExecutorService background;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBackground() {
        background = Executors.newSingleThreadExecutor();
    }

    /** A failed test must not leave its run going into the next test's folders. */
    @AfterEach
    void awaitBackgroundRun() throws Exception {
        background.submit(() -> { }).get(5, TimeUnit.MINUTES);
        for (Connection c : observers) {
            c.close();
        }
    }

    @AfterAll
    static void stopBackground() {
        background.shutdownNow();
    }

    /** Slow enough (throttled batches) that a fault lands in the middle of the events table. */
    private MigrateDbHarness slowHarness(String sourceUrl) {
        return new MigrateDbHarness(dir, sourceUrl)
                .set("copy.chunkRows", "5000")
                .set("copy.batchSize", "500")
                .set("copy.throttle.batchesPerSecond", "12")
                .set("copy.parallelTables", "1")
                .set("copy.retry.initialDelayMs", "200");
    }

    /** Fault 1: pg_terminate_backend on the reader of the table being copied. */
    @Test
    void aReaderBackendTerminatedMidTableIsRedeliveredAndTheRunCompletesWithEveryRowOnce() throws Exception {
        String source = TestPostgres.newDatabase("fault_kill_reader");
        try (Connection c = TestPostgres.connect(source)) {
            Fixtures.load(c);
        }
        MigrateDbHarness h = slowHarness(source);
        long mark = Fixtures.troubleshootingMark();

        Connection watch = observe(h);
        Future<MigrateDbHarness.Result> run = background.submit(() -> h.run("migrate"));
        Fixtures.await(LIMIT, "a chunk of events is committed", () -> Fixtures.doneChunks(watch, "public.events") >= 1);
        int[] killed = new int[1];
        Fixtures.await(LIMIT, "a reader of events was terminated", () -> (killed[0] += terminateReaders(
                Fixtures.maintenanceUrl(source), Fixtures.databaseName(source), "events")) > 0);
        MigrateDbHarness.Result r = run.get(LIMIT.toSeconds(), TimeUnit.SECONDS);

        assertEquals(0, r.exitCode(), r.all());
        assertCompletedAndVerified(r);
        try (Connection s = TestPostgres.connect(source); Connection t = h.target()) {
            Fixtures.assertNothingLostNothingDuplicated(s, t);
        }
        assertEquals(Set.of(), Fixtures.troubleshootingCodesSince(mark), "a cured fault is no failure");
    }

    /** Fault 2a: the source server stops (fast shutdown) mid-run and is back within the retry budget. */
    @Test
    void theSourceServerStoppedAndStartedAgainMidRunIsRetriedWithinTheBudgetAndTheRunCompletes() throws Exception {
        try (StoppablePostgres pg = StoppablePostgres.start(dir.resolve("pg"))) {
            String source = pg.createDatabase("fault_restart");
            try (Connection c = pg.connect("fault_restart")) {
                Fixtures.load(c);
            }
            // budget: 8 redeliveries, 0.2 s doubling to at most 3 s, about 17 s in all
            MigrateDbHarness h = slowHarness(source).set("copy.retry.maxAttempts", "8")
                    .set("copy.retry.maxDelayMs", "3000");
            long mark = Fixtures.troubleshootingMark();

            Connection watch = observe(h);
            Future<MigrateDbHarness.Result> run = background.submit(() -> h.run("migrate"));
            Fixtures.await(LIMIT, "a chunk of events is committed", () -> Fixtures.doneChunks(watch, "public.events") >= 1);
            pg.stopFast();
            pg.startAgain();
            MigrateDbHarness.Result r = run.get(LIMIT.toSeconds(), TimeUnit.SECONDS);

            assertEquals(0, r.exitCode(), r.all());
            assertCompletedAndVerified(r);
            try (Connection s = pg.connect("fault_restart"); Connection t = h.target()) {
                Fixtures.assertNothingLostNothingDuplicated(s, t);
            }
            assertEquals(Set.of(), Fixtures.troubleshootingCodesSince(mark), "a cured fault is no failure");
        }
    }

    /** Fault 2b: the source stays down longer than the retry budget: a clean failure, then resume completes. */
    @Test
    void theSourceServerDownLongerThanTheBudgetFailsCleanlyAndResumeCompletes() throws Exception {
        try (StoppablePostgres pg = StoppablePostgres.start(dir.resolve("pg"))) {
            String source = pg.createDatabase("fault_down");
            try (Connection c = pg.connect("fault_down")) {
                Fixtures.load(c);
            }
            MigrateDbHarness h = slowHarness(source).set("copy.retry.maxAttempts", "2")
                    .set("copy.retry.initialDelayMs", "100");
            long mark = Fixtures.troubleshootingMark();

            Connection watch = observe(h);
            Future<MigrateDbHarness.Result> run = background.submit(() -> h.run("migrate"));
            Fixtures.await(LIMIT, "a chunk of events is committed", () -> Fixtures.doneChunks(watch, "public.events") >= 1);
            pg.stopFast();
            MigrateDbHarness.Result failed = run.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            long committed = Fixtures.doneChunks(watch, "public.events");

            assertEquals(1, failed.exitCode(), failed.all());
            Fixtures.assertNoStackTrace(failed.all());
            assertEquals(Set.of("TRANSIENT_EXHAUSTED"), Fixtures.troubleshootingCodesSince(mark));
            assertTrue(committed >= 1, "committed chunks stay");

            pg.startAgain();
            MigrateDbHarness.Result resumed = h.run("resume");

            assertEquals(0, resumed.exitCode(), resumed.all());
            assertCompletedAndVerified(resumed);
            try (Connection s = pg.connect("fault_down"); Connection t = h.target()) {
                Fixtures.assertNothingLostNothingDuplicated(s, t);
            }
        }
    }

    /**
     * Fault 7 (source): the network to PostgreSQL stops forwarding mid-table. The socket timeout fires (not a hang),
     * the chunk is redelivered on a new connection, and once the network is back the run completes exactly.
     */
    @Test
    void aStalledSourceNetworkTimesOutWithinTheLimitAndTheRedeliveredChunkCompletesTheRun() throws Exception {
        String direct = TestPostgres.newDatabase("fault_stall");
        try (Connection c = TestPostgres.connect(direct)) {
            Fixtures.load(c);
        }
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", TestPostgres.port())) {
            String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + Fixtures.databaseName(direct);
            MigrateDbHarness h = slowHarness(viaProxy).set("source.socketTimeoutSeconds", "3")
                    .set("copy.retry.maxAttempts", "8").set("copy.retry.maxDelayMs", "2000");
            long mark = Fixtures.troubleshootingMark();

            Connection watch = observe(h);
            Future<MigrateDbHarness.Result> run = background.submit(() -> h.run("migrate"));
            Fixtures.await(LIMIT, "a chunk of events is committed", () -> Fixtures.doneChunks(watch, "public.events") >= 1);
            int before = proxy.accepted();
            proxy.stall();
            // the stalled reader must give up by itself and reconnect: a new connection reaches the proxy
            Fixtures.await(Duration.ofSeconds(30), "MigrateDB opens a new source connection after the timeout",
                    () -> proxy.accepted() > before);
            proxy.heal();
            MigrateDbHarness.Result r = run.get(LIMIT.toSeconds(), TimeUnit.SECONDS);

            assertEquals(0, r.exitCode(), r.all());
            assertCompletedAndVerified(r);
            try (Connection s = TestPostgres.connect(direct); Connection t = h.target()) {
                Fixtures.assertNothingLostNothingDuplicated(s, t);
            }
            assertEquals(Set.of(), Fixtures.troubleshootingCodesSince(mark), "a cured fault is no failure");
        }
    }

    /** Fault 7 (source), permanent: the stall outlasts the retry budget; the run fails within its limits. */
    @Test
    void aSourceNetworkThatStaysStalledEndsTheRunWithATimeoutFailureNotAHang() throws Exception {
        String direct = TestPostgres.newDatabase("fault_stall_forever");
        try (Connection c = TestPostgres.connect(direct)) {
            Fixtures.load(c);
        }
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", TestPostgres.port())) {
            String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + Fixtures.databaseName(direct);
            MigrateDbHarness h = slowHarness(viaProxy).set("source.socketTimeoutSeconds", "2")
                    .set("copy.retry.maxAttempts", "1").set("copy.retry.initialDelayMs", "100");
            long mark = Fixtures.troubleshootingMark();

            Connection watch = observe(h);
            Future<MigrateDbHarness.Result> run = background.submit(() -> h.run("migrate"));
            Fixtures.await(LIMIT, "a chunk of events is committed", () -> Fixtures.doneChunks(watch, "public.events") >= 1);
            proxy.stall();
            // 2 attempts x (2 s read timeout + at most 2 s login timeout) + backoff: far below this bound
            MigrateDbHarness.Result failed = run.get(60, TimeUnit.SECONDS);

            assertNotEquals(0, failed.exitCode(), failed.all());
            assertEquals(Set.of("TRANSIENT_EXHAUSTED"), Fixtures.troubleshootingCodesSince(mark));
            proxy.heal();
            MigrateDbHarness.Result resumed = h.run("resume");
            assertEquals(0, resumed.exitCode(), resumed.all());
            try (Connection s = TestPostgres.connect(direct); Connection t = h.target()) {
                Fixtures.assertNothingLostNothingDuplicated(s, t);
            }
        }
    }

    private final java.util.List<Connection> observers = new java.util.ArrayList<>();

    /**
     * The test's view of the target, opened before the run and held open: H2 (the stand-in, embedded in this JVM)
     * can hand a connection opened while another closes the database the wrong compatibility mode, so the test
     * never opens and closes connections beside MigrateDB's.
     */
    private Connection observe(MigrateDbHarness h) throws Exception {
        Connection c = h.target();
        observers.add(c);
        return c;
    }


    static void assertCompletedAndVerified(MigrateDbHarness.Result r) throws Exception {
        JsonNode report = MigrateDbHarness.report(r.out());
        assertEquals("completed", report.get("status").asText(), report.toString());
        for (JsonNode t : report.get("tables")) {
            assertTrue(t.get("verified").asBoolean(), t.toString());
            assertEquals(t.get("sourceRows").asLong(), t.get("targetRows").asLong(), t.toString());
        }
    }

    /** Terminates MigrateDB's sessions on the database that last read the given table; returns how many. */
    static int terminateReaders(String maintenanceUrl, String database, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(maintenanceUrl, "postgres", "");
             PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     + "WHERE datname = ? AND application_name = 'MigrateDB' AND pid <> pg_backend_pid() "
                     + "AND query LIKE ? AND query NOT LIKE '%count(%' AND query NOT LIKE '%COUNT(%'")) {
            ps.setString(1, database);
            ps.setString(2, "%" + table + "%");
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
