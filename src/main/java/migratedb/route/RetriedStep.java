package migratedb.route;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeExtension;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

import java.util.function.Consumer;

/**
 * A step that a transient failure redelivers, called through a route of its own: {@code direct:<id>} calls
 * {@code direct:<id>-attempt}, which carries the retry configuration (copy-retries or stage-retries) and runs the
 * step. When a retry route's error handler gives up it leaves its verdict on the exchange (failure handled by it,
 * not handled, redelivery exhausted), and the migrate route's error channel then honours that verdict: the
 * troubleshooting entry is written but the failure escapes the pipeline without the run's report (measured with
 * Camel 4.22). The doTry / doCatch in between clears the verdict and hands the failure on, as a chunk's failure
 * comes back from its split. Steps run in a split need none of this: each runs on an exchange of its own.
 */
final class RetriedStep {
    private RetriedStep() {
    }

    static void define(RouteBuilder routes, String id, String configuration, Consumer<RouteDefinition> step) {
        routes.from("direct:" + id).routeId(id)
                .errorHandler(routes.noErrorHandler())
                .doTry()
                    .to("direct:" + id + "-attempt").id(id + "-attempt-call")
                .doCatch(Exception.class)
                    .process(RetriedStep::rethrow).id(id + "-failed")
                .end();
        RouteDefinition attempt = routes.from("direct:" + id + "-attempt").routeId(id + "-attempt")
                .routeConfigurationId(configuration);
        step.accept(attempt);
    }

    /**
     * Hands the failure caught by doCatch on to the caller, as if it had not been caught nor judged by an error
     * handler on the way (Camel has no public way to clear the verdict: the exchange's extension is reached into).
     */
    static void rethrow(Exchange exchange) throws Exception {
        ExchangeExtension verdict = exchange.getExchangeExtension();
        verdict.setFailureHandled(false);
        verdict.setErrorHandlerHandled(null);
        verdict.setRedeliveryExhausted(false);
        throw exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }
}
