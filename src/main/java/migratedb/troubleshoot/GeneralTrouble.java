package migratedb.troubleshoot;

/** Failures that belong to no particular stage. */
public enum GeneralTrouble implements Trouble {
    RETRIES_EXHAUSTED(
            "Gave up on {what} after {attempts} attempts: {error}",
            "The connection to the source or the target was lost, timed out or was chosen as deadlock victim, again "
                    + "and again.",
            "The run stopped. What was committed stays committed; once the copy has started, the run can be resumed.",
            "Check the network and both servers, then run the command again ('./run.sh resume' once the copy has "
                    + "started). Raise copy.retry.maxAttempts for an unstable network."),
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
