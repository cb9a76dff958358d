package migratedb.report;

import java.time.Instant;

/**
 * One verification of a run ({@code ./run.sh verify}), as listed under {@code verifications} in the run's
 * report.json: its own record is {@code file} in the same folder.
 *
 * @param status completed (every table verified), not-verified, failed or interrupted
 */
public record Verification(String file, Instant startedAt, Instant finishedAt, String status, String target,
                           int tables, int tablesVerified) {
}
