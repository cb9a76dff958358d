package migratedb.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The report of one run, written as reports/<run-id>/report.json. Holds no secret.
 *
 * @param sourceVersion the source's PostgreSQL version as it reports it (e.g. 9.6.24), null when never reached
 * @param committed     for a run that did not finish: what the target holds per table (empty otherwise)
 * @param verifications the later verifications of the run, each with its own record; the only part of a written
 *                      report that changes afterwards
 */
public record MigrationReport(String runId, String command, String status, Instant startedAt, Instant finishedAt,
                              String source, String sourceVersion, String target, String targetDialect,
                              List<StageTiming> stages, List<TableResult> tables, List<ExcludedTable> excluded,
                              List<String> warnings, Map<String, String> failure, Map<String, String> backup,
                              Map<String, String> settings, Throughput throughput, List<TableProgress> committed,
                              List<Verification> verifications) {

    public MigrationReport {
        throughput = throughput == null ? Throughput.EMPTY : throughput;
        committed = committed == null ? List.of() : List.copyOf(committed);
        verifications = verifications == null ? List.of() : List.copyOf(verifications);
    }

    /**
     * A report that does not name the source's version and has no committed progress or verifications (runs that
     * read no catalog, such as import-excluded).
     */
    public MigrationReport(String runId, String command, String status, Instant startedAt, Instant finishedAt,
                           String source, String target, String targetDialect, List<StageTiming> stages,
                           List<TableResult> tables, List<ExcludedTable> excluded, List<String> warnings,
                           Map<String, String> failure, Map<String, String> backup, Map<String, String> settings,
                           Throughput throughput) {
        this(runId, command, status, startedAt, finishedAt, source, null, target, targetDialect, stages, tables,
                excluded, warnings, failure, backup, settings, throughput, List.of(), List.of());
    }

    public boolean allVerified() {
        return tables.stream().allMatch(TableResult::verified);
    }

    public long totalRowsWritten() {
        return tables.stream().mapToLong(TableResult::rowsWritten).sum();
    }

    /** The same report with its verifications (kept when the run's report is written again, by a resume). */
    public MigrationReport withVerifications(List<Verification> list) {
        return new MigrationReport(runId, command, status, startedAt, finishedAt, source, sourceVersion, target,
                targetDialect, stages, tables, excluded, warnings, failure, backup, settings, throughput, committed,
                list);
    }
}
