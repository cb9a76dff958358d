package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import migratedb.config.Home;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A verification never destroys the migration's evidence: it writes its own record beside the run's report and
 * lists it there, and that list is the only change to report.json. A run id that is not one, or a run the target
 * does not know, is refused and changes nothing.
 */
class VerificationRecordTest {
    @TempDir
    Path dir;

    @Test
    void verifyingTwiceAddsTwoRecordsAndLeavesTheMigrationsReportAsItWas() throws Exception {
        MigrateDbHarness h = migrated("verify_twice");
        MigrateDbHarness.Result m = h.run("migrate");
        assertEquals(0, m.exitCode(), m.all());
        String runId = MigrateDbHarness.report(m.out()).get("runId").asText();
        Path run = Home.resolve("reports").resolve(runId);
        byte[] report = Files.readAllBytes(run.resolve("report.json"));
        byte[] html = Files.readAllBytes(run.resolve("report.html"));
        byte[] schema = Files.readAllBytes(run.resolve("schema.sql"));

        MigrateDbHarness.Result first = h.run("verify", "--run", runId);
        MigrateDbHarness.Result second = h.run("verify");

        assertEquals(0, first.exitCode(), first.all());
        assertEquals(0, second.exitCode(), second.all());
        byte[] after = Files.readAllBytes(run.resolve("report.json"));
        assertArrayEquals(withoutVerifications(report), withoutVerifications(after),
                "report.json is byte-for-byte the migration's report, apart from its list of verifications");
        assertArrayEquals(html, Files.readAllBytes(run.resolve("report.html")), "report.html is not rewritten");
        assertArrayEquals(schema, Files.readAllBytes(run.resolve("schema.sql")), "schema.sql is not rewritten");

        JsonNode listed = new ObjectMapper().readTree(after).get("verifications");
        assertEquals(2, listed.size(), listed.toString());
        JsonNode firstRecord = MigrateDbHarness.verification(first.out());
        for (JsonNode v : listed) {
            assertEquals("completed", v.get("status").asText(), v.toString());
            assertEquals(2, v.get("tablesVerified").asInt(), v.toString());
            JsonNode record = new ObjectMapper().readTree(run.resolve(v.get("file").asText()).toFile());
            assertEquals("verify", record.get("command").asText());
            assertEquals(runId, record.get("runId").asText());
            assertEquals(2, record.get("tables").size());
        }
        assertEquals(runId, firstRecord.get("runId").asText());
        assertEquals("completed", new ObjectMapper().readTree(after).get("status").asText());
    }

    @Test
    void aRunIdThatIsNotOneIsRefusedAndNothingIsWritten() throws Exception {
        MigrateDbHarness h = migrated("verify_bad_id");
        List<Path> before = files(Home.dir());

        MigrateDbHarness.Result r = h.run("verify", "--run", "../../x");

        assertEquals(2, r.exitCode(), r.all());
        assertTrue(r.err().contains("'../../x' is not a MigrateDB run id"), r.err());
        assertFalse(Files.exists(Home.resolve("reports").resolve("../../x").normalize()));
        assertEquals(before, files(Home.dir()), "no file was written anywhere under the MigrateDB folder");
    }

    @Test
    void aRunTheTargetDoesNotKnowIsRefusedNamingTheTargetAndChangesNothing() throws Exception {
        String source = source("verify_wrong_target");
        MigrateDbHarness h = new MigrateDbHarness(dir, source).set("copy.chunkRows", "1000");
        MigrateDbHarness.Result m = h.run("migrate");
        assertEquals(0, m.exitCode(), m.all());
        String runId = MigrateDbHarness.report(m.out()).get("runId").asText();
        Path run = Home.resolve("reports").resolve(runId);
        List<Path> folder = files(run);
        byte[] report = Files.readAllBytes(run.resolve("report.json"));
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        // the same source, but a configuration that names another target
        MigrateDbHarness wrong = new MigrateDbHarness(other, source).set("copy.chunkRows", "1000");

        MigrateDbHarness.Result r = wrong.run("verify", "--run", runId);

        assertEquals(1, r.exitCode(), r.all());
        assertTrue(r.out().contains("No MigrateDB run " + runId + " was found in the target " + "jdbc:h2:file:"
                + other.resolve("target-db")), r.out());
        assertArrayEquals(report, Files.readAllBytes(run.resolve("report.json")), "the completed report stays");
        assertEquals(folder, files(run), "no record is written for a run the target does not know");
        assertEquals(List.of(), wrong.targetTables(), "the wrong target is left as it was");
        try (Connection c = wrong.target(); Statement st = c.createStatement()) {
            assertFalse(st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE "
                    + "'migratedb%'").next() && st.getResultSet().getLong(1) > 0, "no run tables were created");
        }
    }

    private MigrateDbHarness migrated(String prefix) throws Exception {
        return new MigrateDbHarness(dir, source(prefix)).set("copy.chunkRows", "1000");
    }

    private static String source(String prefix) throws Exception {
        String source = TestPostgres.newDatabase(prefix);
        try (Connection c = TestPostgres.connect(source); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
            st.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 3000) g");
            st.execute("CREATE TABLE notes (body text)");
            st.execute("INSERT INTO notes SELECT 'note ' || g FROM generate_series(1, 500) g");
        }
        return source;
    }

    /** The report's text up to its last field, the list of verifications. */
    private static byte[] withoutVerifications(byte[] report) {
        String text = new String(report, java.nio.charset.StandardCharsets.UTF_8);
        int at = text.lastIndexOf("\"verifications\"");
        assertTrue(at > 0, "report.json lists its verifications last: " + text);
        return text.substring(0, at).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/logs/")).sorted().toList();
        }
    }
}
