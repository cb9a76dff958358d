package migratedb.source.postgres.bundled;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The note MigrateDB leaves in its work folder while it runs the bundled PostgreSQL, so that the next run can
 * recognise a server left behind by a MigrateDB that was killed (its JVM is gone, the server still runs).
 *
 * @param dataDir              real path of the data directory the server runs on
 * @param port                 the port the server was started on
 * @param postmasterPid        the server's pid, null while it is still starting
 * @param postmasterStartEpoch the start time postmaster.pid records, null while starting
 * @param jvmPid               the MigrateDB process that started the server
 * @param jvmStartedAt         when that process started: tells it apart from a later process with the same pid
 * @param startedAt            when the server was started
 * @param runDir               the private folder holding the server's socket and log, removed by whoever stops it
 */
public record BundledPostgresMarker(
        String dataDir,
        int port,
        Long postmasterPid,
        Long postmasterStartEpoch,
        long jvmPid,
        Instant jvmStartedAt,
        Instant startedAt,
        String runDir) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public static Optional<BundledPostgresMarker> read(Path file) throws IOException {
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), BundledPostgresMarker.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Written to a temporary file and moved in place, so a kill never leaves half a marker. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, JSON.writeValueAsBytes(this));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public BundledPostgresMarker withPostmaster(long pid, Long startEpoch) {
        return new BundledPostgresMarker(dataDir, port, pid, startEpoch, jvmPid, jvmStartedAt, startedAt, runDir);
    }

    /** True while the MigrateDB process that wrote this marker still lives. */
    public boolean writerAlive() {
        return Processes.isSameProcessAlive(jvmPid, jvmStartedAt);
    }

    /** True when postmaster.pid describes the server this marker's run started. */
    public boolean describes(PostmasterPidFile pidFile) {
        if (postmasterPid != null) {
            return postmasterPid == pidFile.pid()
                    && (postmasterStartEpoch == null || pidFile.startEpochSeconds().isEmpty()
                    || postmasterStartEpoch == pidFile.startEpochSeconds().getAsLong());
        }
        // Killed between starting the server and recording its pid: recognise it by port and start time.
        return pidFile.port().isPresent() && pidFile.port().getAsInt() == port
                && pidFile.startEpochSeconds().isPresent()
                && pidFile.startEpochSeconds().getAsLong() >= startedAt.getEpochSecond() - 1;
    }
}
