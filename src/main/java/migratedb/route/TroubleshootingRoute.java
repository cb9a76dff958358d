package migratedb.route;

import migratedb.copy.CopyTrouble;
import migratedb.copy.TransientFailure;
import migratedb.lifecycle.RunInterrupted;
import migratedb.ops.RunStateQueries;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.pipeline.RunTrouble;
import migratedb.report.TableProgress;
import migratedb.troubleshoot.GeneralTrouble;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.TroubleshootingLog;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
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

    private final PipelineServices services;

    public TroubleshootingRoute(PipelineServices services) {
        this.services = services;
    }

    @Override
    public void configure() {
        from("direct:troubleshooting").routeId("troubleshooting")
                .process(this::record).id("troubleshooting-write");
    }

    private static MigrationRun run(Exchange exchange) {
        return exchange.getMessage().getBody(MigrationRun.class);
    }

    /**
     * A migration or resume that got far enough to have run state in the target (a run that failed before, e.g.
     * on an unreachable target, is not made to wait for the target a second time).
     */
    private static boolean recordedInTarget(MigrationRun run) {
        return run != null && run.checkpoints() != null && !run.dryRun() && run.command() != Command.VERIFY
                && copyStarted(run);
    }

    /**
     * What the target holds of each table of the run, from its run state (the run-state route), as far as it can
     * be read: the target may be the reason the run failed. Asked in an exchange of its own, so that a failure to
     * read it stays out of this one.
     */
    @SuppressWarnings("unchecked")
    private static List<TableProgress> committed(Exchange exchange, MigrationRun run) {
        if (!recordedInTarget(run)) {
            return List.of();
        }
        try (ProducerTemplate template = exchange.getContext().createProducerTemplate()) {
            return template.requestBodyAndHeader("direct:run-state-progress", null, RunStateQueries.RUN_ID,
                    run.runId(), List.class);
        } catch (Exception unreadable) {
            Throwable why = unreadable.getCause() != null ? unreadable.getCause() : unreadable;
            LOG.warn("What the target holds of run {} could not be read: {}", run.runId(), why.getMessage());
            return List.of();
        }
    }

    private void record(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        MigrationRun run = run(exchange);
        List<TableProgress> committed = committed(exchange, run);
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
                String error = tf.getCause() == null ? tf.getMessage() : String.valueOf(tf.getCause().getMessage());
                if (tf.table() == null) { // a stage's work, not a table's chunk
                    return new MigrationException(GeneralTrouble.RETRIES_EXHAUSTED, Map.of("what", tf.chunk(),
                            "attempts", "all", "error", error), tf);
                }
                return new MigrationException(CopyTrouble.TRANSIENT_EXHAUSTED, Map.of("table", tf.table(),
                        "chunk", tf.chunk(), "attempts", "all", "error", error), tf);
            }
        }
        return failure;
    }
}
