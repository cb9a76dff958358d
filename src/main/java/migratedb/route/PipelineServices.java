package migratedb.route;

import migratedb.copy.CopyEngine;
import migratedb.pipeline.KeySetupStage;
import migratedb.pipeline.PreflightStage;
import migratedb.pipeline.ReportStage;
import migratedb.pipeline.SchemaStage;
import migratedb.pipeline.VerifyStage;
import migratedb.troubleshoot.TroubleshootingLog;

/** The stage implementations the routes call: built once per run, handed to each RouteBuilder. */
public record PipelineServices(PreflightStage preflight, KeySetupStage keySetup, SchemaStage schema, CopyEngine copy,
                               VerifyStage verify, ReportStage report, TroubleshootingLog troubleshooting,
                               RunOptions options) {

    /** Tunables the routes are built with (from conf/migration.properties and --set). */
    public record RunOptions(int parallelTables, int throttleBatchesPerSecond, int retryMaxAttempts,
                             long retryInitialDelayMs, double retryMultiplier, long retryMaxDelayMs) {
    }
}
