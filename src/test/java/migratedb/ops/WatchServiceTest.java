package migratedb.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import migratedb.cli.RequestDispatch;
import migratedb.config.Home;
import migratedb.config.Settings;
import migratedb.demo.DemoDatabase;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file-drop trigger end to end: the watch service (a Camel Main loading the real routes/file-drop.yaml) takes
 * request files from the inbox and runs them through the same pipeline as the command line (embedded PostgreSQL
 * into an H2 file target).
 */
class WatchServiceTest {
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private Path inbox;
    private String h2Url;

    @Test
    void aDroppedRequestRunsAndMovesToDoneAndASecondOneQueuesBehindIt() throws Exception {
        String config = sampleConfig("watch1");
        try (WatchService watch = start()) {
            drop("first.request", "# nightly migration\ncommand=migrate\nconfig=" + config
                    + "\nset.copy.chunkRows=1000\n");
            drop("second.request", "command=verify\nconfig=" + config + "\n");

            JsonNode first = awaitResult(RequestInbox.DONE, "first.request");
            JsonNode second = awaitResult(RequestInbox.DONE, "second.request");

            assertEquals("completed", first.get("status").asText(), first.toString());
            assertEquals("migrate", first.get("command").asText());
            assertTrue(Files.exists(inbox.resolve(".done/first.request")));
            assertFalse(Files.exists(inbox.resolve("first.request")));
            // the second waited for the first: it verified the run the first one made
            assertEquals("completed", second.get("status").asText(), second.toString());
            assertEquals(first.get("runId").asText(), second.get("runId").asText());
            assertFalse(Instant.parse(second.get("receivedAt").asText())
                    .isBefore(Instant.parse(first.get("finishedAt").asText())));
            assertEquals(2000, count("SELECT COUNT(*) FROM dbo.users"));
            Path report = Path.of(first.get("report").asText());
            assertTrue(Files.exists(report.resolve("report.json")));
            assertTrue(Files.exists(report.resolve("report.html")));
        }
    }

    @Test
    void malformedAndForbiddenRequestsAreQuarantinedWithTheReasonAndNeverRun() throws Exception {
        String config = sampleConfig("watch2");
        try (WatchService watch = start()) {
            drop("typo.request", "comand=migrate\nconfig=" + config + "\n");
            drop("secret.request", "command=migrate\nconfig=" + config + "\nset.target.password=hunter2hunter2\n");
            drop("sql.request", "command=migrate\nconfig=" + config + "\nset.target.database=x; DROP TABLE users\n");
            drop("empty.request", "");
            drop("assess.request", "command=assess\nconfig=" + config + "\n");

            JsonNode typo = awaitResult(RequestInbox.QUARANTINE, "typo.request");
            JsonNode secret = awaitResult(RequestInbox.QUARANTINE, "secret.request");
            JsonNode sql = awaitResult(RequestInbox.QUARANTINE, "sql.request");
            JsonNode empty = awaitResult(RequestInbox.QUARANTINE, "empty.request");
            JsonNode assess = awaitResult(RequestInbox.DONE, "assess.request");

            assertEquals("REQUEST_MALFORMED", typo.get("failure").get("code").asText());
            assertEquals("quarantined", typo.get("outcome").asText(), "as docs/operations.md says");
            assertEquals("done", assess.get("outcome").asText());
            assertTrue(typo.get("failure").get("error").asText().contains("comand"), typo.toString());
            assertEquals("REQUEST_FORBIDDEN", secret.get("failure").get("code").asText());
            assertFalse(secret.toString().contains("hunter2"), "the result must not repeat the secret");
            assertEquals("REQUEST_FORBIDDEN", sql.get("failure").get("code").asText());
            assertEquals("REQUEST_PARTIAL", empty.get("failure").get("code").asText());
            assertEquals("completed", assess.get("status").asText(), "an assessment reads and never writes");
            assertTrue(Files.exists(inbox.resolve(".quarantine/typo.request")));
            // nothing was written: no table reached the target (the assessment only reads)
            assertFalse(Files.exists(dir.resolve("target-db.mv.db")) && count("SELECT COUNT(*) FROM "
                    + "INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'dbo'") > 0, "no request may have written to the target");
            String log = Files.readString(Home.logs().resolve("troubleshooting.log"));
            assertTrue(log.contains("[REQUEST_MALFORMED] run (request typo.request)"), "catalogue entry expected");
            assertFalse(log.contains("hunter2"));
        }
    }

    @Test
    void aRestartedServiceDoesNotRunADoneRequestAgain() throws Exception {
        String config = sampleConfig("watch3");
        String request = "command=migrate\nconfig=" + config + "\n";
        try (WatchService watch = start()) {
            drop("once.request", request);
            assertEquals("completed", awaitResult(RequestInbox.DONE, "once.request").get("status").asText());
        }
        Files.delete(inbox.resolve(".done/once.request.result.json"));
        long runs = count("SELECT COUNT(*) FROM dbo.migratedb_run");

        try (WatchService restarted = start()) {
            drop("once.request", request);
            JsonNode again = awaitResult(RequestInbox.QUARANTINE, "once.request");
            assertEquals("REQUEST_DUPLICATE", again.get("failure").get("code").asText(), again.toString());
        }
        assertEquals(runs, count("SELECT COUNT(*) FROM dbo.migratedb_run"), "the request must not run twice");
        assertFalse(Files.exists(inbox.resolve(".done/once.request.result.json")));
    }

    @Test
    void withDoneFilesARequestWaitsForItsDoneFile() throws Exception {
        String config = sampleConfig("watch4");
        try (WatchService watch = start(Map.of("watch.doneFile", "true"))) {
            drop("waits.request", "command=assess\nconfig=" + config + "\n");
            drop("ready.request", "command=assess\nconfig=" + config + "\n");
            drop("ready.request.done", "");

            awaitResult(RequestInbox.DONE, "ready.request");
            assertTrue(Files.exists(inbox.resolve("waits.request")), "without its .done file it must wait");
            assertFalse(Files.exists(inbox.resolve(".done/waits.request.result.json")));

            drop("waits.request.done", "");
            awaitResult(RequestInbox.DONE, "waits.request");
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The same name dropped again: the earlier request and its result are kept beside the new ones, not replaced. */
    @Test
    void aRequestDroppedAgainUnderTheSameNameKeepsTheEarlierOneAndItsResult() throws Exception {
        try (WatchService watch = start()) {
            drop("again.request", "command=migrate\nfirst=1\n");
            JsonNode first = awaitResult(RequestInbox.QUARANTINE, "again.request");
            assertTrue(first.get("failure").get("error").asText().contains("first"), first.toString());

            drop("again.request", "command=migrate\nsecond=2\n");
            Path folder = inbox.resolve(RequestInbox.QUARANTINE);
            Instant deadline = Instant.now().plus(DEADLINE);
            List<Path> archived = List.of();
            while (archived.size() < 2 || !Files.exists(folder.resolve("again.request"))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the earlier request was not kept; inbox holds " + listing());
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // poll interval, not a timing assumption
                try (var files = Files.list(folder)) {
                    archived = files.filter(f -> f.getFileName().toString().matches("again\\.request\\.\\d{8}-.*"))
                            .toList();
                }
            }
            String kept = Files.readString(archived.stream().filter(f -> !f.toString().endsWith(".json"))
                    .findFirst().orElseThrow());
            assertTrue(kept.contains("first=1"), "the earlier request is kept: " + kept);
            JsonNode latest = awaitResult(RequestInbox.QUARANTINE, "again.request");
            assertTrue(latest.get("failure").get("error").asText().contains("second"), latest.toString());
        }
    }

    private WatchService start() throws Exception {
        return start(Map.of());
    }

    private WatchService start(Map<String, String> more) throws Exception {
        inbox = dir.resolve("inbox");
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "watch.inbox", inbox.toString(),
                "watch.routesDir", Path.of("routes").toAbsolutePath().toString(),
                "watch.readLockMinAgeMs", "100",
                "watch.pollDelayMs", "100",
                "paths.work", dir.resolve("work").toString()));
        values.putAll(more);
        Settings s = Settings.of(values);
        WatchService w = new WatchService(s, new RequestDispatch(System.out));
        w.start();
        return w;
    }

    /** A fresh source with the sample and a config file for it inside conf/ (where requests may point). */
    private String sampleConfig(String prefix) throws Exception {
        String source = TestPostgres.newDatabase(prefix);
        try (Connection c = TestPostgres.connect(source)) {
            DemoDatabase.loadSample(c, 2_000);
        }
        h2Url = "jdbc:h2:file:" + dir.resolve("target-db") + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE";
        String name = "conf/" + prefix + "-" + UUID.randomUUID() + ".conf";
        Path conf = Home.resolve(name);
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "source.url=" + source + "\nsource.user=postgres\ntarget.url=" + h2Url
                + "\ntarget.user=sa\nmigration.excludedTables=public.personal_passwords\n"
                + "migration.protectedColumns=public.accounts.password\n");
        return name;
    }

    /** Writes the request beside the inbox, then moves it in: the way a scheduler should drop it. */
    private void drop(String name, String content) throws IOException {
        Files.createDirectories(inbox);
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, inbox.resolve(name));
    }

    private JsonNode awaitResult(String folder, String name) throws Exception {
        Path result = inbox.resolve(folder).resolve(name + ".result.json");
        Path moved = inbox.resolve(folder).resolve(name);
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!(Files.exists(result) && Files.exists(moved))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + result + " within " + DEADLINE + "; inbox holds "
                        + listing());
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // poll interval, not a timing assumption
        }
        return new ObjectMapper().readTree(result.toFile());
    }

    private String listing() throws IOException {
        try (var files = Files.walk(inbox)) {
            return files.map(inbox::relativize).map(Path::toString).toList().toString();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(h2Url + ";CASE_INSENSITIVE_IDENTIFIERS=TRUE", "sa", "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
