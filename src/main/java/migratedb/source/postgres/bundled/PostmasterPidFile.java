package migratedb.source.postgres.bundled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a data directory's postmaster.pid says. Its lines (PostgreSQL 10 and later): pid, data directory, start
 * time as epoch seconds, port, socket directory, listen address, shared memory key, status. Older servers write
 * fewer lines, so everything after the pid is optional.
 */
public record PostmasterPidFile(Path file, long pid, OptionalLong startEpochSeconds, OptionalInt port) {

    public static final String NAME = "postmaster.pid";

    public static Optional<PostmasterPidFile> read(Path dataDir) {
        Path file = dataDir.resolve(NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            // PostgreSQL is writing the file right now, or crashed while doing so: no pid to judge by.
            return Optional.of(new PostmasterPidFile(file, -1, OptionalLong.empty(), OptionalInt.empty()));
        }
        long pid = Math.abs(Long.parseLong(lines.get(0).trim())); // a negative pid marks a standalone backend
        OptionalLong start = lines.size() > 2 && lines.get(2).trim().matches("\\d+")
                ? OptionalLong.of(Long.parseLong(lines.get(2).trim())) : OptionalLong.empty();
        OptionalInt port = lines.size() > 3 && lines.get(3).trim().matches("\\d+")
                ? OptionalInt.of(Integer.parseInt(lines.get(3).trim())) : OptionalInt.empty();
        return Optional.of(new PostmasterPidFile(file, pid, start, port));
    }
}
