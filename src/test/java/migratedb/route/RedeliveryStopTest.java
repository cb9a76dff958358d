package migratedb.route;

import migratedb.copy.TransientFailure;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stop request ends a chunk's redelivery: the attempt waiting in its back-off is not made, and the failure goes on
 * to the error channel (where the stop request makes it the interruption).
 */
class RedeliveryStopTest {

    @Test
    void aRedeliveryWaitingInItsBackOffIsNotMadeOnceTheRunIsStopping() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch failedOnce = new CountDownLatch(1);
        // five retries, the first after 20 s: without the stop this exchange would take minutes and try six times
        var options = new PipelineServices.RunOptions(1, PipelineServices.Throttle.NONE, 5, 20_000, 2, 60_000);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new ErrorHandlingConfiguration(options));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:chunk").routeId("chunk-copy").routeConfigurationId("copy-retries")
                            .process(e -> {
                                attempts.incrementAndGet();
                                failedOnce.countDown();
                                throw new TransientFailure("public.events", "public.events chunk 1",
                                        new SQLException("connection lost", "08006"));
                            });
                }
            });
            context.start();
            CompletableFuture<Object> chunk = CompletableFuture.supplyAsync(
                    () -> context.createProducerTemplate().requestBody("direct:chunk", "x"));
            assertTrue(failedOnce.await(30, TimeUnit.SECONDS));

            RedeliveryStop.prepare(context);

            Throwable failure = assertThrows(Exception.class, () -> chunk.get(60, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof CamelExecutionException, String.valueOf(failure));
            assertEquals(1, attempts.get(), "no redelivery after the stop");
        }
    }
}
