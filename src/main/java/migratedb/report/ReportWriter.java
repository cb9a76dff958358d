package migratedb.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import migratedb.config.FilePermissions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/** Writes reports/<run-id>/report.json, and the records of later verifications beside it. */
public final class ReportWriter {
    public static final String REPORT = "report.json";

    private final ObjectMapper json = mapper();

    public static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a report written by a newer version
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    public Path write(MigrationReport report, Path dir) {
        return write(report, dir, REPORT);
    }

    /** Writes the report under the given file name (a verification's record), replacing the file as a whole. */
    public Path write(MigrationReport report, Path dir, String fileName) {
        try {
            FilePermissions.ownerOnlyFolder(dir); // a report names tables, rows and rejected values
            Path file = dir.resolve(fileName);
            replace(file, json.writeValueAsBytes(report));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir, e);
        }
    }

    public MigrationReport read(Path file) {
        try {
            return json.readValue(file.toFile(), MigrationReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report " + file, e);
        }
    }

    /** The verifications listed in a run's report.json; empty when there is no report. */
    public List<Verification> verifications(Path dir) {
        Path file = dir.resolve(REPORT);
        return Files.exists(file) ? read(file).verifications() : List.of();
    }

    /**
     * Adds a verification to the list in the run's report.json, leaving every other byte of the file as it was
     * (the migration's evidence is never rewritten). Returns false when the folder has no report.json.
     */
    public boolean appendVerification(Path dir, Verification verification) {
        Path file = dir.resolve(REPORT);
        if (!Files.exists(file)) {
            return false;
        }
        try {
            JsonNode tree = json.readTree(file.toFile());
            if (!(tree instanceof ObjectNode report)) {
                throw new IOException("not a report: " + file);
            }
            JsonNode list = report.get("verifications");
            ArrayNode verifications = list instanceof ArrayNode a ? a : report.putArray("verifications");
            verifications.add(json.valueToTree(verification));
            replace(file, json.writeValueAsBytes(report));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the verification to " + file, e);
        }
    }

    /** The file's content replaced in one step: a reader never sees half a report, a crash never leaves one. */
    private static void replace(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, content);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The report of a run in the reports folder, when it has one. */
    public Optional<MigrationReport> find(Path reportsDir, String runId) {
        Path file = reportsDir.resolve(runId).resolve(REPORT);
        return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
    }
}
