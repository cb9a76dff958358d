package migratedb.console;

import migratedb.ops.RunLock;

import java.nio.file.Path;

/**
 * Another MigrateDB process running against a target, as './run.sh migrate' does: holds the target's run lock until
 * its standard input closes. Started by a test in its own JVM.
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (RunLock lock = RunLock.acquire(Path.of(args[0]), args[1], args[2], "migrate")) {
            System.out.println("held " + lock.file());
            System.out.flush();
            while (System.in.read() != -1) {
                // holds until the test closes our input
            }
        }
    }
}
