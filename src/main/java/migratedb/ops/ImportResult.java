package migratedb.ops;

import migratedb.ops.tablefile.FileLayout;
import migratedb.report.MigrationReport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What an import of an excluded table did, for the command line and the web console alike. Its report is written
 * to {@code reportDir} whatever the outcome.
 *
 * @param status      completed (loaded and verified), not-verified (loaded, but the target differs from the file:
 *                    the rows stay for inspection) or failed (nothing of the file stays in the target)
 * @param table       the excluded table, schema.table as in the source
 * @param targetTable schema.table in the target
 * @param file        the file as given (a path, or an upload's original name)
 * @param layout      how the file was read (format, encoding, separator or sheet); null when it was not opened
 * @param fileRows    data records in the file (blank rows left out)
 * @param rowsWritten rows committed to the target (0 after a failure: they were taken back)
 * @param rowsRejected rows the target refused (listed in the report's rejects/ folder)
 * @param targetRows  rows in the target table at verification
 * @param warnings    what the output should show: an encoding guessed, rows skipped, a table removed...
 * @param failure     the failure as error · cause · effect · solution (code, error, cause, effect, solution);
 *                    null when completed
 */
public record ImportResult(String runId, String status, String table, String targetTable, String file,
                           FileLayout layout, long fileRows, long rowsWritten, long rowsRejected, long targetRows,
                           boolean verified, List<String> warnings, Map<String, String> failure, Path reportDir,
                           MigrationReport report) {
    public ImportResult {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public boolean succeeded() {
        return "completed".equals(status);
    }
}
