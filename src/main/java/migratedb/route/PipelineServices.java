package migratedb.route;

import migratedb.copy.CopyEngine;
import migratedb.pipeline.KeySetupStage;
import migratedb.pipeline.PreflightStage;
import migratedb.pipeline.ReportStage;
import migratedb.pipeline.SchemaStage;
import migratedb.pipeline.VerifyStage;
import migratedb.troubleshoot.TroubleshootingLog;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;

import java.util.concurrent.ExecutorService;

/** The stage implementations the routes call: built once per run, handed to each RouteBuilder. */
public record PipelineServices(PreflightStage preflight, KeySetupStage keySetup, SchemaStage schema, CopyEngine copy,
                               VerifyStage verify, ReportStage report, TroubleshootingLog troubleshooting,
                               RunOptions options, Workers workers) {

    /**
     * The run's workers: {@code copy.parallelTables} threads of the Camel context, shared by the copy (planning,
     * chunks), finalize and verify, so that small tables share the workers' time in every stage and the number of
     * connections follows the number of workers, never the number of tables.
     */
    public static final class Workers {
        private ExecutorService pool;

        /** The pool, made on first use by the first route that needs it. */
        synchronized ExecutorService pool(Object owner, CamelContext context, int size) {
            if (pool == null) {
                // a queue for every task keeps them in the order given (largest table first) and never more than
                // copy.parallelTables at once (Camel reads maxQueueSize -1 as a SynchronousQueue: the 3rd task
                // would run in the caller thread)
                pool = context.getExecutorServiceManager().newThreadPool(owner, "worker",
                        new ThreadPoolProfileBuilder("workers").poolSize(size).maxPoolSize(size)
                                .maxQueueSize(Integer.MAX_VALUE).build());
            }
            return pool;
        }
    }

    /** The workers' pool for a route of this run. */
    ExecutorService workerPool(Object owner, CamelContext context) {
        return workers.pool(owner, context, options.parallelTables());
    }

    /** Tunables the routes are built with (from conf/migration.properties and --set). */
    public record RunOptions(int parallelTables, Throttle throttle, int retryMaxAttempts,
                             long retryInitialDelayMs, double retryMultiplier, long retryMaxDelayMs) {
    }

    /**
     * The write throttle as Camel's throttle takes it: at most {@code batchesPerPeriod} batches every
     * {@code periodMillis}. Built from copy.throttle.batchesPerSecond or copy.throttle.rowsPerSecond (rows are
     * counted as full batches of copy.batchSize, so the last, partial batch of a chunk counts as a full one).
     */
    public record Throttle(int batchesPerPeriod, long periodMillis) {
        public static final Throttle NONE = new Throttle(0, 1000);

        public boolean active() {
            return batchesPerPeriod > 0;
        }

        public static Throttle of(int batchesPerSecond, long rowsPerSecond, int batchSize) {
            if (batchesPerSecond > 0) {
                return new Throttle(batchesPerSecond, 1000);
            }
            if (rowsPerSecond <= 0) {
                return NONE;
            }
            if (rowsPerSecond >= batchSize) {
                return new Throttle((int) Math.min(Integer.MAX_VALUE, rowsPerSecond / batchSize), 1000);
            }
            // fewer rows per second than one batch holds: one batch every so many milliseconds
            return new Throttle(1, Math.max(1, batchSize * 1000L / rowsPerSecond));
        }
    }
}
