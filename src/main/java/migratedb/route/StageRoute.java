package migratedb.route;

import migratedb.pipeline.MigrationRun;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;

import java.util.function.UnaryOperator;

/**
 * A single-step stage as a route: {@code direct:<id>} runs one processor on the run in the message body. The
 * stages differ only in their id and their step, so one class builds them all and adding a stage is one line in
 * {@link PipelineRuntime}. (Copy, the one stage with inner structure, has its own RouteBuilder:
 * {@link TableCopyRoute}.) Stage routes have no error handler of their own: a failure travels back to the migrate
 * route, whose error channel writes the troubleshooting entry once.
 */
public final class StageRoute extends RouteBuilder {
    private final String id;
    private final Processor step;

    /** A stage whose step is timed for the report and the route log. */
    static StageRoute timed(String id, UnaryOperator<MigrationRun> work) {
        return new StageRoute(id, new StageProcessor(id, work));
    }

    StageRoute(String id, Processor step) {
        this.id = id;
        this.step = step;
    }

    @Override
    public void configure() {
        from("direct:" + id).routeId(id)
                .errorHandler(noErrorHandler())
                .process(step).id(id + "-run");
    }
}
