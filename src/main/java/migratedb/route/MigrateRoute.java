package migratedb.route;

import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import org.apache.camel.builder.RouteBuilder;

/**
 * The pipeline, in the order data travels: preflight → key setup → schema → copy → finalize → verify → report.
 * Any failure goes to the error channel (the troubleshooting route), which also writes the failed run's report.
 */
public final class MigrateRoute extends RouteBuilder {
    @Override
    public void configure() {
        from("direct:migrate").routeId("migrate").routeConfigurationId("error-channel")
                .to("direct:preflight")
                .choice()
                    .when(e -> e.getMessage().getBody(MigrationRun.class).command() == Command.VERIFY)
                        .to("direct:verify")
                    .otherwise()
                        .to("direct:key-setup")
                        .to("direct:schema")
                        .to("direct:copy")
                        .to("direct:finalize")
                        .to("direct:verify")
                .end()
                .to("direct:report");
    }
}
