package migratedb.route;

import migratedb.copy.CopyTrouble;
import migratedb.copy.TransientFailure;
import migratedb.pipeline.MigrationRun;
import migratedb.troubleshoot.GeneralTrouble;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.TroubleshootingLog;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The error channel: writes the failure to logs/troubleshooting.log as error · cause · effect · solution and
 * turns the run into a failed report, which becomes the reply of the migrate route.
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

    private void record(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        MigrationRun run = exchange.getMessage().getBody(MigrationRun.class);
        Throwable known = exhaustedRetries(failure);
        String runId = run == null ? "(none)" : run.runId();
        MigrationException entry;
        try {
            entry = services.troubleshooting().write(runId, known);
        } catch (RuntimeException unwritable) { // logs/ read-only or full: the console still gets the entry
            entry = TroubleshootingLog.catalogued(known);
            LOG.warn("{} could not be written: {}", services.troubleshooting().file(), unwritable.getMessage());
        }
        LOG.error("{} [{}] — see {}", entry.error(), entry.trouble().code(), services.troubleshooting().file());
        if (run != null) {
            try {
                exchange.getMessage().setBody(services.report().failed(run, entry));
            } finally {
                run.close();
            }
        }
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
