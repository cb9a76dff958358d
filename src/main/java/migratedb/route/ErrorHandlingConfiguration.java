package migratedb.route;

import migratedb.copy.TransientFailure;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error handling in one place. "error-channel": any failure of the pipeline is handled by the troubleshooting
 * route. "copy-retries": only transient failures of a chunk (or of a group of tables being planned) are
 * redelivered, with exponential backoff; data errors are never retried. "stage-retries": the same for the other
 * stages that talk to a database (the preflight with its assessment, a table's finalize, a table's verification),
 * with the same settings (copy.retry.*) and the same line.
 */
public final class ErrorHandlingConfiguration extends RouteConfigurationBuilder {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.copy.retry");
    private final PipelineServices.RunOptions options;

    public ErrorHandlingConfiguration(PipelineServices.RunOptions options) {
        this.options = options;
    }

    @Override
    public void configuration() {
        routeConfiguration("error-channel")
                .onException(Exception.class).handled(true)
                .to("direct:troubleshooting");

        retries("copy-retries");
        retries("stage-retries");
    }

    /**
     * A failure that is not retried goes on to the error channel, which writes it once as a catalogue entry;
     * Camel's own "Exhausted" line (a stack trace and the message history) would reach the console too.
     */
    private void retries(String id) {
        routeConfiguration(id)
                .errorHandler(defaultErrorHandler().logExhausted(false))
                .onException(TransientFailure.class)
                // Camel keeps the policy it chose for the first failure: an attempt that then fails otherwise (the
                // snapshot lost, a stop request, a refused row) would be redelivered too. Only a transient failure is.
                .retryWhile(exchange -> exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class)
                        < options.retryMaxAttempts() && transientFailure(exchange))
                .maximumRedeliveries(options.retryMaxAttempts())
                .redeliveryDelay(options.retryInitialDelayMs())
                .useExponentialBackOff()
                .backOffMultiplier(options.retryMultiplier())
                .maximumRedeliveryDelay(options.retryMaxDelayMs())
                // our own line instead of Camel's "Failed delivery for (MessageId: ...)", which names exchange
                // ids and exception classes but not what an administrator needs: which chunk, which try, why
                .logRetryAttempted(false)
                .onRedelivery(ErrorHandlingConfiguration::announceRetry)
                .logExhausted(false)
                // a stopped run waits in no back-off and starts no redelivery (RedeliveryStop)
                .getRedeliveryPolicyType().allowRedeliveryWhileStopping(false);
    }

    /** True when the failure the exchange carries now is (or wraps) a transient one. */
    static boolean transientFailure(Exchange exchange) {
        Throwable t = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (; t != null; t = t.getCause()) {
            if (t instanceof TransientFailure) {
                return true;
            }
        }
        return false;
    }

    /** Logs (console and route log) that a chunk, or a stage's work, is tried again, and why. */
    static void announceRetry(Exchange exchange) {
        LOG.warn(retryMessage(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class),
                exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class),
                exchange.getIn().getHeader(Exchange.REDELIVERY_MAX_COUNTER, 0, Integer.class)));
    }

    /**
     * "Retrying public.events chunk 2 [id 5001, 10001) (attempt 2 of 6) after a transient failure: Connection
     * refused.", or "Retrying the preflight (reading the source's catalog and data) (attempt 2 of 6) ...". The
     * failure may arrive wrapped by the split that ran the work.
     */
    static String retryMessage(Throwable caught, int redelivery, int maxRedeliveries) {
        Throwable t = caught;
        while (t != null && !(t instanceof TransientFailure)) {
            t = t.getCause();
        }
        String what = t instanceof TransientFailure f ? f.chunk() : "the work";
        Throwable reason = t != null && t.getCause() != null ? t.getCause() : caught;
        String why = reason == null || reason.getMessage() == null ? "no message" : reason.getMessage().lines()
                .findFirst().orElse("").strip();
        return String.format("Retrying %s (attempt %d of %d) after a transient failure: %s", what, redelivery + 1,
                maxRedeliveries + 1, why);
    }
}
