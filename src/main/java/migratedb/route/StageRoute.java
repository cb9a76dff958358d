package migratedb.route;

import migratedb.pipeline.MigrationRun;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

import java.util.function.UnaryOperator;

/**
 * A single-step stage as a route: {@code direct:<id>} runs one processor on the run in the message body. The
 * stages differ only in their id and their step, so one class builds them all and adding a stage is one line in
 * {@link PipelineRuntime}. (Copy, finalize and verify, the stages with inner structure, have their own
 * RouteBuilders: {@link TableCopyRoute}, {@link FinalizeRoute}, {@link VerifyRoute}.) Stage routes have no error
 * handler of their own: a failure travels back to the migrate route, whose error channel writes the troubleshooting
 * entry once; a {@link #retried} stage redelivers its step after a transient failure first (stage-retries, through
 * {@link RetriedStep}).
 */
public final class StageRoute extends RouteBuilder {
    private final String id;
    private final Processor step;
    private final boolean retried;

    /** A stage whose step is timed for the report and the route log. */
    static StageRoute timed(String id, UnaryOperator<MigrationRun> work) {
        return new StageRoute(id, new StageProcessor(id, work), false);
    }

    /** The same, redelivered whole after a transient failure (a lost connection, a timeout, a deadlock victim). */
    static StageRoute retried(String id, UnaryOperator<MigrationRun> work) {
        return new StageRoute(id, new StageProcessor(id, work), true);
    }

    StageRoute(String id, Processor step) {
        this(id, step, false);
    }

    private StageRoute(String id, Processor step, boolean retried) {
        this.id = id;
        this.step = step;
        this.retried = retried;
    }

    @Override
    public void configure() {
        if (retried) {
            RetriedStep.define(this, id, "stage-retries", attempt -> attempt.process(step).id(id + "-run"));
            return;
        }
        from("direct:" + id).routeId(id)
                .errorHandler(noErrorHandler())
                .process(step).id(id + "-run");
    }
}
