package migratedb.it;

import migratedb.demo.DemoDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each preflight refusal stops the run before anything is written to the target, with the catalogue's message on
 * the console, the full entry in the troubleshooting log, and no stack trace on the console.
 */
class PreflightRefusalTest {
    @TempDir
    Path dir;

    private String source;
    private MigrateDbHarness h;

    @BeforeEach
    void sample() throws Exception {
        source = TestPostgres.newDatabase("preflight");
        try (Connection c = TestPostgres.connect(source)) {
            DemoDatabase.loadSample(c, 100);
        }
        h = new MigrateDbHarness(dir, source).set("migration.excludedTables", "public.personal_passwords")
                .set("migration.protectedColumns", "public.accounts.password");
    }

    @Test
    void refusesWhileTheApplicationLockFileExists() throws Exception {
        Path lock = Files.createFile(dir.resolve(".lock"));
        h.set("preflight.applicationLockFile", lock.toString());

        MigrateDbHarness.Result r = h.run("migrate");

        assertRefused(r, "Server seems to be running. Shutdown the server and try again.");
        assertTrue(r.all().contains(lock.toString()), "the message names the lock file");
    }

    @Test
    void refusesAnUnreachableSource() throws Exception {
        h.set("source.url", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/nowhere");

        assertRefused(h.run("migrate"), "Cannot connect to the PostgreSQL source");
    }

    @Test
    void refusesAnUnreachableTarget() throws Exception {
        h.set("target.url", "jdbc:sqlserver://127.0.0.1:" + closedPort() + ";databaseName=PassTrix")
                .set("target.user", "sa").set("target.password", "x");
        Files.setPosixFilePermissions(h.configFile(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        MigrateDbHarness.Result r = h.run("migrate");

        assertNotEquals(0, r.exitCode());
        assertTrue(r.all().contains("Cannot connect to the target") || r.all().contains("connect"), r.all());
        assertFalse(r.all().contains("\tat "), "no stack trace on the console");
        // refused before the assessment read the source's rows: no assessment was written for the run
        String runId = r.out().substring(r.out().indexOf("Run ") + 4).split(" ")[0];
        assertTrue(Files.isDirectory(migratedb.config.Home.resolve("reports").resolve(runId)), r.out());
        assertFalse(Files.exists(migratedb.config.Home.resolve("reports").resolve(runId).resolve("assessment.json")),
                "the source was scanned before the target was tried: " + r.out());
    }

    @Test
    void refusesATargetThatIsNotEmpty() throws Exception {
        try (Connection c = h.target(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS dbo");
            st.execute("CREATE TABLE dbo.already_here (id INT)");
        }

        MigrateDbHarness.Result r = h.run("migrate");

        assertRefused(r, "The target database is not empty");
        assertTrue(r.all().contains("dbo.already_here"), "the message lists the tables found");
        assertEquals(java.util.List.of("dbo.already_here"), h.targetTables(), "nothing was written to the target");
    }

    @Test
    void refusesWhileOtherSessionsUseTheSource() throws Exception {
        try (Connection application = TestPostgres.connect(source)) {
            application.setClientInfo("ApplicationName", "AccessManagerPlus");
            try (Statement st = application.createStatement()) {
                st.execute("SELECT 1");
            }
            MigrateDbHarness.Result r = h.run("migrate");

            assertRefused(r, "The source database is in use by 1 other session(s)");
            assertTrue(r.all().contains("AccessManagerPlus"), "the message names the session's application");
        }
    }

    private void assertRefused(MigrateDbHarness.Result r, String message) throws Exception {
        assertNotEquals(0, r.exitCode(), r.all());
        assertTrue(r.all().contains(message), "console: " + r.all());
        assertFalse(r.all().contains("\tat "), "no stack trace on the console: " + r.all());
        String log = Files.readString(migratedb.config.Home.logs().resolve("troubleshooting.log"));
        assertTrue(log.contains(message), "the troubleshooting log has the entry");
        assertTrue(log.contains("Solution:"), "the entry reads error, cause, effect, solution");
        assertTrue(h.targetTables().stream().noneMatch(t -> t.startsWith("dbo.") && !t.equals("dbo.already_here")),
                "nothing was written to the target: " + h.targetTables());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
