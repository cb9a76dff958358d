package migratedb.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import migratedb.cli.ConsoleRuns;
import migratedb.config.Home;
import migratedb.config.Settings;
import migratedb.demo.DemoDatabase;
import migratedb.it.TestPostgres;
import migratedb.ops.RunLock;
import migratedb.sink.TargetConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The console's Migrate, Cancel and Resume on the real pipeline (the command line's own run, in its own Camel Main
 * beside the console's context): a Cancel during the copy stops the run the way Ctrl-C does and releases what it
 * held (the run lock, the source's connections) while the console keeps serving; Resume then finishes with every
 * table verified.
 */
class ConsoleMigrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private WebConsole console;

    @AfterEach
    void stop() throws Exception {
        if (console != null) {
            console.stopRun("the test ends", 20_000);
            console.close();
        }
    }

    @Test
    void cancelDuringTheCopyStopsTheRunAndReleasesItsHoldThenResumeVerifiesEveryTable() throws Exception {
        String source = TestPostgres.newDatabase("console_cancel");
        try (Connection c = TestPostgres.connect(source)) {
            DemoDatabase.loadSample(c, 30_000);
        }
        Path config = dir.resolve("database_params.conf");
        Files.writeString(config, "target.url=jdbc:h2:file:" + dir.resolve("passtrix")
                + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE\ntarget.user=sa\nsource.url=" + source
                + "\nsource.user=postgres\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Path tunables = dir.resolve("migration.properties");
        Files.writeString(tunables, "migration.excludedTables=public.personal_passwords\n"
                + "assess.notCredential=public.accounts.password\ncopy.chunkRows=2000\ncopy.batchSize=500\n"
                + "copy.parallelTables=1\ncopy.throttle.rowsPerSecond=2000\n");
        console = WebConsole.start(0, config, tunables, Settings.keyFile(), Map.of(), new ConsoleRuns());
        ConsoleHttp http = new ConsoleHttp(console.port());
        String[] auth = {ConsoleAccess.TOKEN_HEADER, console.token()};

        ConsoleHttp.Response started = http.postJson("/api/migrate", "{}", auth);
        assertEquals(202, started.status(), started.text());
        JsonNode copying = await(http, auth, st -> st.get("overall").get("copied").asLong() > 0);
        String runId = copying.get("runId").asText();
        assertEquals("active", stage(copying, "copy"), copying.get("stages").toString());

        assertEquals(202, http.postJson("/api/cancel", null, auth).status());
        JsonNode stopped = await(http, auth, st -> !"running".equals(st.get("state").asText()));
        assertEquals("interrupted", stopped.get("state").asText(), stopped.toString());
        assertEquals(runId, stopped.get("runId").asText());
        assertEquals("stopped", stage(stopped, "copy"), stopped.get("stages").toString());
        assertTrue(stopped.get("overall").get("copied").asLong() < 30_000, "stopped before the end");
        JsonNode result = stopped.get("result");
        assertEquals("interrupted", result.get("status").asText(), "the report says interrupted: " + result);
        assertEquals("RUN_INTERRUPTED", result.get("failure").get("code").asText(), result.toString());
        assertTrue(result.get("next").asText().startsWith("./run.sh resume"), "what status says next: " + result);
        assertTrue(result.get("committed").size() > 0, "what the target holds so far: " + result);

        // what the run held is free again: the target's run lock, the source's connections
        Settings s = Settings.load(config, tunables, List.of(), Map.of());
        try (RunLock lock = RunLock.acquire(Home.resolve("work/locks"), TargetConnector.from(s).displayUrl(),
                "test", "test")) {
            assertNotNull(lock);
        }
        assertEquals(0, sessions(source), "no connection of the run stays open on the source");
        assertEquals(200, http.get("/api/setup", auth).status(), "the console keeps serving");

        assertEquals(202, http.postJson("/api/resume", null, auth).status());
        JsonNode done = await(http, auth, st -> !"running".equals(st.get("state").asText())
                && st.get("result") != null && st.get("result").has("runId"));
        assertEquals("completed", done.get("state").asText(), done.get("result").toString());
        assertEquals(runId, done.get("runId").asText(), "the resume continues the interrupted run");
        JsonNode tables = done.get("result").get("tables");
        assertEquals(7, tables.size());
        for (JsonNode t : tables) {
            assertTrue(t.get("verified").asBoolean(), t.toString());
            assertEquals(t.get("sourceRows").asLong(), t.get("targetRows").asLong(), t.toString());
        }
        assertEquals(0, sessions(source));
    }

    private static String stage(JsonNode status, String name) {
        for (JsonNode s : status.get("stages")) {
            if (name.equals(s.get("name").asText())) {
                return s.get("state").asText();
            }
        }
        return null;
    }

    private static long sessions(String url) throws Exception {
        String db = url.substring(url.lastIndexOf('/') + 1);
        try (Connection c = TestPostgres.connect(url.substring(0, url.lastIndexOf('/') + 1) + "postgres");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode await(ConsoleHttp http, String[] auth, java.util.function.Predicate<JsonNode> until)
            throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        JsonNode st = null;
        while (System.currentTimeMillis() < deadline) {
            st = JSON.readTree(http.get("/api/status", auth).body());
            if (until.test(st)) {
                return st;
            }
            Thread.sleep(100);
        }
        fail("not reached: " + st);
        return null;
    }
}
