package migratedb.route;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.model.RouteDefinition;

import java.util.concurrent.ExecutorService;

/**
 * The copy stage. Every table is planned first (largest first) into key-range or page-range chunks; then a pool of
 * {@code copy.parallelTables} workers takes the chunks in that order, so several tables are copied at once and,
 * while a huge table is the last one left, every worker copies one of its chunks. A chunk is streamed as batches
 * of rows (one exchange per batch, never per row) and committed with its checkpoint.
 * <p>
 * A chunk that fails transiently is redelivered whole: chunk-copy carries the copy-retries configuration and calls
 * chunk-attempt, which has no error handler, so the failure reaches chunk-copy, whose redelivery runs the attempt
 * again from its beginning (the previous attempt's transaction was rolled back).
 */
public final class TableCopyRoute extends RouteBuilder {
    private final PipelineServices services;

    public TableCopyRoute(PipelineServices services) {
        this.services = services;
    }

    /** Hands the failure caught by doCatch on to the caller, as if it had not been caught. */
    private static void rethrow(Exchange exchange) throws Exception {
        throw exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }

    @Override
    public void configure() {
        int workers = services.options().parallelTables();
        // a queue for every chunk keeps them in the order given (largest table first) and never more than
        // copy.parallelTables at once (Camel reads maxQueueSize -1 as a SynchronousQueue: the 3rd chunk would run
        // in the caller thread)
        ExecutorService chunkPool = getContext().getExecutorServiceManager().newThreadPool(this, "chunk-copy",
                new ThreadPoolProfileBuilder("chunk-copy").poolSize(workers).maxPoolSize(workers)
                        .maxQueueSize(Integer.MAX_VALUE).build());

        from("direct:copy").routeId("copy")
                .errorHandler(noErrorHandler())
                .bean(services.copy(), "copyStarted").id("copy-start")
                .split(method(services.copy(), "tables")).stopOnException()
                    .to("direct:table-copy").id("table-plan-call")
                .end()
                .split(method(services.copy(), "chunks")).parallelProcessing().executorService(chunkPool)
                    .stopOnException()
                    .to("direct:chunk-copy").id("chunk-copy-call")
                .end()
                .bean(services.copy(), "copyFinished").id("copy-finish");

        from("direct:table-copy").routeId("table-copy").routeConfigurationId("copy-retries")
                .bean(services.copy(), "planChunks").id("plan-chunks");

        from("direct:chunk-copy").routeId("chunk-copy").routeConfigurationId("copy-retries")
                .to("direct:chunk-attempt").id("chunk-attempt-call");

        // close runs after the commit, or after a failure before the failure is thrown on to chunk-copy. (Not a
        // doFinally: a failure leaving a doFinally is not redelivered by chunk-copy's error handler, measured with
        // Camel 4.22; a rethrow from doCatch is.)
        from("direct:chunk-attempt").routeId("chunk-attempt")
                .errorHandler(noErrorHandler())
                .doTry()
                    .bean(services.copy(), "open").id("chunk-open")
                    .split(method(services.copy(), "batches")).streaming().stopOnException()
                        .to("direct:batch-write").id("batch-write-call")
                    .endDoTry()
                    .bean(services.copy(), "commit").id("chunk-commit")
                    .bean(services.copy(), "close").id("chunk-close")
                .doCatch(Exception.class)
                    .bean(services.copy(), "close").id("chunk-close-after-failure")
                    .process(TableCopyRoute::rethrow).id("chunk-failed")
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
