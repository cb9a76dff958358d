package migratedb.pipeline;

import migratedb.config.FilePermissions;
import migratedb.config.Home;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.troubleshoot.MigrationException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The folders a run writes into (logs/, reports/) must take a file before the run touches a database: a run whose
 * failure could not be written down, or whose proof of verification could not be kept, must not start.
 */
public final class OutputFolders {
    /** Enough to meet a full disk (a file system with no free block refuses the first one). */
    private static final int PROBE_BYTES = 8 * 1024;

    private OutputFolders() {
    }

    public static void check(Settings s) {
        probe(Home.logs());
        probe(s.path(SettingKeys.REPORTS_DIR));
        try { // reports hold the source's values (samples, rejected rows): the owner's alone
            FilePermissions.restrictToOwner(s.path(SettingKeys.REPORTS_DIR));
        } catch (IOException | SecurityException e) {
            throw new MigrationException(PreflightTrouble.OUTPUT_NOT_WRITABLE, Map.of("folder",
                    s.path(SettingKeys.REPORTS_DIR), "reason", "its permissions cannot be restricted to its owner ("
                            + reason(e) + ")"), e);
        }
    }

    static void probe(Path folder) {
        Path probe = folder.resolve(".migratedb-write-check");
        try {
            Files.createDirectories(folder);
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.allocate(PROBE_BYTES));
                ch.force(true);
            }
        } catch (IOException | SecurityException e) {
            throw new MigrationException(PreflightTrouble.OUTPUT_NOT_WRITABLE, Map.of("folder", folder,
                    "reason", reason(e)), e);
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // nothing was written, or the folder went away: the failure above says so
            }
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            m = f.getReason();
        }
        return m.contains("No space left") ? "no space left on the disk" : m;
    }
}
