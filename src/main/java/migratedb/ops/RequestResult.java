package migratedb.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What happened to a request: written as {@code <name>.result.json} beside the request file in {@code .done/},
 * {@code .failed/} or {@code .quarantine/}. Holds no secret (requests cannot carry one).
 *
 * @param outcome done, failed or quarantined
 * @param status  the run's status (completed, not-verified, failed), or quarantined
 */
public record RequestResult(String request, String outcome, String status, String command, String config,
                            List<String> sets, String runId, String report, Instant receivedAt, Instant finishedAt,
                            Map<String, String> failure) {
}
