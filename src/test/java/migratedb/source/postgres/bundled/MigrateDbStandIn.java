package migratedb.source.postgres.bundled;

import java.nio.file.Path;

/**
 * A separate JVM playing MigrateDB: starts the bundled database, prints "READY <postmaster pid>", then waits
 * until it is signalled, so tests can Ctrl-C (SIGTERM) or kill -9 a real MigrateDB process.
 */
public final class MigrateDbStandIn {
    private MigrateDbStandIn() {
    }

    public static void main(String[] args) throws Exception {
        BundledPostgres server = BundledPostgres.start(BundledPostgresOptions.of(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]),
                BundledInstallation.DATABASE, BundledInstallation.USER, BundledInstallation.PASSWORD));
        System.out.println("READY " + server.postmasterPid());
        System.out.flush();
        // Never closes by itself: only the shutdown hook (or nothing, on kill -9) may stop the server.
        new java.util.concurrent.CountDownLatch(1).await();
        server.close();
    }
}
