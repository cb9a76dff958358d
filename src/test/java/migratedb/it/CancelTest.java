package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.lifecycle.ActiveRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stop a long-lived process (the console) asks for: its run is interrupted exactly as by Ctrl-C — no new
 * chunk, the chunk in flight rolled back, the report interrupted — while the process goes on and its next run
 * (a resume) completes. A stop that comes before the copy leaves nothing to resume and says so.
 */
class CancelTest {
    @TempDir
    Path dir;

    @Test
    void cancelInterruptsTheRunAndTheSameProcessResumesItToTheEnd() throws Exception {
        String source = source("cancel");
        MigrateDbHarness h = new MigrateDbHarness(dir, source).set("copy.chunkRows", "2000")
                .set("copy.batchSize", "500").set("copy.throttle.batchesPerSecond", "10")
                .set("copy.parallelTables", "1");
        ActiveRuns runs = new ActiveRuns();
        MigrateDbHarness.Result r;
        // the test's session opens the embedded target first, with the settings MigrateDB's sessions use
        try (Connection watch = h.target()) {
            CompletableFuture<MigrateDbHarness.Result> migrate = CompletableFuture.supplyAsync(
                    () -> h.run(runs, "migrate"));
            await(() -> doneChunks(watch) >= 2 || migrate.isDone());

            assertEquals(1, runs.stopAll("Cancel in the console").size(), "one run was in progress");

            r = migrate.get(2, TimeUnit.MINUTES);
        }
        assertEquals(130, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        assertEquals("interrupted", report.get("status").asText());
        assertTrue(report.get("failure").get("error").asText().contains("(Cancel in the console) during public.items"),
                report.get("failure").toString());
        long committed = 0;
        for (JsonNode t : report.get("committed")) {
            committed += t.get("rowsWritten").asLong();
        }
        assertEquals(h.targetCount("dbo.items"), committed, "the report says what the target holds");
        assertTrue(committed < 10_000, "the run stopped before its end");

        MigrateDbHarness.Result resumed = h.set("copy.throttle.batchesPerSecond", "0").run(runs, "resume");

        assertEquals(0, resumed.exitCode(), resumed.all());
        assertEquals(10_000, h.targetCount("dbo.items"), "every row once");
        assertEquals(report.get("runId").asText(), MigrateDbHarness.report(resumed.out()).get("runId").asText());
    }

    @Test
    void aStopBeforeTheCopyEndsTheRunAtTheNextStageAndLeavesNothingToResume() throws Exception {
        MigrateDbHarness h = new MigrateDbHarness(dir, source("cancel_early"));
        ActiveRuns runs = new ActiveRuns();
        runs.closeAll("SIGTERM"); // the process is stopping: a run that starts now stops at its first stage

        MigrateDbHarness.Result r = h.run(runs, "migrate");

        assertEquals(130, r.exitCode(), r.all());
        assertTrue(r.out().contains("was interrupted (SIGTERM) during the preflight stage, before it started to "
                + "copy. Nothing was copied; run './run.sh migrate --config " + h.configFile() + "' to start again."),
                r.out());
        assertEquals(0, h.targetTables().size(), "nothing was written to the target");
        assertEquals("interrupted", MigrateDbHarness.report(r.out()).get("status").asText());
    }

    private static String source(String prefix) throws Exception {
        String source = TestPostgres.newDatabase(prefix);
        try (Connection c = TestPostgres.connect(source); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
            st.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 10000) g");
        }
        return source;
    }

    private static long doneChunks(Connection c) {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM dbo.migratedb_chunk WHERE status = 'done'")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception notYet) {
            return 0;
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for two committed chunks");
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
