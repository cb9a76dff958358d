package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.config.Home;
import migratedb.demo.DemoDatabase;
import migratedb.ops.RunLock;
import migratedb.sink.TargetConnector;
import migratedb.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The refusals that keep a migration from running while it would be unsafe, through the CLI and Camel Main: the
 * application's lock file (present, or stale), other sessions on the source, another run on the same target. Each
 * refusal writes its catalogue entry to logs/troubleshooting.log and leaves the target untouched.
 */
class OperatingSafetyTest {
    @TempDir
    Path dir;

    @Test
    void anApplicationLockFileStopsTheRunWithTheProductDocumentsMessage() throws Exception {
        Path lock = dir.resolve(".lock");
        Files.writeString(lock, "pid=" + ProcessHandle.current().pid() + "\n"); // a live process holds it
        MigrateDbHarness h = harness("applock").set("preflight.applicationLockFile", lock.toString());

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(1, r.exitCode(), r.all());
        JsonNode failure = MigrateDbHarness.report(r.out()).get("failure");
        assertEquals("APPLICATION_RUNNING", failure.get("code").asText());
        assertEquals("Server seems to be running. Shutdown the server and try again.", failure.get("error").asText());
        assertTrue(failure.get("solution").asText().contains(lock.toString()), failure.toString());
        assertTrue(h.targetTables().isEmpty(), "nothing may be written to the target");
        assertTrue(entryLogged("APPLICATION_RUNNING"));
    }

    @Test
    void aStaleApplicationLockSaysItsProcessIsGoneAndHowToClearIt() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path lock = dir.resolve(".lock");
        Files.writeString(lock, gone.pid() + "\n");
        MigrateDbHarness h = harness("stalelock").set("preflight.applicationLockFile", lock.toString());

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(1, r.exitCode(), r.all());
        JsonNode failure = MigrateDbHarness.report(r.out()).get("failure");
        assertEquals("APPLICATION_LOCK_STALE", failure.get("code").asText());
        assertTrue(failure.get("error").asText().contains("process " + gone.pid()), failure.toString());
        assertTrue(failure.get("solution").asText().contains("delete " + lock), failure.toString());
        assertTrue(h.targetTables().isEmpty());
        assertTrue(entryLogged("APPLICATION_LOCK_STALE"));
    }

    @Test
    void otherSessionsOnTheSourceStopTheRunAndAreListedUnlessAllowed() throws Exception {
        String source = TestPostgres.newDatabase("sessions");
        try (Connection c = TestPostgres.connect(source)) {
            DemoDatabase.loadSample(c, 500);
        }
        MigrateDbHarness h = new MigrateDbHarness(dir, source)
                .set("migration.excludedTables", "public.personal_passwords")
                .set("migration.protectedColumns", "public.accounts.password");
        try (Connection application = TestPostgres.connect(source + "?ApplicationName=AccessManagerPlus")) {
            MigrateDbHarness.Result refused = h.run("migrate");
            assertEquals(1, refused.exitCode(), refused.all());
            JsonNode failure = MigrateDbHarness.report(refused.out()).get("failure");
            assertEquals("SOURCE_IN_USE", failure.get("code").asText());
            assertTrue(failure.get("error").asText().contains("AccessManagerPlus"), failure.toString());
            assertTrue(h.targetTables().isEmpty());
            assertTrue(entryLogged("SOURCE_IN_USE"));

            MigrateDbHarness.Result allowed = h.run("migrate", "--set", "preflight.allowSourceSessions=true");
            assertEquals(0, allowed.exitCode(), allowed.all());
        }
    }

    @Test
    void aSecondRunOnTheSameTargetIsRefusedWhileTheFirstHoldsTheRunLock() throws Exception {
        MigrateDbHarness h = harness("runlock");
        String target = TargetConnector.from(Settings.of(Map.of("target.url", h.h2Url(), "target.user", "sa")))
                .displayUrl();
        try (RunLock held = RunLock.acquire(Home.resolve("work").resolve("locks"), target, "the-first-run",
                "migrate")) {
            MigrateDbHarness.Result r = h.run("migrate");
            assertEquals(2, r.exitCode(), r.all());
            assertTrue(r.err().contains("the-first-run"), r.err());
            assertTrue(entryLogged("RUN_IN_PROGRESS"));
            assertFalse(Files.exists(dir.resolve("target-db.mv.db")), "the refused run must not touch the target");
        }
    }

    private MigrateDbHarness harness(String prefix) {
        return new MigrateDbHarness(dir, TestPostgres.newDatabase(prefix));
    }

    private static boolean entryLogged(String code) throws Exception {
        return Files.readString(Home.logs().resolve("troubleshooting.log")).contains("[" + code + "]");
    }
}
