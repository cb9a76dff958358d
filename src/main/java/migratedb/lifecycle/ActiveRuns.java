package migratedb.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The runs (and services) in progress in this process, so that one stop reaches them all: Ctrl-C or SIGTERM in a
 * command-line process, the Cancel button of the console. A run registers when it starts and unregisters when it
 * has ended (its report written). One per process; thread-safe.
 */
public final class ActiveRuns {
    private final Map<Long, Entry> active = new LinkedHashMap<>();
    private long next;
    private String closedBecause;

    private record Entry(String name, Consumer<String> stop) {
    }

    /** A registered run; closing it says the run has ended. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Registers a run (or a service) by name with what stops it (it is given the reason, e.g. "Ctrl-C (SIGINT)").
     * After {@link #closeAll} the stop is asked for at once: a run that starts while the process is stopping ends.
     */
    public Registration register(String name, Consumer<String> stop) {
        long id;
        String stopNow;
        synchronized (active) {
            id = next++;
            active.put(id, new Entry(name, stop));
            stopNow = closedBecause;
        }
        if (stopNow != null) {
            stop.accept(stopNow);
        }
        return () -> {
            synchronized (active) {
                active.remove(id);
                active.notifyAll();
            }
        };
    }

    /**
     * Asks every registered run to stop, the newest first (a run before the service that started it); the process
     * keeps serving (the console's Cancel). Returns their names.
     */
    public List<String> stopAll(String reason) {
        List<Entry> entries;
        synchronized (active) {
            entries = new ArrayList<>(active.values());
        }
        java.util.Collections.reverse(entries);
        entries.forEach(e -> e.stop().accept(reason));
        return entries.stream().map(Entry::name).toList();
    }

    /** The process is stopping: every run is asked to stop, and so is every run registering from now on. */
    public List<String> closeAll(String reason) {
        synchronized (active) {
            if (closedBecause == null) {
                closedBecause = reason;
            }
        }
        return stopAll(reason);
    }

    /** The names of the runs in progress. */
    public List<String> names() {
        synchronized (active) {
            return active.values().stream().map(Entry::name).toList();
        }
    }

    /** Waits until no run is registered; false when some still are after {@code timeout}. */
    public boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (active) {
            while (!active.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                active.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
