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

        routeConfiguration("copy-retries")
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
