package migratedb.troubleshoot;

/** Failures that belong to no particular stage. */
public enum GeneralTrouble implements Trouble {
    UNEXPECTED(
            "Unexpected failure: {message}",
            "MigrateDB met a failure it has no catalogue entry for.",
            "The current run stopped; chunks already committed stay committed and the run can be resumed.",
            "Read the stack trace in logs/troubleshooting.log. If the cause is not clear, run './run.sh diagnose' and send the bundle to support."),
    ;

    private final String error;
    private final String cause;
    private final String effect;
    private final String solution;

    GeneralTrouble(String error, String cause, String effect, String solution) {
        this.error = error;
        this.cause = cause;
        this.effect = effect;
        this.solution = solution;
    }

    @Override
    public String code() {
        return name();
    }

    @Override
    public String error() {
        return error;
    }

    @Override
    public String cause() {
        return cause;
    }

    @Override
    public String effect() {
        return effect;
    }

    @Override
    public String solution() {
        return solution;
    }
}
