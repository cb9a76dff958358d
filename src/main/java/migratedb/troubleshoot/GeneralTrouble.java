package migratedb.troubleshoot;

/** Failures that belong to no particular stage. */
public enum GeneralTrouble implements Trouble {
    UNEXPECTED(
            "Unexpected failure: {message}",
            "MigrateDB met a failure it has no catalogue entry for.",
            "The current run stopped; chunks already committed stay committed and the run can be resumed.",
            "Read the stack trace in logs/troubleshooting.log. If the cause is not clear, run './run.sh diagnose' and send the bundle to support."),
    ;

    private final TroubleText text;

    GeneralTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
