package migratedb.pipeline;

import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleText;

/** A run's life as the operator controls it: stopping it early, naming the run to verify. */
public enum RunTrouble implements Trouble {
    RUN_INTERRUPTED(
            "Run {runId} was interrupted ({reason}) during {where}.",
            "The operator asked MigrateDB to stop: Ctrl-C or SIGTERM in the terminal or from a service manager, or "
                    + "Cancel in the console.",
            "No new chunk started after the request; the chunks in flight were rolled back; every chunk committed "
                    + "before it stays in the target ({committed}). The run is recorded as interrupted in the target "
                    + "and in its report; a bundled PostgreSQL was stopped.",
            "Run './run.sh resume' (with the same --config) to continue from the last committed chunk: nothing is "
                    + "copied twice. './run.sh status' shows what is committed."),
    RUN_INTERRUPTED_BEFORE_COPY(
            "Run {runId} was interrupted ({reason}) during {where}, before it started to copy.",
            "The operator asked MigrateDB to stop: Ctrl-C or SIGTERM in the terminal or from a service manager, or "
                    + "Cancel in the console.",
            "No table was copied and the run is not recorded in the target, so there is nothing to resume; a "
                    + "bundled PostgreSQL was stopped.",
            "Run './run.sh migrate' (with the same --config) again when you are ready."),
    VERIFICATION_INTERRUPTED(
            "The verification of run {runId} was interrupted ({reason}) during {where}.",
            "The operator asked MigrateDB to stop: Ctrl-C or SIGTERM in the terminal or from a service manager, or "
                    + "Cancel in the console.",
            "Nothing changed in the target or in the run's report; this verification's record says interrupted.",
            "Run './run.sh verify --run {runId}' (with the same --config) again when you are ready."),
    RUN_ID_INVALID(
            "'{runId}' is not a MigrateDB run id.",
            "A run id is the time the run started and four hex digits, as every run prints it and "
                    + "'./run.sh status' shows it: yyyyMMdd-HHmmss-xxxx, e.g. 20260312-013000-4f2a.",
            "Nothing was verified and no file was written.",
            "Run './run.sh status' (with the --config of the run's target) to see the run id, then "
                    + "'./run.sh verify --run <id>'; without --run the latest run of the target is verified."),
    ;

    private final TroubleText text;

    RunTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
