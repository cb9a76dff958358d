package migratedb.cli;

import migratedb.lifecycle.ActiveRuns;
import sun.misc.Signal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) and SIGTERM for a command-line process, handled by MigrateDB instead of the JVM's default (which
 * starts the JVM's shutdown at once: H2 closes under the chunks in flight, Camel stops under the run).
 * <ul>
 *   <li>The first signal asks every run of the process to stop ({@link ActiveRuns}): no new chunk starts, the
 *   chunks in flight roll back, the run's report is written as interrupted, a bundled PostgreSQL is stopped, and
 *   the command returns; the process then exits with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).
 *   A command that runs nothing stoppable (setup, test, assess, an import...) ends at once, as it always did.</li>
 *   <li>If the runs have not ended after {@link #GRACE}, the process ends anyway.</li>
 *   <li>A second signal ends the process at once.</li>
 * </ul>
 * Where the JVM does not let a program handle these signals (started with -Xrs, or a platform without them), a
 * shutdown hook asks the runs to stop and waits for them instead, racing the JVM's other hooks.
 */
final class StopSignals {
    /** How long the runs get to stop cleanly: a chunk rolls back and the report is written in a few seconds. */
    static final Duration GRACE = Duration.ofSeconds(20);
    /** How long the JVM's shutdown hooks (a bundled PostgreSQL's stop) get when the process ends at once. */
    private static final Duration HOOKS = Duration.ofSeconds(5);

    private final ActiveRuns runs;
    private final PrintStream err;
    private final AtomicInteger signals = new AtomicInteger();
    private volatile int exitCode;

    private StopSignals(ActiveRuns runs, PrintStream err) {
        this.runs = runs;
        this.err = err;
    }

    /** Takes over SIGINT and SIGTERM for the process (only {@code main} does: tests run the CLI in their own JVM). */
    static StopSignals install(ActiveRuns runs, PrintStream err) {
        StopSignals s = new StopSignals(runs, err);
        if (!(s.handle("INT") & s.handle("TERM"))) {
            Runtime.getRuntime().addShutdownHook(new Thread(s::stopAtShutdown, "migratedb-stop-runs"));
        }
        return s;
    }

    private boolean handle(String name) {
        try {
            Signal.handle(new Signal(name), sig -> received(reason(sig.getName()), 128 + sig.getNumber()));
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError unavailable) {
            return false; // -Xrs, or no such signal here: the shutdown hook stands in
        }
    }

    static String reason(String signal) {
        return "INT".equals(signal) ? "Ctrl-C (SIGINT)" : "SIG" + signal;
    }

    /** The process's exit code: the signal's when one arrived and the command did not complete, else its own. */
    int exitCode(int commandCode) {
        return signals.get() > 0 && commandCode != Console.OK ? exitCode : commandCode;
    }

    void received(String reason, int code) {
        if (signals.incrementAndGet() > 1) {
            err.println();
            err.println("Ending at once (" + reason + " again). Committed chunks stay in the target; "
                    + "'./run.sh status' tells what to do next.");
            endNow(exitCode);
            return;
        }
        exitCode = code;
        List<String> stopping = runs.closeAll(reason);
        if (stopping.isEmpty()) {
            endNow(code); // nothing that stops cleanly runs here: ends as before, a bundled PostgreSQL stops
            return;
        }
        err.println();
        err.println("Stopping after " + reason + ": no new chunk starts, the chunks in flight are rolled back and "
                + "the report is written as interrupted. A second Ctrl-C (or signal) ends at once.");
        Thread watchdog = new Thread(() -> {
            try {
                if (!runs.awaitNone(GRACE)) {
                    err.println("MigrateDB did not stop within " + GRACE.toSeconds() + " s; ending now. "
                            + "Committed chunks stay in the target; './run.sh resume' continues.");
                    endNow(code);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "migratedb-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Ends the process: the JVM's shutdown hooks run (a bundled PostgreSQL is stopped), bounded by {@link #HOOKS}.
     */
    private static void endNow(int code) {
        Thread exit = new Thread(() -> System.exit(code), "migratedb-exit");
        exit.start();
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HOOKS.toMillis());
            } catch (InterruptedException ignored) {
                // ends now
            }
            Runtime.getRuntime().halt(code);
        }, "migratedb-halt");
        halt.setDaemon(true);
        halt.start();
    }

    /** Without signal handling: the JVM is shutting down; give the runs the grace time to stop cleanly. */
    private void stopAtShutdown() {
        if (runs.closeAll("shutdown (SIGINT or SIGTERM)").isEmpty()) {
            return;
        }
        try {
            runs.awaitNone(GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
