package migratedb.ops;

import java.nio.file.Path;
import java.util.Map;

/**
 * How a request ended.
 *
 * @param status  completed, not-verified or failed (as in the run's report)
 * @param runId   the run it became, or null when it never started
 * @param report  the run's report folder, or null
 * @param failure code, error, cause, effect and solution of the failure, or null
 */
public record RequestOutcome(String status, String runId, Path report, Map<String, String> failure) {
    public boolean succeeded() {
        return "completed".equals(status);
    }
}
