package migratedb.route;

import org.apache.camel.builder.RouteBuilder;

import java.util.concurrent.ExecutorService;

/**
 * The finalize stage, across tables on the run's workers: first every table's own statements (unique keys,
 * indexes, checks, comments, identity), then every table's foreign keys, which need the unique key or index they
 * reference to exist. A table's step that fails transiently is redelivered (finalize-table carries stage-retries),
 * keeping what it created already.
 */
public final class FinalizeRoute extends RouteBuilder {
    private final PipelineServices services;

    public FinalizeRoute(PipelineServices services) {
        this.services = services;
    }

    @Override
    public void configure() {
        ExecutorService workers = services.workerPool(this, getContext());

        from("direct:finalize").routeId("finalize")
                .errorHandler(noErrorHandler())
                .process(StageProcessor.started("finalize")).id("finalize-start")
                .split(method(services.schema(), "ownSteps")).parallelProcessing().executorService(workers)
                    .stopOnException()
                    .to("direct:finalize-table").id("finalize-own-call")
                .end()
                .split(method(services.schema(), "foreignKeySteps")).parallelProcessing().executorService(workers)
                    .stopOnException()
                    .to("direct:finalize-table").id("finalize-keys-call")
                .end()
                .bean(services.schema(), "finished").id("finalize-summary")
                .process(StageProcessor.finished("finalize")).id("finalize-done");

        from("direct:finalize-table").routeId("finalize-table").routeConfigurationId("stage-retries")
                .bean(services.schema(), "finishTable").id("finalize-table-run");
    }
}
