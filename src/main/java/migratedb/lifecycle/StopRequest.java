package migratedb.lifecycle;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A request to stop a run early, made once (Ctrl-C, SIGTERM, the console's Cancel) and seen by every worker:
 * no new chunk starts after it, a chunk in flight stops at its next batch and rolls back, and a failure that
 * follows it (a connection closed by the shutdown) is the interruption, never a transient failure to retry.
 * Thread-safe; one per run.
 */
public final class StopRequest {
    private final AtomicReference<String> reason = new AtomicReference<>();

    /**
     * Asks the run to stop. Only the first request counts (its reason is the one reported).
     *
     * @return true for the first request, false when a stop was already requested
     */
    public boolean request(String why) {
        return reason.compareAndSet(null, why == null || why.isBlank() ? "stop requested" : why);
    }

    public boolean requested() {
        return reason.get() != null;
    }

    /** Why the run was asked to stop ("Ctrl-C (SIGINT)", ...), or null when it was not. */
    public String reason() {
        return reason.get();
    }

    /** Throws {@link RunInterrupted} when a stop was requested: called before work that must not start. */
    public void throwIfRequested(String where) {
        String why = reason.get();
        if (why != null) {
            throw new RunInterrupted(why, where, null);
        }
    }
}
