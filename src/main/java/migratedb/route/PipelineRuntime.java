package migratedb.route;

import migratedb.config.Home;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.copy.CopyEngine;
import migratedb.copy.ProgressListener;
import migratedb.lifecycle.ActiveRuns;
import migratedb.lifecycle.StopRequest;
import migratedb.ops.RunLock;
import migratedb.ops.RunStateQueries;
import migratedb.pipeline.KeySetupStage;
import migratedb.pipeline.MigrationRun;
import migratedb.pipeline.PreflightStage;
import migratedb.pipeline.ReportStage;
import migratedb.pipeline.SchemaStage;
import migratedb.pipeline.VerifyStage;
import migratedb.report.MigrationReport;
import migratedb.sink.TargetDataSource;
import migratedb.troubleshoot.TroubleshootingLog;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.slf4j.MDC;

import java.util.List;

/**
 * Runs one migration as a Camel Main application: builds the pipeline's routes for the run's settings, sends the
 * run to direct:migrate and returns the report. One Camel context per run keeps each run's tunables its own.
 * <p>
 * The run is registered in the process's {@link ActiveRuns} while it works, so that Ctrl-C, SIGTERM or the
 * console's Cancel reach it: its stop request ends the copy, aborts a retry's back-off, and the run ends with its
 * report as interrupted. Camel is never stopped under the run by a JVM shutdown hook of its own: the process
 * decides when it ends (see the command line's signal handling).
 */
public final class PipelineRuntime {

    public MigrationReport execute(MigrationRun run, ProgressListener progress) throws Exception {
        return execute(run, progress, new ActiveRuns());
    }

    public MigrationReport execute(MigrationRun run, ProgressListener progress, ActiveRuns activeRuns)
            throws Exception {
        Settings s = run.settings();
        ProgressListener copyProgress = ProgressListener.both(progress, run.throughput());
        CopyEngine copyEngine = new CopyEngine(() -> run.copyContext(copyProgress));
        PipelineServices services = new PipelineServices(new PreflightStage(), new KeySetupStage(),
                new SchemaStage(), copyEngine,
                new VerifyStage(), new ReportStage(),
                new TroubleshootingLog(Home.logs()), options(s), new PipelineServices.Workers());
        Main main = new Main();
        // no hang-up hook: at JVM shutdown Camel would stop under the run, and H2 would close under its chunks
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        main.configure().withName("migratedb-" + run.runId())
                .withJmxEnabled(false)
                .withShutdownTimeout(10);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                m.getCamelContext().getExecutorServiceManager().addThreadFactoryListener(LogContext.inherited());
            }
        });
        main.bind(RunStateRoute.DATA_SOURCE, new TargetDataSource(run.target()));
        routes(services, new RunStateQueries(run.target().dialect(), run.targetSchema()))
                .forEach(main.configure()::addRoutesBuilder);
        String logContextBefore = MDC.get(LogContext.RUN);
        MDC.put(LogContext.RUN, run.runId());
        try (ActiveRuns.Registration registered = activeRuns.register("run " + run.runId(),
                reason -> run.stopRequest().request(reason));
             StopRequest.Registration noRedelivery = run.stopRequest().onStop(
                     () -> RedeliveryStop.prepare(main.getCamelContext()))) {
            RunLock lock;
            try { // two runs never work on the same target: refused here, before anything starts
                lock = RunLock.acquire(s.path(SettingKeys.WORK_DIR).resolve("locks"), run.target().displayUrl(),
                        run.runId(), run.command().label());
            } catch (RuntimeException refused) {
                run.close();
                throw refused;
            }
            try (lock) { // released only once the pipeline has stopped
                main.start();
                try {
                    ProducerTemplate template = main.getCamelContext().createProducerTemplate();
                    return template.requestBody("direct:migrate", run, MigrationReport.class);
                } finally {
                    copyEngine.abandonOpenChunks(); // before the pool closes: no chunk transaction outlives the run
                    run.close();
                    main.stop();
                }
            }
        } finally {
            if (logContextBefore == null) {
                MDC.remove(LogContext.RUN);
            } else {
                MDC.put(LogContext.RUN, logContextBefore);
            }
        }
    }

    /** The pipeline's routes, in the order data travels (a test reads their ids against the README's diagram). */
    static List<RoutesBuilder> routes(PipelineServices services, RunStateQueries runState) {
        return List.of(new ErrorHandlingConfiguration(services.options()),
                new MigrateRoute(),
                StageRoute.retried("preflight", services.preflight()::check),
                StageRoute.timed("key-setup", services.keySetup()::run),
                StageRoute.timed("schema", services.schema()::create),
                new TableCopyRoute(services),
                new FinalizeRoute(services),
                new VerifyRoute(services),
                // the report aggregates the results into the body (a MigrationReport); it is not a timed stage
                new StageRoute("report", exchange -> exchange.getMessage().setBody(services.report().succeeded(
                        exchange.getMessage().getMandatoryBody(MigrationRun.class)))),
                new TroubleshootingRoute(services),
                // the run state through Camel JDBC: the report of a run that did not finish
                new RunStateRoute(runState));
    }

    /** The route tunables, validated: a bad value is refused naming its key before the run starts. */
    public static PipelineServices.RunOptions options(Settings s) {
        // read here only to refuse a bad value before the run; the copy engine reads them per chunk
        s.getInt(SettingKeys.BATCH_SIZE, 1, 1_000_000);
        s.getInt(SettingKeys.FETCH_SIZE, 1, 1_000_000);
        s.getLong(SettingKeys.CHUNK_ROWS, 1_000, Long.MAX_VALUE);
        s.getLong(SettingKeys.REJECT_MAX, 0, Long.MAX_VALUE);
        s.oneOf(SettingKeys.REJECT_POLICY, "fail", "skip");
        s.oneOf(SettingKeys.SOURCE_READER, "copy", "cursor");
        return new PipelineServices.RunOptions(
                s.getInt(SettingKeys.PARALLEL_TABLES, 1, 64),
                PipelineServices.Throttle.of(s.getInt(SettingKeys.THROTTLE_BATCHES_PER_SECOND, 0, 1_000_000),
                        s.getLong(SettingKeys.THROTTLE_ROWS_PER_SECOND, 0, Long.MAX_VALUE),
                        s.getInt(SettingKeys.BATCH_SIZE, 1, 1_000_000)),
                s.getInt(SettingKeys.RETRY_MAX, 0, 100),
                s.getLong(SettingKeys.RETRY_DELAY_MS, 0, 3_600_000),
                s.getDouble(SettingKeys.RETRY_MULTIPLIER, 1, 10),
                s.getLong(SettingKeys.RETRY_MAX_DELAY_MS, 0, 3_600_000));
    }
}
