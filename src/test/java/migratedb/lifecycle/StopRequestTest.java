package migratedb.lifecycle;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a stop request does to the work that registered with it, and how the process's runs are stopped. */
class StopRequestTest {

    @Test
    void theActionsRegisteredRunOnceWhenTheStopIsAskedForAndALateOneRunsAtOnce() {
        StopRequest stop = new StopRequest();
        List<String> ran = new ArrayList<>();
        stop.onStop(() -> ran.add("registered"));
        StopRequest.Registration withdrawn = stop.onStop(() -> ran.add("withdrawn"));
        withdrawn.close();

        assertTrue(stop.request("Ctrl-C (SIGINT)"));
        assertFalse(stop.request("SIGTERM"), "only the first request counts");
        stop.onStop(() -> ran.add("late"));

        assertEquals(List.of("registered", "late"), ran);
        assertEquals("Ctrl-C (SIGINT)", stop.reason());
    }

    @Test
    void theConnectionsRegisteredForAbortAreAbortedByTheStop() throws Exception {
        CountDownLatch aborted = new CountDownLatch(2);
        StopRequest stop = new StopRequest();
        stop.abortOnStop(aborting(aborted), aborting(aborted));

        stop.request("Cancel");

        assertTrue(aborted.await(30, TimeUnit.SECONDS), "a long statement on either would end now");
    }

    /** A connection whose driver aborts it through the executor it is given (as pgjdbc and mssql-jdbc do). */
    private static Connection aborting(CountDownLatch aborted) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("abort")) {
                        ((Executor) args[0]).execute(aborted::countDown);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void cancelStopsTheRunsInProgressButNotTheNextOnesWhileAProcessStopStopsThemAll() throws Exception {
        ActiveRuns runs = new ActiveRuns();
        StopRequest first = new StopRequest();
        ActiveRuns.Registration running = runs.register("run 1", first::request);

        assertEquals(List.of("run 1"), runs.stopAll("Cancel in the console"));
        assertEquals("Cancel in the console", first.reason());
        running.close();
        StopRequest next = new StopRequest();
        try (ActiveRuns.Registration again = runs.register("run 2", next::request)) {
            assertFalse(next.requested(), "the console keeps serving: its next run is not stopped");
        }

        runs.closeAll("SIGTERM");
        StopRequest late = new StopRequest();
        try (ActiveRuns.Registration lateOne = runs.register("run 3", late::request)) {
            assertEquals("SIGTERM", late.reason(), "a run starting while the process stops is stopped at once");
        }
        assertTrue(runs.awaitNone(Duration.ofSeconds(1)));
    }
}
