package migratedb.route;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

import java.util.concurrent.ExecutorService;

/**
 * The copy stage: tables split in parallel (largest first), each table split into key-range chunks, each chunk
 * streamed as batches of rows (one exchange per batch, never per row) and committed with its checkpoint.
 * A chunk that fails transiently is redelivered whole (copy-retries); chunk-copy itself has no error handler so
 * that the failure reaches table-copy, where the redelivery restarts the chunk from its beginning.
 */
public final class TableCopyRoute extends RouteBuilder {
    private final PipelineServices services;

    public TableCopyRoute(PipelineServices services) {
        this.services = services;
    }

    @Override
    public void configure() {
        ExecutorService tablePool = getContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "table-copy", services.options().parallelTables());

        from("direct:copy").routeId("copy")
                .errorHandler(noErrorHandler())
                .bean(services.copy(), "copyStarted")
                .split(method(services.copy(), "tables")).parallelProcessing().executorService(tablePool)
                    .stopOnException()
                    .to("direct:table-copy")
                .end()
                .bean(services.copy(), "copyFinished");

        from("direct:table-copy").routeId("table-copy").routeConfigurationId("copy-retries")
                .bean(services.copy(), "planChunks").id("plan-chunks")
                .split(method(services.copy(), "chunksOf")).stopOnException()
                    .to("direct:chunk-copy").id("chunk-copy-call")
                .end()
                .bean(services.copy(), "tableDone");

        from("direct:chunk-copy").routeId("chunk-copy")
                .errorHandler(noErrorHandler())
                .doTry()
                    .bean(services.copy(), "open").id("chunk-open")
                    .split(method(services.copy(), "batches")).streaming().stopOnException()
                        .to("direct:batch-write")
                    .endDoTry()
                    .bean(services.copy(), "commit").id("chunk-commit")
                .doFinally()
                    .bean(services.copy(), "close").id("chunk-close")
                .end();

        // one exchange per batch of rows; the throttle (when configured) limits batches per second for the run
        RouteDefinition batchWrite = from("direct:batch-write").routeId("batch-write")
                .errorHandler(noErrorHandler());
        int perSecond = services.options().throttleBatchesPerSecond();
        if (perSecond > 0) {
            batchWrite.throttle(perSecond).totalRequestsMode().timePeriodMillis(1000).id("batch-throttle");
        }
        batchWrite.bean(services.copy(), "write").id("batch-write-rows");
    }
}
