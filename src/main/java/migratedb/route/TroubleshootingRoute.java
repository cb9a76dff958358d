package migratedb.route;

import migratedb.copy.CopyTrouble;
import migratedb.copy.TransientFailure;
import migratedb.lifecycle.RunInterrupted;
import migratedb.ops.RunStateQueries;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.pipeline.RunTrouble;
import migratedb.report.TableProgress;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.TroubleshootingLog;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The error channel: writes the failure to logs/troubleshooting.log as error · cause · effect · solution and
 * turns the run into a failed report, which becomes the reply of the migrate route. A run that ended because its
 * stop was requested (Ctrl-C, SIGTERM, Cancel) is reported as interrupted, never as failed, whatever error the
 * stop caused on its way (a connection aborted, a chunk cut short). The report of a run that did not finish says
 * what the target holds of each table, read from the run state through the run-state route.
 */
public final class TroubleshootingRoute extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.troubleshooting");
    /** Exchange property: the run's committed chunks and rows per table ({@link TableProgress}s). */
    private static final String COMMITTED = "migratedbCommitted";

    private final PipelineServices services;

    public TroubleshootingRoute(PipelineServices services) {
        this.services = services;
    }

    @Override
    public void configure() {
        from("direct:troubleshooting").routeId("troubleshooting")
                .filter(TroubleshootingRoute::recordedInTarget).id("troubleshooting-run-state")
                    .doTry()
                        .process(e -> e.getMessage().setHeader(RunStateQueries.RUN_ID, run(e).runId()))
                            .id("troubleshooting-run-id")
                        .enrich("direct:run-state-progress", keepCommitted()).id("troubleshooting-committed")
                    .doCatch(Exception.class)
                        .process(TroubleshootingRoute::committedUnknown).id("troubleshooting-committed-unknown")
                    .end()
                .end()
                .process(this::record).id("troubleshooting-write");
    }

    private static MigrationRun run(Exchange exchange) {
        return exchange.getMessage().getBody(MigrationRun.class);
    }

    /** A migration or resume that got far enough to have run state in the target. */
    private static boolean recordedInTarget(Exchange exchange) {
        MigrationRun run = run(exchange);
        return run != null && run.checkpoints() != null && !run.dryRun() && run.command() != Command.VERIFY;
    }

    private static AggregationStrategy keepCommitted() {
        return (original, progress) -> {
            original.setProperty(COMMITTED, progress.getMessage().getBody(List.class));
            return original;
        };
    }

    private static void committedUnknown(Exchange exchange) {
        Throwable why = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("What the target holds of the run could not be read: {}", why == null ? "?" : why.getMessage());
    }

    private void record(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        MigrationRun run = run(exchange);
        @SuppressWarnings("unchecked")
        List<TableProgress> committed = exchange.getProperty(COMMITTED, List.of(), List.class);
        boolean interrupted = interrupted(run, failure);
        Throwable known = interrupted
                ? interruption(run, failure, committed, exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class))
                : exhaustedRetries(failure);
        String runId = run == null ? "(none)" : run.runId();
        MigrationException entry;
        try {
            entry = services.troubleshooting().write(runId, known);
        } catch (RuntimeException unwritable) { // logs/ read-only or full: the console still gets the entry
            entry = TroubleshootingLog.catalogued(known);
            LOG.warn("{} could not be written: {}", services.troubleshooting().file(), unwritable.getMessage());
        }
        if (interrupted) {
            LOG.warn("{} [{}] — {}", entry.error(), entry.trouble().code(), entry.solution());
        } else {
            LOG.error("{} [{}] — see {}", entry.error(), entry.trouble().code(), services.troubleshooting().file());
        }
        if (run != null) {
            try {
                exchange.getMessage().setBody(services.report().ended(run, interrupted ? "interrupted" : "failed",
                        entry, committed));
            } finally {
                run.close();
            }
        }
    }

    /** Stopped on request: the run's stop was asked for, or a step ended with the interruption itself. */
    private static boolean interrupted(MigrationRun run, Throwable failure) {
        if (run != null && run.stopRequest().requested()) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RunInterrupted) {
                return true;
            }
        }
        return false;
    }

    /** The interruption as its catalogue entry: what stopped the run, where, and what the target keeps. */
    private static MigrationException interruption(MigrationRun run, Throwable failure, List<TableProgress> committed,
                                                   String failedRoute) {
        RunInterrupted stop = null;
        for (Throwable t = failure; t != null && stop == null; t = t.getCause()) {
            if (t instanceof RunInterrupted r) {
                stop = r;
            }
        }
        String reason = run != null && run.stopRequest().reason() != null ? run.stopRequest().reason()
                : stop != null ? stop.reason() : "stop requested";
        String where = stop != null ? stop.where() : failedRoute != null ? "the " + failedRoute + " stage" : "the run";
        RunTrouble trouble = run == null ? RunTrouble.RUN_INTERRUPTED
                : run.command() == Command.VERIFY ? RunTrouble.VERIFICATION_INTERRUPTED
                : copyStarted(run) ? RunTrouble.RUN_INTERRUPTED : RunTrouble.RUN_INTERRUPTED_BEFORE_COPY;
        return new MigrationException(trouble, Map.of("runId", run == null ? "(none)" : run.runId(),
                "reason", reason, "where", where, "committed", committedText(committed)), failure);
    }

    /** A run a resume can continue: it recorded itself and its tables in the target (the schema stage ended). */
    private static boolean copyStarted(MigrationRun run) {
        return run.command() == Command.RESUME
                || run.stages().stream().anyMatch(s -> "schema".equals(s.stage()));
    }

    /** "12,000 rows in 3 of 7 chunks", summed over the tables. */
    static String committedText(List<TableProgress> committed) {
        if (committed.isEmpty()) {
            return "no chunk was committed";
        }
        long rows = committed.stream().mapToLong(TableProgress::rowsWritten).sum();
        int done = committed.stream().mapToInt(TableProgress::chunksDone).sum();
        int all = committed.stream().mapToInt(TableProgress::chunks).sum();
        return String.format("%,d rows in %d of %d chunks", rows, done, all);
    }

    /** A transient failure that is still failing after every redelivery gets its own catalogue entry. */
    private static Throwable exhaustedRetries(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MigrationException) {
                return failure;
            }
            if (t instanceof TransientFailure tf) {
                return new MigrationException(CopyTrouble.TRANSIENT_EXHAUSTED, Map.of("table", tf.table(),
                        "chunk", tf.chunk(), "attempts", "all", "error",
                        tf.getCause() == null ? tf.getMessage() : String.valueOf(tf.getCause().getMessage())), tf);
            }
        }
        return failure;
    }
}
