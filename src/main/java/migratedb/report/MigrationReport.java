package migratedb.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The report of one run, written as reports/<run-id>/report.json. Holds no secret. */
public record MigrationReport(String runId, String command, String status, Instant startedAt, Instant finishedAt,
                              String source, String target, String targetDialect, List<StageTiming> stages,
                              List<TableResult> tables, List<ExcludedTable> excluded, List<String> warnings,
                              Map<String, String> failure, Map<String, String> backup,
                              Map<String, String> settings, Throughput throughput) {

    public MigrationReport {
        throughput = throughput == null ? Throughput.EMPTY : throughput;
    }

    public boolean allVerified() {
        return tables.stream().allMatch(TableResult::verified);
    }

    public long totalRowsWritten() {
        return tables.stream().mapToLong(TableResult::rowsWritten).sum();
    }
}
