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
                .to("direct:preflight").id("preflight-call")
                // a resume (or a verification) works under the id of its run from here on, in the log too
                .process(LogContext::run).id("log-context-run")
                .choice().id("migrate-or-verify")
                    .when(e -> e.getMessage().getBody(MigrationRun.class).command() == Command.VERIFY)
                        .to("direct:verify").id("verify-only-call")
                    .otherwise()
                        .to("direct:key-setup").id("key-setup-call")
                        .to("direct:schema").id("schema-call")
                        .process(LogContext.stage("copy")).id("log-context-copy")
                        .to("direct:copy").id("copy-call")
                        .to("direct:finalize").id("finalize-call")
                        .to("direct:verify").id("verify-call")
                .end()
                .process(LogContext.stage("report")).id("log-context-report")
                .to("direct:report").id("report-call");
    }
}
