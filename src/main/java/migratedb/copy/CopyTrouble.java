package migratedb.copy;

import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleText;

/** Failures of the copy stage. */
public enum CopyTrouble implements Trouble {
    ROWS_REJECTED(
            "{count} row(s) of table {table} were refused by the target ({chunk}).",
            "The target rejected these values: {error}",
            "The chunk was rolled back; nothing of it is in the target. The rows are listed in {file}.",
            "Fix the rows in the source (or choose a type override), then run './run.sh resume'. To copy the other "
                    + "rows and keep the refused ones aside, set copy.rejectPolicy=skip."),
    TOO_MANY_REJECTS(
            "Table {table} has {count} refused rows, more than copy.rejectMaxPerTable={max}.",
            "Too many values of this table do not fit the target: {error}",
            "The table's last chunk was rolled back; earlier chunks stay committed. Refused rows are in {file}.",
            "Read {file}, fix the data or the type mapping, then run './run.sh resume' (or raise copy.rejectMaxPerTable)."),
    TRANSIENT_EXHAUSTED(
            "Copying {table} ({chunk}) kept failing after {attempts} attempts: {error}",
            "The connection to the source or the target was lost, timed out or was chosen as deadlock victim, again "
                    + "and again.",
            "The chunk was rolled back; committed chunks stay. The run stopped and can be resumed.",
            "Check the network and both servers, then run './run.sh resume'. Raise copy.retry.maxAttempts for "
                    + "an unstable network."),
    TARGET_WRITE_FAILED(
            "Writing {table} ({chunk}) into the target failed: {error}",
            "The target refused the statement for a reason that is not about single rows (permissions, space, "
                    + "missing table).",
            "The chunk was rolled back; committed chunks stay. The run stopped and can be resumed.",
            "Read the error; fix the target (space, permissions), then run './run.sh resume'."),
    SOURCE_READ_FAILED(
            "Reading {table} ({chunk}) from PostgreSQL failed: {error}",
            "PostgreSQL refused or aborted the read for a reason a retry does not cure.",
            "The chunk was rolled back in the target; committed chunks stay. The run stopped and can be resumed.",
            "Read the error; check the source user's rights on the table, then run './run.sh resume'."),
    SNAPSHOT_LOST(
            "The source snapshot of the run was lost while copying {table} ({chunk}): {error}",
            "The PostgreSQL session that exported the run's snapshot ended (its backend was terminated, or the server "
                    + "restarted), a worker needed a new session in that snapshot, and the source has changed since "
                    + "(a transaction started or ended), so no new snapshot shows the same instant as the chunks "
                    + "already copied.",
            "The run stopped; committed chunks stay. A resume copies the rest in a new snapshot.",
            "Make sure the application is stopped and nothing else writes to the source, then run './run.sh resume'."),
    COUNTS_DO_NOT_RECONCILE(
            "Copying {table} ({chunk}) does not add up: {read} rows read, {written} written, {rejected} rejected.",
            "Every row read must be either written or rejected; a writer lost rows without an error.",
            "The chunk was rolled back and not marked done; committed chunks stay. The run stopped.",
            "Report this as a MigrateDB bug with logs/migration.log; run './run.sh resume' to retry the chunk."),
    ;

    private final TroubleText text;

    CopyTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
