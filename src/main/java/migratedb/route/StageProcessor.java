package migratedb.route;

import migratedb.pipeline.MigrationRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.function.UnaryOperator;

/**
 * Runs one pipeline stage on the run in the message body, timing it for the report and the route log. A stage made
 * of several route steps (finalize, verify) is timed by {@link #started} and {@link #finished} around them.
 */
final class StageProcessor implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.stage");

    private final String stage;
    private final UnaryOperator<MigrationRun> work;

    StageProcessor(String stage, UnaryOperator<MigrationRun> work) {
        this.stage = stage;
        this.work = work;
    }

    /** The exchange property holding a multi-step stage's start. */
    private static final String STARTED = "migratedb.stageStarted";

    /** The first step of a stage made of several: the same log line and logging context as a one-step stage. */
    static Processor started(String stage) {
        return exchange -> {
            exchange.getMessage().getMandatoryBody(MigrationRun.class).stopRequest()
                    .throwIfRequested("the " + stage + " stage"); // a stopped run starts no further stage
            MDC.put("stage", stage);
            exchange.setProperty(STARTED, System.nanoTime());
            LOG.info("Stage {} started", stage);
        };
    }

    /** The last step of a stage made of several: its time goes to the report. */
    static Processor finished(String stage) {
        return exchange -> {
            long millis = (System.nanoTime() - exchange.getProperty(STARTED, Long.class)) / 1_000_000;
            exchange.getMessage().getMandatoryBody(MigrationRun.class).stageDone(stage, millis);
            LOG.info("Stage {} done in {} ms", stage, millis);
            MDC.remove("stage");
        };
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        MigrationRun run = exchange.getMessage().getMandatoryBody(MigrationRun.class);
        run.stopRequest().throwIfRequested("the " + stage + " stage"); // a stopped run starts no further stage
        MDC.put("stage", stage);
        long start = System.nanoTime();
        try {
            LOG.info("Stage {} started", stage);
            exchange.getMessage().setBody(work.apply(run));
            long millis = (System.nanoTime() - start) / 1_000_000;
            run.stageDone(stage, millis);
            LOG.info("Stage {} done in {} ms", stage, millis);
        } finally {
            MDC.remove("stage");
        }
    }
}
