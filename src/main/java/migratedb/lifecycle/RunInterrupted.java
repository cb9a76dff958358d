package migratedb.lifecycle;

/**
 * The run stopped because a stop was requested ({@link StopRequest}): not a failure of the data or of a server,
 * and never retried. What was committed before it stays committed; a resume continues from there.
 */
public final class RunInterrupted extends RuntimeException {
    private final String reason;
    private final String where;

    public RunInterrupted(String reason, String where, Throwable cause) {
        super("interrupted (" + reason + ") during " + where, cause);
        this.reason = reason;
        this.where = where;
    }

    /** What asked the run to stop. */
    public String reason() {
        return reason;
    }

    /** The work that was stopped (a chunk, a stage). */
    public String where() {
        return where;
    }
}
