package migratedb.route;

import migratedb.copy.TransientFailure;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * Error handling in one place. "error-channel": any failure of the pipeline is handled by the troubleshooting
 * route. "copy-retries": only transient failures of a chunk are redelivered, with exponential backoff; data errors
 * are never retried.
 */
public final class ErrorHandlingConfiguration extends RouteConfigurationBuilder {
    private final PipelineServices.RunOptions options;

    public ErrorHandlingConfiguration(PipelineServices.RunOptions options) {
        this.options = options;
    }

    @Override
    public void configuration() {
        routeConfiguration("error-channel")
                .onException(Exception.class).handled(true)
                .to("direct:troubleshooting");

        // a failure that is not retried goes on to the error channel, which writes it once as a catalogue entry;
        // Camel's own "Exhausted" line (a stack trace and the message history) would reach the console too
        routeConfiguration("copy-retries")
                .errorHandler(defaultErrorHandler().logExhausted(false))
                .onException(TransientFailure.class)
                .maximumRedeliveries(options.retryMaxAttempts())
                .redeliveryDelay(options.retryInitialDelayMs())
                .useExponentialBackOff()
                .backOffMultiplier(options.retryMultiplier())
                .maximumRedeliveryDelay(options.retryMaxDelayMs())
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logRetryAttempted(true)
                .logExhausted(false);
    }
}
