package migratedb.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The report of one run, written as reports/<run-id>/report.json. Holds no secret.
 *
 * @param sourceVersion the source's PostgreSQL version as it reports it (e.g. 9.6.24), null when never reached
 */
public record MigrationReport(String runId, String command, String status, Instant startedAt, Instant finishedAt,
                              String source, String sourceVersion, String target, String targetDialect,
                              List<StageTiming> stages, List<TableResult> tables, List<ExcludedTable> excluded,
                              List<String> warnings, Map<String, String> failure, Map<String, String> backup,
                              Map<String, String> settings, Throughput throughput) {

    public MigrationReport {
        throughput = throughput == null ? Throughput.EMPTY : throughput;
    }

    /** A report that does not name the source's version (runs that read no catalog, such as import-excluded). */
    public MigrationReport(String runId, String command, String status, Instant startedAt, Instant finishedAt,
                           String source, String target, String targetDialect, List<StageTiming> stages,
                           List<TableResult> tables, List<ExcludedTable> excluded, List<String> warnings,
                           Map<String, String> failure, Map<String, String> backup, Map<String, String> settings,
                           Throughput throughput) {
        this(runId, command, status, startedAt, finishedAt, source, null, target, targetDialect, stages, tables,
                excluded, warnings, failure, backup, settings, throughput);
    }

    public boolean allVerified() {
        return tables.stream().allMatch(TableResult::verified);
    }

    public long totalRowsWritten() {
        return tables.stream().mapToLong(TableResult::rowsWritten).sum();
    }
}
