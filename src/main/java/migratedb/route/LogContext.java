package migratedb.route;

import migratedb.pipeline.MigrationRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.MDC;

import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * The route log's context: the run id and the stage on every line ({@code run=... stage=... table=...}), so that
 * {@code grep run=<id> logs/migration.log} gives one run and {@code grep stage=copy} one stage. Set in the
 * pipeline's thread; a thread of the run's Camel thread pools (the copy workers) starts with the context of the
 * thread that made it.
 */
public final class LogContext {
    public static final String RUN = "runId";
    public static final String STAGE = "stage";

    private LogContext() {
    }

    /** The run id of the run in the message body (it changes once: a resume takes the id of the run it resumes). */
    public static void run(Exchange exchange) {
        MigrationRun run = exchange.getMessage().getBody(MigrationRun.class);
        if (run != null) {
            MDC.put(RUN, run.runId());
        }
    }

    /** Names the stage on the lines that follow (stages with a step of their own name themselves). */
    public static Processor stage(String stage) {
        return exchange -> MDC.put(STAGE, stage);
    }

    /** Camel's thread pools of a run make threads that carry the logging context of the thread that made them. */
    public static ExecutorServiceManager.ThreadFactoryListener inherited() {
        return (source, factory) -> new Inheriting(factory);
    }

    private record Inheriting(ThreadFactory factory) implements ThreadFactory {
        @Override
        public Thread newThread(Runnable task) {
            Map<String, String> context = MDC.getCopyOfContextMap();
            return factory.newThread(() -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                task.run();
            });
        }
    }
}
