package migratedb.verify;

import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleText;

/** Failures found by verification. */
public enum VerifyTrouble implements Trouble {
    CHECKSUM_MISMATCH(
            "Table {table} does not match its source: {mismatches}.",
            "Rows in the target differ from the rows copied (changed, missing or added after the copy), or a "
                    + "value was converted with a loss the assessment warned about.",
            "The run is reported as not verified; the target keeps its data.",
            "Compare the named key ranges in source and target. If the target was changed after the copy, migrate "
                    + "again into an empty database; if a lossy type is the cause, set a type override."),
    COUNT_MISMATCH(
            "Table {table} has {targetRows} rows in the target but {expected} were copied ({sourceRows} in the source).",
            "Rows were added to or removed from the target or the source after the copy.",
            "The run is reported as not verified.",
            "Make sure the application is stopped during the migration, then migrate again into an empty database."),
    RUN_NOT_FOUND(
            "No MigrateDB run {runId} was found in the target {target}.",
            "The target has no run state for this id (or no run at all): the run id or the configuration names "
                    + "another migration's target.",
            "Nothing was verified and nothing was written, in the target or in the reports.",
            "Run './run.sh status --config <file>' to see the runs of that file's target, then verify with the "
                    + "same --config; or run a migration first."),
    ;

    private final TroubleText text;

    VerifyTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
