package migratedb.route;

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

    @Override
    public void configure() {
        int workers = services.options().parallelTables();
        // an unbounded queue keeps the chunks in the order given (largest table first) however many there are
        ExecutorService chunkPool = getContext().getExecutorServiceManager().newThreadPool(this, "chunk-copy",
                new ThreadPoolProfileBuilder("chunk-copy").poolSize(workers).maxPoolSize(workers)
                        .maxQueueSize(-1).build());

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

        from("direct:chunk-attempt").routeId("chunk-attempt")
                .errorHandler(noErrorHandler())
                .doTry()
                    .bean(services.copy(), "open").id("chunk-open")
                    .split(method(services.copy(), "batches")).streaming().stopOnException()
                        .to("direct:batch-write").id("batch-write-call")
                    .endDoTry()
                    .bean(services.copy(), "commit").id("chunk-commit")
                .doFinally()
                    .bean(services.copy(), "close").id("chunk-close")
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
