package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.demo.DemoInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product document's situation: the application is shut down, its bundled PostgreSQL is not running, and
 * MigrateDB starts it itself for the migration (as the data directory's owner) and stops it afterwards.
 */
class BundledModeMigrationTest {
    private Path root;

    @AfterEach
    void cleanUp() throws Exception {
        if (root != null) {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void migratesTheStoppedBundledDatabaseAndLeavesNoPostgresProcessBehind() throws Exception {
        root = Files.createTempDirectory("migratedb-bundled-");
        // the bundled server runs as a non-root user, who must be able to enter the folder
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        DemoInstallation app = DemoInstallation.create(root, root.resolve("state"), 2_000);
        MigrateDbHarness h = new MigrateDbHarness(root, "")
                .set("source.url", "")
                .set("source.pgHome", app.pgHome().toString())
                .set("source.dataDir", app.dataDir().toString())
                .set("source.database", DemoInstallation.DATABASE)
                .set("source.password", app.password())
                .set("paths.work", root.resolve("state").toString())
                .set("migration.excludedTables", "public.personal_passwords")
                .set("migration.protectedColumns", "public.accounts.password");
        Files.setPosixFilePermissions(h.configFile(), PosixFilePermissions.fromString("rw-------"));

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().contains("bundled PostgreSQL, started by MigrateDB"), r.out());
        JsonNode report = MigrateDbHarness.report(r.out());
        assertEquals("completed", report.get("status").asText());
        assertEquals(2_000, h.targetCount("dbo.audit_trail"));
        assertFalse(Files.exists(app.dataDir().resolve("postmaster.pid")), "the bundled server was stopped");
        assertFalse(postgresRunningOn(app.dataDir()), "no postgres process is left on the data directory");
    }

    private static boolean postgresRunningOn(Path dataDir) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                .map(cmd -> cmd.contains("postgres") && cmd.contains(dataDir.toString())).orElse(false));
    }
}
