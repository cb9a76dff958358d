package migratedb.reliability;

import migratedb.demo.DemoInstallation;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * './run.sh demo' as root from a MigrateDB folder others cannot enter (a clone in root's home directory): the
 * demo's PostgreSQL runs as a non-root user, so its installation is placed where that user can reach it, and the
 * console says where.
 */
class DemoFromPrivateFolderTest {
    @Test
    void theDemoRunsAsRootFromAFolderOthersCannotEnter() throws Exception {
        assumeTrue(DemoInstallation.isRoot(), "only root meets this: its PostgreSQL then runs as another user");
        Path privateHome = Files.createTempDirectory("migratedb-root-home-"); // 0700, as /root is
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateHome)));
        Path clone = Files.createDirectories(privateHome.resolve("MigrateDB"));
        Path demoDir = clone.resolve("work/demo");
        Path placed = DemoInstallation.reachableRoot(demoDir);
        try {
            assertNotEquals(demoDir, placed);
            assertFalse(placed.startsWith(privateHome), placed.toString());

            int exit;
            String console;
            try (ChildMigrateDb demo = ChildMigrateDb.start(clone, "UTC", privateHome.resolve("demo.out"), "demo",
                    "--audit-rows", "500")) {
                exit = demo.await(600);
                console = demo.console();
            }

            assertEquals(0, exit, console);
            assertTrue(console.contains("its installation goes to " + placed), console);
            assertTrue(console.contains("completed"), console);
            assertFalse(console.contains("no catalogue entry") || console.contains("Unexpected failure"), console);
        } finally {
            delete(privateHome);
            delete(placed);
        }
    }

    private static void delete(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
