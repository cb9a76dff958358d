package migratedb.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import migratedb.config.FilePermissions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes reports/<run-id>/report.json. */
public final class ReportWriter {
    private final ObjectMapper json = mapper();

    public static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    public Path write(MigrationReport report, Path dir) {
        try {
            FilePermissions.ownerOnlyFolder(dir); // a report names tables, rows and rejected values
            Path file = dir.resolve("report.json");
            json.writeValue(file.toFile(), report);
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
}
