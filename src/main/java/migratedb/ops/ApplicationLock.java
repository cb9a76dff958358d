package migratedb.ops;

import migratedb.pipeline.PreflightTrouble;
import migratedb.troubleshoot.MigrationException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application server's .lock file (preflight.applicationLockFile). Present: the server runs, and the migration
 * refuses with the product document's message. When the file names a process id (a line {@code pid=N} or a first
 * line that is just a number) and that process is gone, the lock is stale and the refusal says so and how to clear it.
 */
public final class ApplicationLock {
    private static final Pattern PID_LINE = Pattern.compile("(?im)^\\s*(?:pid\\s*[=:]\\s*)?(\\d{1,10})\\s*$");

    private ApplicationLock() {
    }

    public static void check(Path lock) {
        if (!Files.exists(lock)) {
            return;
        }
        Optional<Long> pid = pid(lock);
        if (pid.isPresent() && !ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new MigrationException(OpsTrouble.APPLICATION_LOCK_STALE, Map.of("file", lock, "pid", pid.get()));
        }
        throw new MigrationException(PreflightTrouble.APPLICATION_RUNNING, Map.of("file", lock));
    }

    /** The process id written in the lock file, if it holds one. */
    static Optional<Long> pid(Path lock) {
        try (InputStream in = Files.newInputStream(lock)) {
            String text = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            Matcher m = PID_LINE.matcher(text);
            return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
