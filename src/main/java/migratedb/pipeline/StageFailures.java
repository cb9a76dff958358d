package migratedb.pipeline;

import migratedb.copy.TransientFailure;
import migratedb.lifecycle.RunInterrupted;
import migratedb.source.postgres.PostgresErrors;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Sorts a stage's database failure as the copy sorts a chunk's: after a stop request it is the interruption; a
 * transient one (lost connection, timeout, deadlock victim) is redelivered by the stage's route with the run's
 * retry settings; any other keeps the stage's own catalogue entry.
 */
final class StageFailures {
    private StageFailures() {
    }

    /**
     * @param what      the work that failed, as the retry line names it ("the preflight", "the verification of
     *                  public.events")
     * @param otherwise the stage's own failure when this one is not transient
     */
    static RuntimeException sort(MigrationRun run, String what, SQLException e, Supplier<RuntimeException> otherwise) {
        if (run.stopRequest().requested()) {
            return new RunInterrupted(run.stopRequest().reason(), what, e);
        }
        if (PostgresErrors.isTransient(e) || run.target().dialect().isTransient(e)) {
            return new TransientFailure(null, what, e);
        }
        return otherwise.get();
    }
}
