package migratedb.route;

import migratedb.ops.RunStateQueries;
import migratedb.sink.TargetConnector;
import migratedb.sink.TargetDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;

/**
 * The run state a target records (MigrateDB's run and chunk tables), read through Camel JDBC: a few rows, now and
 * then, which is what the {@code jdbc:} endpoint is for. (The data itself moves through pgjdbc's COPY and
 * mssql-jdbc's bulk copy, never through an endpoint: see the README's design notes.)
 * <ul>
 *   <li>{@code direct:run-state-runs}: every run of the target, most recent first ({@code RunRow}s; none when the
 *   target holds no run state).</li>
 *   <li>{@code direct:run-state-progress}: per table, the chunks planned and committed and the committed rows of
 *   the run named in the {@code runId} header ({@code TableProgress}).</li>
 * </ul>
 * The pipeline uses them for the report of a run that did not finish, {@code ./run.sh status} and the console's
 * status endpoint for a run in progress or the last one. The endpoint's data source is the target, bound as
 * {@link #DATA_SOURCE}.
 */
public final class RunStateRoute extends RouteBuilder {
    public static final String DATA_SOURCE = "migratedbRunStateTarget";
    private static final String JDBC = "jdbc:" + DATA_SOURCE + "?useHeadersAsParameters=true&outputType=SelectList";

    private final RunStateQueries queries;

    public RunStateRoute(RunStateQueries queries) {
        this.queries = queries;
    }

    /** Adds the routes and their data source (the target) to a context: the status command's, the console's. */
    public static void addTo(CamelContext context, TargetConnector target, String schema) throws Exception {
        context.getRegistry().bind(DATA_SOURCE, new TargetDataSource(target));
        context.addRoutes(new RunStateRoute(new RunStateQueries(target.dialect(), schema)));
    }

    @Override
    public void configure() {
        // no error handler: a target that cannot be read is the caller's to report (status names it, the report of
        // an interrupted run goes without), never a stack trace on the console
        from("direct:run-state-runs").routeId("run-state-runs")
                .errorHandler(noErrorHandler())
                .bean(queries, "presence").id("run-state-runs-presence-sql")
                .to(JDBC).id("run-state-runs-presence-query")
                .choice()
                    .when(method(queries, "present")).id("run-state-runs-present")
                        .bean(queries, "runs").id("run-state-runs-sql")
                        .to(JDBC).id("run-state-runs-query")
                        .bean(queries, "toRuns").id("run-state-runs-rows")
                    .otherwise()
                        .bean(queries, "noRuns").id("run-state-no-runs")
                .end();

        from("direct:run-state-progress").routeId("run-state-progress")
                .errorHandler(noErrorHandler())
                .bean(queries, "presence").id("run-state-progress-presence-sql")
                .to(JDBC).id("run-state-progress-presence-query")
                .choice()
                    .when(method(queries, "present")).id("run-state-progress-present")
                        .bean(queries, "progress").id("run-state-progress-sql")
                        .to(JDBC).id("run-state-progress-query")
                        .bean(queries, "toProgress").id("run-state-progress-rows")
                    .otherwise()
                        .bean(queries, "noProgress").id("run-state-no-progress")
                .end();
    }
}
