package migratedb.report;

import java.util.List;

/**
 * What happened to one table. Counts always reconcile: {@code rowsRead = rowsWritten + rowsRejected}.
 *
 * @param sourceRows rows in the source table (in the run's snapshot)
 * @param targetRows rows found in the target table at verification
 * @param mismatches chunk descriptions whose target checksum differs from the source's
 */
public record TableResult(String name, String targetName, long sourceRows, long rowsRead, long rowsWritten,
                          long rowsRejected, long targetRows, String sourceChecksum, String targetChecksum,
                          boolean verified, List<String> mismatches, long copyMillis, int chunks) {
    public TableResult {
        mismatches = mismatches == null ? List.of() : List.copyOf(mismatches);
    }

    public double rowsPerSecond() {
        return copyMillis <= 0 ? 0 : rowsWritten * 1000.0 / copyMillis;
    }
}
