package migratedb.route;

import org.apache.camel.builder.RouteBuilder;

/**
 * The single-step stages, one route each: they call their stage on the run and hold no SQL.
 * (Copy, the one stage with inner structure, has its own RouteBuilder: {@link TableCopyRoute}.)
 * Stage routes have no error handler of their own: a failure travels back to the migrate route, whose
 * error channel writes the troubleshooting entry once.
 */
public final class StageRoutes {
    private StageRoutes() {
    }

    public static final class Preflight extends RouteBuilder {
        private final PipelineServices services;

        public Preflight(PipelineServices services) {
            this.services = services;
        }

        @Override
        public void configure() {
            from("direct:preflight").routeId("preflight")
                    .errorHandler(noErrorHandler())
                    .process(new StageProcessor("preflight", services.preflight()::check)).id("preflight-check");
        }
    }

    public static final class KeySetup extends RouteBuilder {
        private final PipelineServices services;

        public KeySetup(PipelineServices services) {
            this.services = services;
        }

        @Override
        public void configure() {
            from("direct:key-setup").routeId("key-setup")
                    .errorHandler(noErrorHandler())
                    .process(new StageProcessor("key-setup", services.keySetup()::run)).id("key-setup-run");
        }
    }

    public static final class Schema extends RouteBuilder {
        private final PipelineServices services;

        public Schema(PipelineServices services) {
            this.services = services;
        }

        @Override
        public void configure() {
            from("direct:schema").routeId("schema")
                    .errorHandler(noErrorHandler())
                    .process(new StageProcessor("schema", services.schema()::create)).id("schema-create");
        }
    }

    public static final class Finalize extends RouteBuilder {
        private final PipelineServices services;

        public Finalize(PipelineServices services) {
            this.services = services;
        }

        @Override
        public void configure() {
            from("direct:finalize").routeId("finalize")
                    .errorHandler(noErrorHandler())
                    .process(new StageProcessor("finalize", services.schema()::finish)).id("finalize-run");
        }
    }

    public static final class Verify extends RouteBuilder {
        private final PipelineServices services;

        public Verify(PipelineServices services) {
            this.services = services;
        }

        @Override
        public void configure() {
            from("direct:verify").routeId("verify")
                    .errorHandler(noErrorHandler())
                    .process(new StageProcessor("verify", services.verify()::verify)).id("verify-run");
        }
    }

    /** Aggregates the per-table results into the report; the body becomes the MigrationReport. */
    public static final class Report extends RouteBuilder {
        private final PipelineServices services;

        public Report(PipelineServices services) {
            this.services = services;
        }

        @Override
        public void configure() {
            from("direct:report").routeId("report")
                    .errorHandler(noErrorHandler())
                    .bean(services.report(), "succeeded").id("report-write");
        }
    }
}
