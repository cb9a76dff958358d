package migratedb.route;

import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import org.apache.camel.builder.RouteBuilder;

/**
 * The pipeline, in the order data travels: preflight → key setup → schema → copy → finalize → verify → report.
 * Any failure goes to the error channel (the troubleshooting route), which also writes the failed run's report.
 * A stop request (Ctrl-C, SIGTERM, Cancel) ends the run before its next stage, or inside the copy at the next
 * chunk or batch; the error channel then reports the run as interrupted.
 */
public final class MigrateRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("direct:migrate").routeId("migrate").routeConfigurationId("error-channel")
                .to("direct:preflight")
                // a resume (or a verification) works under the id of its run from here on, in the log too
                .process(LogContext::run).id("log-context-run")
                .choice()
                    .when(e -> e.getMessage().getBody(MigrationRun.class).command() == Command.VERIFY)
                        .to("direct:verify")
                    .otherwise()
                        .to("direct:key-setup")
                        .to("direct:schema")
                        .process(LogContext.stage("copy")).id("log-context-copy")
                        .to("direct:copy")
                        .to("direct:finalize")
                        .to("direct:verify")
                .end()
                .process(LogContext.stage("report")).id("log-context-report")
                .to("direct:report");
    }
}
