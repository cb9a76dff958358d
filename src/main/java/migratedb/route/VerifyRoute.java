package migratedb.route;

import org.apache.camel.builder.RouteBuilder;

import java.util.concurrent.ExecutorService;

/**
 * The verify stage, across tables on the run's workers: the run's checkpoints are read once (verify-prepare), then
 * each table is verified (verify-table), adding up what the copy's workers read back and reading the rest. A
 * transient failure is redelivered (stage-retries) for the one table it hit.
 */
public final class VerifyRoute extends RouteBuilder {
    private final PipelineServices services;

    public VerifyRoute(PipelineServices services) {
        this.services = services;
    }

    @Override
    public void configure() {
        ExecutorService workers = services.workerPool(this, getContext());

        from("direct:verify").routeId("verify")
                .errorHandler(noErrorHandler())
                .process(StageProcessor.started("verify")).id("verify-start")
                .to("direct:verify-prepare").id("verify-prepare-call")
                .split(method(services.verify(), "tables")).parallelProcessing().executorService(workers)
                    .stopOnException()
                    .to("direct:verify-table").id("verify-table-call")
                .end()
                .bean(services.verify(), "finish").id("verify-summary")
                .process(StageProcessor.finished("verify")).id("verify-done");

        RetriedStep.define(this, "verify-prepare", "stage-retries",
                attempt -> attempt.bean(services.verify(), "prepare").id("verify-prepare-run"));

        from("direct:verify-table").routeId("verify-table").routeConfigurationId("stage-retries")
                .bean(services.verify(), "verifyTable").id("verify-table-run");
    }
}
