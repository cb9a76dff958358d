package migratedb.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import migratedb.it.MigrateDbHarness;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Ctrl-C in a real terminal (tmux) while MigrateDB copies: the first one stops the run within seconds — no new
 * chunk, the chunk in flight rolled back, the report and the target's run state say interrupted with what was
 * committed, exit code 130 — and never turns into retries; resume then finishes exactly. SIGTERM does the same with
 * 143. A second Ctrl-C ends the process at once, even when the clean stop cannot finish.
 */
@Tag("reliability-slow")
class TerminalStopTest {
    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static final Pattern RUN_ID = Pattern.compile("Run (\\d{8}-\\d{6}-[0-9a-f]{4}) was interrupted");

    @TempDir
    Path dir;

    @BeforeAll
    static void terminal() {
        assumeTrue(TerminalMigrateDb.available(), "tmux is not installed: the terminal tests need it");
    }

    @Test
    void ctrlCDuringTheCopyStopsTheRunReportsWhatIsCommittedAndResumeFinishesExactly() throws Exception {
        String source = source("ctrl_c");
        Path home = dir.resolve("home");
        MigrateDbHarness h = throttled(source);
        String console;
        try (TerminalMigrateDb terminal = TerminalMigrateDb.start(dir.resolve("terminal"), home, "migrate",
                "--config", h.configFile().toString())) {
            Path log = home.resolve("logs/migration.log");
            Fixtures.await(LIMIT, "two chunks of events are committed",
                    () -> committedChunks(log) >= 2 || terminal.exitCode().isPresent());
            assertTrue(terminal.alive(), "MigrateDB must still be copying: " + terminal.console());

            terminal.ctrlC();

            assertEquals(130, terminal.await(LIMIT), terminal.console());
            console = terminal.console();
        }
        String runId = runId(console);
        assertTrue(console.contains("Interrupted: Run " + runId + " was interrupted (Ctrl-C (SIGINT)) during "
                + "public.events chunk"), console);
        assertTrue(console.contains("run './run.sh resume --config " + h.configFile() + "' to continue."), console);
        assertFalse(console.contains("Retrying"), "a stop is never retried as a transient failure:\n" + console);
        Fixtures.assertNoStackTrace(console);

        JsonNode report = new ObjectMapper().readTree(home.resolve("reports").resolve(runId)
                .resolve("report.json").toFile());
        assertEquals("interrupted", report.get("status").asText(), report.toString());
        assertEquals("RUN_INTERRUPTED", report.get("failure").get("code").asText());
        JsonNode events = committed(report, "public.events");
        int done = events.get("chunksDone").asInt();
        assertTrue(done >= 2 && done < 6, "the stop came mid-copy: " + events);
        assertEquals(6, events.get("chunks").asInt(), events.toString());
        assertEquals(5000L * done, events.get("rowsWritten").asLong(), events.toString());
        try (Connection t = h.target(); Statement st = t.createStatement()) {
            assertEquals(5000L * done, count(st, "SELECT COUNT(*) FROM dbo.events"),
                    "the report says exactly what the target holds: the chunk in flight was rolled back");
            assertEquals("interrupted", text(st, "SELECT status FROM dbo.migratedb_run"));
        }
        String migrationLog = Files.readString(home.resolve("logs/migration.log"));
        assertFalse(migrationLog.contains("Retrying"), "no retry after the stop");
        assertTrue(Files.readString(home.resolve("logs/troubleshooting.log")).contains("[RUN_INTERRUPTED] run "
                + runId), "the interruption is a catalogue entry of the troubleshooting log");

        try (ChildMigrateDb resume = ChildMigrateDb.start(home, "UTC", dir.resolve("resume.out"), "resume",
                "--config", h.set("copy.throttle.batchesPerSecond", "0").configFile().toString())) {
            assertEquals(0, resume.await(LIMIT.toSeconds()), resume.console());
            assertTrue(resume.console().contains("Run " + runId + " completed: all 2 tables verified"),
                    resume.console());
        }
        try (Connection s = TestPostgres.connect(source); Connection t = h.target()) {
            Fixtures.assertNothingLostNothingDuplicated(s, t);
        }
    }

    @Test
    void sigtermStopsTheRunTheSameWayAndExitsWith143() throws Exception {
        String source = source("sigterm");
        Path home = dir.resolve("home");
        MigrateDbHarness h = throttled(source);
        String console;
        try (TerminalMigrateDb terminal = TerminalMigrateDb.start(dir.resolve("terminal"), home, "migrate",
                "--config", h.configFile().toString())) {
            Path log = home.resolve("logs/migration.log");
            Fixtures.await(LIMIT, "a chunk of events is committed",
                    () -> committedChunks(log) >= 1 || terminal.exitCode().isPresent());
            assertTrue(terminal.alive(), "MigrateDB must still be copying: " + terminal.console());

            terminal.signal("TERM");

            assertEquals(143, terminal.await(LIMIT), terminal.console());
            console = terminal.console();
        }
        String runId = runId(console);
        assertTrue(console.contains("was interrupted (SIGTERM) during"), console);
        JsonNode report = new ObjectMapper().readTree(home.resolve("reports").resolve(runId)
                .resolve("report.json").toFile());
        assertEquals("interrupted", report.get("status").asText(), report.toString());
        JsonNode events = committed(report, "public.events");
        try (Connection t = h.target(); Statement st = t.createStatement()) {
            assertEquals(events.get("rowsWritten").asLong(), count(st, "SELECT COUNT(*) FROM dbo.events"));
            assertEquals("interrupted", text(st, "SELECT status FROM dbo.migratedb_run"));
        }
    }

    @Test
    void aSecondCtrlCEndsTheProcessAtOnceWhenTheCleanStopCannotFinish() throws Exception {
        String source = source("second_ctrl_c");
        try (H2TcpTarget target = new H2TcpTarget(dir.resolve("h2"))) {
            // the target takes its time answering: a lock the test holds keeps the run's outcome from being written
            MigrateDbHarness h = throttled(source).set("target.url", target.url() + ";LOCK_TIMEOUT=600000");
            try (Connection watch = target.connect();
                 TerminalMigrateDb terminal = TerminalMigrateDb.start(dir.resolve("terminal"), dir.resolve("home"),
                         "migrate", "--config", h.configFile().toString())) {
                Fixtures.await(LIMIT, "a chunk of events is committed",
                        () -> Fixtures.doneChunks(watch, "public.events") >= 1 || terminal.exitCode().isPresent());
                watch.setAutoCommit(false);
                try (Statement st = watch.createStatement()) {
                    st.executeUpdate("UPDATE dbo.migratedb_run SET status = status");
                }
                terminal.ctrlC();
                Fixtures.await(LIMIT, "the clean stop began", () -> terminal.console().contains("Stopping after"));
                assertTrue(terminal.exitCode().isEmpty(), "the clean stop waits for the target: "
                        + terminal.console());

                terminal.ctrlC();

                assertEquals(130, terminal.await(LIMIT), terminal.console());
                assertTrue(terminal.console().contains("Ending at once (Ctrl-C (SIGINT) again)"), terminal.console());
                assertFalse(terminal.console().contains("did not stop within"), terminal.console());
                watch.rollback();
            }
        }
    }

    @Test
    void ctrlCInBundledModeAlsoStopsTheBundledPostgresqlAndResumeStartsItAgain() throws Exception {
        Path root = Files.createTempDirectory("migratedb-terminal-bundled-");
        try {
            // the bundled server runs as a non-root user, who must be able to enter the folder
            Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            migratedb.demo.DemoInstallation app = migratedb.demo.DemoInstallation.create(root, root.resolve("state"),
                    30_000);
            Path home = dir.resolve("home");
            MigrateDbHarness h = throttled("")
                    .set("source.url", "")
                    .set("source.pgHome", app.pgHome().toString())
                    .set("source.dataDir", app.dataDir().toString())
                    .set("source.database", migratedb.demo.DemoInstallation.DATABASE)
                    .set("source.password", app.password())
                    .set("paths.work", root.resolve("state").toString())
                    .set("migration.excludedTables", "public.personal_passwords")
                    .set("migration.protectedColumns", "public.accounts.password");
            Files.setPosixFilePermissions(h.configFile(),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            String console;
            try (TerminalMigrateDb terminal = TerminalMigrateDb.start(dir.resolve("terminal"), home, "migrate",
                    "--config", h.configFile().toString())) {
                Path log = home.resolve("logs/migration.log");
                Fixtures.await(LIMIT, "two chunks of the audit trail are committed",
                        () -> committedChunks(log, "public.audit_trail") >= 2 || terminal.exitCode().isPresent());
                assertTrue(postgresRunningOn(app.dataDir()), "MigrateDB started the bundled server");

                terminal.ctrlC();

                assertEquals(130, terminal.await(LIMIT), terminal.console());
                console = terminal.console();
            }
            assertTrue(console.contains("was interrupted (Ctrl-C (SIGINT))"), console);
            assertFalse(Files.exists(app.dataDir().resolve("postmaster.pid")), "the bundled server was stopped");
            assertFalse(postgresRunningOn(app.dataDir()), "no postgres process is left on the data directory");

            try (ChildMigrateDb resume = ChildMigrateDb.start(home, "UTC", dir.resolve("resume.out"), "resume",
                    "--config", h.set("copy.throttle.batchesPerSecond", "0").configFile().toString())) {
                assertEquals(0, resume.await(LIMIT.toSeconds()), resume.console());
                assertTrue(resume.console().contains("completed: all 7 tables verified"), resume.console());
            }
            assertEquals(30_000, h.targetCount("dbo.audit_trail"), "every row once, none twice");
            assertFalse(postgresRunningOn(app.dataDir()), "the resume stopped the bundled server again");
        } finally {
            try (java.util.stream.Stream<Path> all = Files.walk(root)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean postgresRunningOn(Path dataDir) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                .map(cmd -> cmd.contains("postgres") && cmd.contains(dataDir.toString())).orElse(false));
    }

    private static String source(String prefix) throws Exception {
        String source = TestPostgres.newDatabase(prefix);
        try (Connection c = TestPostgres.connect(source)) {
            Fixtures.load(c);
        }
        return source;
    }

    /** Six chunks of events, one table at a time, slow enough (5,000 rows/s) to be stopped in the middle. */
    private MigrateDbHarness throttled(String source) {
        return new MigrateDbHarness(dir, source)
                .set("copy.chunkRows", "5000")
                .set("copy.batchSize", "500")
                .set("copy.throttle.batchesPerSecond", "10")
                .set("copy.parallelTables", "1");
    }

    private static long committedChunks(Path log) throws Exception {
        return committedChunks(log, "public.events");
    }

    private static long committedChunks(Path log, String table) throws Exception {
        return Files.exists(log) ? Files.readString(log).lines()
                .filter(l -> l.contains("Committed " + table + " chunk")).count() : 0;
    }

    private static String runId(String console) {
        Matcher m = RUN_ID.matcher(console);
        assertTrue(m.find(), "the console names the interrupted run:\n" + console);
        return m.group(1);
    }

    private static JsonNode committed(JsonNode report, String table) {
        for (JsonNode t : report.get("committed")) {
            if (t.get("table").asText().equals(table)) {
                return t;
            }
        }
        throw new AssertionError("the report lists no committed chunks of " + table + ": " + report);
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
