package migratedb.route;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

import java.util.concurrent.ExecutorService;

/**
 * The copy stage. Every table is planned at once: what a resume finds committed is read from the target in one
 * query (plan-resume), the tables still to copy are planned in groups of one statement each by the workers
 * (table-plan), and the checkpoints of the whole plan are written in one transaction (plan-store). Then the run's
 * workers ({@code copy.parallelTables}) take the chunks of all tables, largest table first, so several tables are
 * copied at once, small tables share the workers' time, and while a huge table is the last one left every worker
 * copies one of its chunks. A chunk is streamed as batches of rows (one exchange per batch, never per row),
 * committed with its checkpoint, and read back from the target to verify it, on the worker's own source session and
 * target connection, which serve chunk after chunk.
 * <p>
 * A chunk that fails transiently is redelivered whole: chunk-copy carries the copy-retries configuration and calls
 * chunk-attempt, which has no error handler, so the failure reaches chunk-copy, whose redelivery runs the attempt
 * again from its beginning (the previous attempt's transaction was rolled back, its broken connection discarded).
 */
public final class TableCopyRoute extends RouteBuilder {
    private final PipelineServices services;

    /** The run, kept for the chunks' exchanges: a table copied hands its own finalize step to finalize-table. */
    private static final String RUN = "migratedb.run";

    public TableCopyRoute(PipelineServices services) {
        this.services = services;
    }

    /** The body becomes the copied table's own finalize step (or null when it has none). */
    private void ownFinalizeStep(org.apache.camel.Exchange exchange) {
        migratedb.copy.ChunkWork w = exchange.getMessage().getBody(migratedb.copy.ChunkWork.class);
        exchange.getMessage().setBody(services.schema().ownStep(
                exchange.getProperty(RUN, migratedb.pipeline.MigrationRun.class), w.job().name()));
    }

    @Override
    public void configure() {
        ExecutorService workers = services.workerPool(this, getContext());

        from("direct:copy").routeId("copy")
                .errorHandler(noErrorHandler())
                .bean(services.copy(), "copyStarted").id("copy-start")
                .to("direct:plan-resume").id("plan-resume-call")
                .split(method(services.copy(), "planGroups")).parallelProcessing().executorService(workers)
                    .stopOnException()
                    .to("direct:table-plan").id("table-plan-call")
                .end()
                .to("direct:plan-store").id("plan-store-call")
                .setProperty(RUN, body()).id("copy-run")
                .split(method(services.copy(), "chunks")).parallelProcessing().executorService(workers)
                    .stopOnException()
                    .to("direct:chunk-copy").id("chunk-copy-call")
                    // a table whose last chunk just committed gets its own keys and indexes now, on this worker
                    .filter(method(services.copy(), "completedItsTable")).id("table-copied")
                        .process(this::ownFinalizeStep).id("table-finalize-step")
                        .filter(body().isNotNull()).id("table-finalize-needed")
                            .to("direct:finalize-table").id("table-finalize-call")
                        .end()
                    .end()
                .end()
                .bean(services.copy(), "copyFinished").id("copy-finish");

        RetriedStep.define(this, "plan-resume", "copy-retries",
                attempt -> attempt.bean(services.copy(), "loadCheckpoints").id("checkpoints-load"));

        from("direct:table-plan").routeId("table-plan").routeConfigurationId("copy-retries")
                .bean(services.copy(), "planGroup").id("plan-group");

        RetriedStep.define(this, "plan-store", "copy-retries",
                attempt -> attempt.bean(services.copy(), "storePlans").id("checkpoints-store"));

        from("direct:chunk-copy").routeId("chunk-copy").routeConfigurationId("copy-retries")
                .to("direct:chunk-attempt").id("chunk-attempt-call");

        // close runs after the commit and the read-back, or abandon after a failure before the failure is thrown on
        // to chunk-copy. (Not a doFinally: a failure leaving a doFinally is not redelivered by chunk-copy's error
        // handler, measured with Camel 4.22; a rethrow from doCatch is.)
        from("direct:chunk-attempt").routeId("chunk-attempt")
                .errorHandler(noErrorHandler())
                .doTry()
                    .bean(services.copy(), "open").id("chunk-open")
                    .split(method(services.copy(), "batches")).streaming().stopOnException()
                        .to("direct:batch-write").id("batch-write-call")
                    .endDoTry()
                    .bean(services.copy(), "commit").id("chunk-commit")
                    .bean(services.copy(), "verifyCommitted").id("chunk-verify")
                    .bean(services.copy(), "close").id("chunk-close")
                .doCatch(Exception.class)
                    .bean(services.copy(), "abandon").id("chunk-close-after-failure")
                    .process(RetriedStep::rethrow).id("chunk-failed")
                .end();

        // one exchange per batch of rows; the throttle (when configured) limits the whole run's write rate
        RouteDefinition batchWrite = from("direct:batch-write").routeId("batch-write")
                .errorHandler(noErrorHandler());
        PipelineServices.Throttle throttle = services.options().throttle();
        if (throttle.active()) {
            batchWrite.throttle(throttle.batchesPerPeriod()).totalRequestsMode()
                    .timePeriodMillis(throttle.periodMillis()).id("batch-throttle");
        }
        batchWrite.bean(services.copy(), "write").id("batch-write-rows");
    }
}
