package migratedb.lifecycle;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A request to stop a run early, made once (Ctrl-C, SIGTERM, the console's Cancel) and seen by every worker:
 * no new chunk starts after it, a chunk in flight stops at its next batch and rolls back, and a failure that
 * follows it (a connection closed by the shutdown) is the interruption, never a transient failure to retry.
 * Work that cannot look at the request while it waits (a long query, a retry's back-off) registers an action that
 * the request runs ({@link #onStop}). Thread-safe; one per run.
 */
public final class StopRequest {
    /** Aborts run on threads of their own: a driver's abort may block until the server answers. */
    private static final Executor ABORTS = command -> {
        Thread t = new Thread(command, "stop-abort");
        t.setDaemon(true);
        t.start();
    };

    private final AtomicReference<String> reason = new AtomicReference<>();
    private final List<Runnable> actions = new ArrayList<>();

    /** A registered action; closing it unregisters the action. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Asks the run to stop. Only the first request counts (its reason is the one reported); it runs the registered
     * actions in the caller's thread.
     *
     * @return true for the first request, false when a stop was already requested
     */
    public boolean request(String why) {
        List<Runnable> toRun;
        synchronized (actions) {
            if (!reason.compareAndSet(null, why == null || why.isBlank() ? "stop requested" : why)) {
                return false;
            }
            toRun = List.copyOf(actions);
            actions.clear();
        }
        toRun.forEach(StopRequest::runQuietly);
        return true;
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

    /**
     * Runs {@code action} when the stop is requested, or at once when it already was, unless the registration is
     * closed before. The action must be quick: it runs in the thread that asks for the stop (a signal handler, the
     * console's request).
     */
    public Registration onStop(Runnable action) {
        synchronized (actions) {
            if (reason.get() == null) {
                actions.add(action);
                return () -> {
                    synchronized (actions) {
                        actions.remove(action);
                    }
                };
            }
        }
        runQuietly(action);
        return () -> { };
    }

    /**
     * Aborts the connections when the stop is requested, so a statement that runs for minutes (a table scan, an
     * index build) ends at once with an error that the run then reports as the interruption.
     */
    public Registration abortOnStop(Connection... connections) {
        return onStop(() -> {
            for (Connection c : connections) {
                if (c != null) {
                    // on a thread of its own: some drivers close in the calling thread, waiting for the statement
                    ABORTS.execute(() -> {
                        try {
                            c.abort(ABORTS);
                        } catch (SQLException | RuntimeException | AbstractMethodError ignored) {
                            // a driver without abort: the work stops at its next check of the request
                        }
                    });
                }
            }
        });
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException ignored) {
            // one action failing must not keep the others from stopping their work
        }
    }
}
