package migratedb.troubleshoot;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

/**
 * Writes logs/troubleshooting.log: every failure as error · cause · effect · solution, followed by the stack trace
 * (which the console never shows). Unknown failures get the generic entry.
 */
public final class TroubleshootingLog {
    private final Path file;

    public TroubleshootingLog(Path logsDir) {
        this.file = logsDir.resolve("troubleshooting.log");
    }

    public Path file() {
        return file;
    }

    /** Turns any failure into a catalogued one: known failures as they are, others as UNEXPECTED. */
    public static MigrationException catalogued(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MigrationException m) {
                return m;
            }
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new MigrationException(GeneralTrouble.UNEXPECTED, Map.of("message", message), t);
    }

    public synchronized MigrationException write(String runId, Throwable failure) {
        MigrationException m = catalogued(failure);
        StringBuilder sb = new StringBuilder();
        sb.append(Instant.now()).append(" [").append(m.trouble().code()).append("] run ").append(runId).append('\n');
        sb.append("  Error:    ").append(m.error()).append('\n');
        sb.append("  Cause:    ").append(m.cause()).append('\n');
        sb.append("  Effect:   ").append(m.effect()).append('\n');
        sb.append("  Solution: ").append(m.solution()).append('\n');
        StringWriter stack = new StringWriter();
        failure.printStackTrace(new PrintWriter(stack));
        sb.append("  Stack:\n");
        stack.toString().lines().forEach(l -> sb.append("    ").append(l).append('\n'));
        sb.append('\n');
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return m;
    }
}
