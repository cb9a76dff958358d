package migratedb.ops;

import migratedb.troubleshoot.MigrationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run lock of a target, asked about from the process that holds it (the console shows the status of its own
 * run, a second Migrate is refused): asking never releases the lock another process sees.
 */
class RunLockTest {
    private static final String TARGET = "jdbc:h2:tcp://127.0.0.1:1/target";

    @TempDir
    Path dir;

    @Test
    void askingTheHolderAndASecondRunInTheSameProcessLeaveTheLockHeldForOtherProcesses() throws Exception {
        try (RunLock lock = RunLock.acquire(dir, TARGET, "20260312-013000-4f2a", "migrate")) {
            RunLock.Holder holder = RunLock.holder(dir, TARGET).orElseThrow();
            MigrationException refused = assertThrows(MigrationException.class,
                    () -> RunLock.acquire(dir, TARGET, "20260312-013100-0001", "migrate"));

            assertEquals("20260312-013000-4f2a", holder.runId());
            assertEquals(ProcessHandle.current().pid(), holder.pid());
            assertTrue(refused.getMessage().contains("run 20260312-013000-4f2a"), refused.getMessage());
            assertEquals(3, probe(lock.file()), "another process still finds the target locked");
        }
        assertEquals(0, probe(RunLock.fileFor(dir, TARGET)), "released when the run ends");
        assertTrue(RunLock.holder(dir, TARGET).isEmpty());
    }

    /** Another JVM tries the lock: 0 when it got it, 3 when it is held. */
    private static int probe(Path file) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Probe.class.getName(), file.toString()).inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue();
    }

    /** The other process. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            try (FileChannel c = FileChannel.open(Path.of(args[0]), List.of(StandardOpenOption.READ,
                    StandardOpenOption.WRITE).toArray(new StandardOpenOption[0]))) {
                FileLock l = c.tryLock();
                System.exit(l == null ? 3 : 0);
            }
        }
    }
}
