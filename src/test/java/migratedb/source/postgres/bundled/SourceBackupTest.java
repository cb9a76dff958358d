package migratedb.source.postgres.bundled;

import migratedb.troubleshoot.MigrationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pre-migration backup. pg_dump must be as new as the server, and the Maven PostgreSQL binaries carry no
 * pg_dump, so this class uses Debian's PostgreSQL (server and pg_dump of one version, postgresql-15 on Debian 12)
 * as the bundled installation: its bin/pg_dump is the one SourceBackup prefers.
 */
class SourceBackupTest {
    private static Path root;
    private static BundledInstallation installation;
    private static Path dataDir;

    @BeforeAll
    static void layOutInstallation() throws Exception {
        Optional<Path> debian = BundledInstallation.debianInstallation();
        if (debian.isEmpty()) {
            throw new IllegalStateException("SourceBackupTest needs a PostgreSQL server with its pg_dump under /usr/lib/postgresql: "
                    + "run 'apt-get install -y postgresql' (Debian 12 gives version 15).");
        }
        root = BundledInstallation.createRoot("migratedb-backup-");
        installation = BundledInstallation.fromInstalled(debian.get(), root);
        dataDir = installation.freshDataDir("backup");
    }

    @AfterAll
    static void removeInstallation() {
        if (installation != null) {
            installation.stopIfRunning(dataDir);
        }
        BundledInstallation.deleteTree(root);
    }

    @Test
    void takesACompleteCustomFormatDumpThatPgRestoreReadsWithTheSha256OfTheFile() throws Exception {
        Path backups = root.resolve("backups");
        BackupResult backup;
        try (BundledPostgres server = BundledPostgres.start(BundledPostgresOptions.of(installation.pgHome, dataDir,
                root.resolve("work"), BundledInstallation.DATABASE, BundledInstallation.USER, BundledInstallation.PASSWORD))) {
            backup = new SourceBackup(installation.pgHome, Duration.ofMinutes(2)).backup(server.login(), backups, "run-20250101");
        }

        assertEquals(backups.resolve("run-20250101").resolve(BundledInstallation.DATABASE + ".dump"), backup.file());
        assertEquals(installation.pgHome.resolve("bin/pg_dump"), backup.pgDump(), "the installation's own pg_dump is preferred");
        assertEquals(Files.size(backup.file()), backup.sizeBytes());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(backup.file()))),
                backup.sha256());
        assertFalse(Files.exists(backup.file().resolveSibling(backup.file().getFileName() + ".partial")));
        // every row is in it, the personal passwords too: the owner's alone
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(backup.file())));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(backup.file().getParent())));

        String listing = BundledInstallation.run(List.of(installation.pgHome.resolve("bin/pg_restore").toString(), "--list",
                backup.file().toString()));
        assertTrue(listing.contains("TABLE DATA public account"), listing);
        assertTrue(listing.contains("Format: CUSTOM"), listing);
    }

    @Test
    void refusesToOverwriteAnEarlierBackupOfTheSameRun() throws Exception {
        Path backups = root.resolve("backups-existing");
        Path existing = backups.resolve("run-1").resolve(BundledInstallation.DATABASE + ".dump");
        Files.createDirectories(existing.getParent());
        Files.writeString(existing, "an earlier backup");
        PostgresLogin unused = new PostgresLogin("127.0.0.1", 1, BundledInstallation.DATABASE, "u", null);
        SourceBackup backup = new SourceBackup(installation.pgHome, List.of(), Duration.ofMinutes(1));

        MigrationException refused = assertThrows(MigrationException.class, () -> backup.backup(unused, backups, "run-1"));

        assertEquals(BundledTrouble.BACKUP_TARGET_EXISTS, refused.trouble());
        assertEquals("an earlier backup", Files.readString(existing));
    }

    @Test
    void saysClearlyWhenNoPgDumpExists() {
        SourceBackup backup = new SourceBackup(root.resolve("pgsql-without-client"), List.of(root.resolve("empty-path")), Duration.ofMinutes(1));

        MigrationException refused = assertThrows(MigrationException.class, backup::findPgDump);

        assertEquals(BundledTrouble.BACKUP_PG_DUMP_MISSING, refused.trouble());
        assertTrue(refused.solution().contains("apt-get install postgresql-client"));
    }

    @Test
    void aFailedDumpThrowsAndLeavesNoFileBehind() throws Exception {
        Path backups = root.resolve("backups-failed");
        try (BundledPostgres server = BundledPostgres.start(BundledPostgresOptions.of(installation.pgHome, dataDir,
                root.resolve("work-failed"), BundledInstallation.DATABASE, BundledInstallation.USER, BundledInstallation.PASSWORD))) {
            PostgresLogin noSuchDatabase = new PostgresLogin("127.0.0.1", server.port(), "no_such_db",
                    BundledInstallation.USER, BundledInstallation.PASSWORD);
            SourceBackup backup = new SourceBackup(installation.pgHome, List.of(), Duration.ofMinutes(1));
            Path target = backups.resolve("run-x").resolve("no_such_db.dump");

            MigrationException refused = assertThrows(MigrationException.class, () -> backup.backup(noSuchDatabase, backups, "run-x"));

            assertEquals(BundledTrouble.BACKUP_FAILED, refused.trouble());
            assertTrue(refused.getMessage().contains("no_such_db"), refused.getMessage());
            assertFalse(refused.getMessage().contains(BundledInstallation.PASSWORD));
            assertFalse(Files.exists(target));
            assertFalse(Files.exists(target.resolveSibling("no_such_db.dump.partial")));
        }
    }
}
