package migratedb.reliability;

import migratedb.it.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault 6: MigrateDB cannot write its logs or reports — the folder is unwritable (immutable: even root gets EPERM)
 * or the disk is full (a 64 KiB file system filled up: ENOSPC). A careful run stops with a message naming the
 * folder, leaves the target consistent, and completes once the folder is fixed. Each case runs MigrateDB in a JVM
 * of its own with a home of its own, so the shared test home is never broken.
 */
@Tag("reliability-slow")
class OutputFaultTest {
    @TempDir
    Path dir;

    private final List<Runnable> undo = new ArrayList<>();

    @AfterEach
    void repair() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).run();
        }
    }

    @Test
    void anUnwritableReportsFolderStopsTheRunNamingItAndTheRunCompletesOnceFixed() throws Exception {
        Path home = dir.resolve("home");
        Path reports = Files.createDirectories(home.resolve("reports"));
        immutable(reports);

        failsNamingThenCompletesAfterRepair(home, reports);
    }

    @Test
    void anUnwritableLogsFolderStopsTheRunNamingItAndTheRunCompletesOnceFixed() throws Exception {
        Path home = dir.resolve("home");
        Path logs = Files.createDirectories(home.resolve("logs"));
        immutable(logs);

        failsNamingThenCompletesAfterRepair(home, logs);
    }

    @Test
    void aFullDiskUnderReportsStopsTheRunNamingItAndTheRunCompletesOnceSpaceIsFreed() throws Exception {
        Path home = dir.resolve("home");
        Path reports = Files.createDirectories(home.resolve("reports"));
        mountFullFileSystem(reports);

        failsNamingThenCompletesAfterRepair(home, reports);
    }

    private void failsNamingThenCompletesAfterRepair(Path home, Path broken) throws Exception {
        String source = TestPostgres.newDatabase("fault_output");
        try (Connection c = TestPostgres.connect(source)) {
            Fixtures.load(c);
        }
        String target = "jdbc:h2:file:" + dir.resolve("target-db") + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE";
        Path conf = dir.resolve("migrate.conf");
        Files.writeString(conf, "source.url=" + source + "\nsource.user=postgres\ntarget.url=" + target
                + "\ntarget.user=sa\ncopy.chunkRows=5000\n");

        int exit;
        String console;
        try (ChildMigrateDb run = ChildMigrateDb.start(home, "UTC", dir.resolve("run1.out"), "migrate", "--config",
                conf.toString())) {
            exit = run.await(180);
            console = run.console();
        }

        assertNotEquals(0, exit, console);
        assertTrue(console.contains(broken.toString()), "the message names " + broken + ":\n" + console);
        Fixtures.assertNoStackTrace(console);
        String queryUrl = target + ";CASE_INSENSITIVE_IDENTIFIERS=TRUE;INIT=CREATE SCHEMA IF NOT EXISTS dbo\\;SET SCHEMA dbo";
        boolean started = targetConsistent(queryUrl);

        repair();
        undo.clear();
        try (ChildMigrateDb run = ChildMigrateDb.start(home, "UTC", dir.resolve("run2.out"),
                started ? "resume" : "migrate", "--config", conf.toString())) {
            assertEquals(0, run.await(180), run.console());
        }
        try (Connection s = TestPostgres.connect(source); Connection t = DriverManager.getConnection(queryUrl, "sa", "")) {
            Fixtures.assertNothingLostNothingDuplicated(s, t);
        }
    }

    /**
     * The target after the failed run: either untouched (no table of ours) or consistent — every row belongs to a
     * committed chunk. Returns whether a run was started in it (so it is resumed rather than begun again).
     */
    private static boolean targetConsistent(String queryUrl) throws Exception {
        try (Connection t = DriverManager.getConnection(queryUrl, "sa", ""); Statement st = t.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'migratedb_run'")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return false;
                }
            }
            long committed;
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(rows_written), 0) FROM dbo.migratedb_chunk "
                    + "WHERE table_name = 'public.events' AND status = 'done'")) {
                rs.next();
                committed = rs.getLong(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'events'")) {
                rs.next();
                if (rs.getLong(1) == 1) {
                    try (ResultSet n = st.executeQuery("SELECT COUNT(*) FROM dbo.events")) {
                        n.next();
                        assertEquals(committed, n.getLong(1), "rows in the target = rows of committed chunks");
                    }
                }
            }
            return true;
        }
    }

    /** chattr +i: nothing can be created in the folder, not even by root. */
    private void immutable(Path folder) throws Exception {
        Assumptions.assumeTrue(run("chattr", "+i", folder.toString()) == 0,
                "chattr +i is not available on this file system; the unwritable-folder case cannot be built");
        undo.add(() -> run("chattr", "-i", folder.toString()));
    }

    /** A 64 KiB tmpfs over the folder, filled up: every write in it fails with ENOSPC. */
    private void mountFullFileSystem(Path folder) throws Exception {
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder.toString()) == 0,
                "mounting a small tmpfs needs root (CI runs as root); the full-disk case cannot be built here");
        undo.add(() -> run("umount", "-l", folder.toString()));
        run("dd", "if=/dev/zero", "of=" + folder.resolve("filler"), "bs=4k", "count=64");
        undo.add(() -> {
            try {
                Files.deleteIfExists(folder.resolve("filler"));
            } catch (Exception ignored) {
                // unmounted below anyway
            }
        });
    }

    private static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
