package migratedb.ops;

import migratedb.report.TableProgress;
import migratedb.report.Verification;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./run.sh status} (and the console's status endpoint) reports for a target: the run in progress, or
 * else the last run started, its state and what to do next.
 *
 * @param state            running, interrupted, failed, completed, not-verified, or none (no run yet)
 * @param holder           the process running it, when {@code state} is running
 * @param tables           per table, the chunks planned and committed and the committed rows (from the target)
 * @param next             the command that continues, or null when there is nothing to do (or to wait)
 * @param notes            what else the operator should know (the target unreachable, a run killed...)
 * @param report           the run's report.json, when this machine has it
 * @param failure          the failure of the run (error, cause, effect, solution), from its report
 * @param lastVerification the last {@code ./run.sh verify} of the run, from its report
 */
public record RunStatus(String state, String runId, String command, String target, Instant startedAt,
                        Instant finishedAt, RunLock.Holder holder, List<TableProgress> tables, String next,
                        List<String> notes, String report, Map<String, String> failure,
                        Verification lastVerification) {
    public RunStatus {
        tables = tables == null ? List.of() : List.copyOf(tables);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
