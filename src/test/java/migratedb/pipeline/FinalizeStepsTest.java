package migratedb.pipeline;

import migratedb.config.Settings;
import migratedb.lifecycle.RunInterrupted;
import migratedb.sink.TargetConnector;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Finalize's per-table steps, as the finalize route's workers run them (public: the stand-in calls its probe). */
public class FinalizeStepsTest {
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();

    /** Called by the stand-in as a statement of a step: counts how many steps run at once. */
    public static int probe() throws InterruptedException {
        MOST_AT_ONCE.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
        Thread.sleep(50);
        RUNNING.decrementAndGet();
        return 0;
    }

    /** H2 locks its whole catalog for each DDL statement: two steps at once would time out waiting for it. */
    @Test
    void onATargetThatLocksItsCatalogForDdlTheWorkersRunOneTablesStepAtATime() throws Exception {
        Settings settings = Settings.of(Map.of("target.url", "jdbc:h2:mem:finalize-steps"));
        MigrationRun run = new MigrationRun(Command.MIGRATE, settings, null, TargetConnector.from(settings), null,
                false);
        try (Connection c = run.targetPool().borrow(); Statement st = c.createStatement()) {
            st.execute("CREATE ALIAS PROBE FOR \"" + FinalizeStepsTest.class.getName() + ".probe\"");
        }
        SchemaStage stage = new SchemaStage();
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                SchemaStage.FinishStep step = new SchemaStage.FinishStep(run, "public.t" + i, "finalize",
                        List.of("CALL PROBE()"));
                done.add(workers.submit(() -> stage.finishTable(step)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            workers.shutdown();
            run.close();
        }

        assertEquals(1, MOST_AT_ONCE.get(), "one table's step at a time");
    }

    /** A stop request (Ctrl-C) ends finalize: no table's step starts after it. */
    @Test
    void noTablesStepStartsAfterAStopRequest() {
        Settings settings = Settings.of(Map.of("target.url", "jdbc:h2:mem:finalize-stop"));
        MigrationRun run = new MigrationRun(Command.MIGRATE, settings, null, TargetConnector.from(settings), null,
                false);
        run.stopRequest().request("Ctrl-C (SIGINT)");
        try {
            RunInterrupted stopped = assertThrows(RunInterrupted.class, () -> new SchemaStage().finishTable(
                    new SchemaStage.FinishStep(run, "public.t1", "foreign keys", List.of("CALL PROBE()"))));
            assertEquals("Ctrl-C (SIGINT)", stopped.reason());
        } finally {
            run.close();
        }
    }
}
