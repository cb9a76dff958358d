package migratedb.route;

import migratedb.copy.TransientFailure;
import migratedb.lifecycle.RunInterrupted;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the retry configurations redeliver: a transient failure, and only a transient failure. */
class RetryPolicyTest {
    private static final PipelineServices.RunOptions OPTIONS = new PipelineServices.RunOptions(2,
            PipelineServices.Throttle.NONE, 5, 1, 1, 1);

    @Test
    void transientFailuresAreRedeliveredUntilTheWorkGoesThrough() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        run(attempt -> attempt <= 3 ? lost() : null, attempts);
        assertEquals(4, attempts.get(), "three failures, three redeliveries, then done");
    }

    /**
     * Camel keeps the policy it chose at the first failure: an attempt that then fails otherwise (a stop request,
     * the snapshot lost, a refused row) must end the work at once, not be redelivered as the first one was.
     */
    @Test
    void aFailureThatIsNotTransientAfterATransientOneIsNotRedelivered() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        RunInterrupted stop = new RunInterrupted("Ctrl-C (SIGINT)", "public.events chunk 2", null);

        CamelExecutionException failed = assertThrows(CamelExecutionException.class,
                () -> run(attempt -> attempt == 1 ? lost() : stop, attempts));

        assertEquals(2, attempts.get(), "the stop request is not tried again");
        assertInstanceOf(RunInterrupted.class, failed.getCause());
    }

    private static RuntimeException lost() {
        return new TransientFailure("public.events", "public.events chunk 2",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
    }

    /** Runs work through a route carrying copy-retries; {@code failure} gives each attempt's failure, or null. */
    private static void run(IntFunction<RuntimeException> failure, AtomicInteger attempts) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new ErrorHandlingConfiguration(OPTIONS));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:work").routeConfigurationId("copy-retries").process(exchange -> {
                        RuntimeException e = failure.apply(attempts.incrementAndGet());
                        if (e != null) {
                            throw e;
                        }
                    });
                }
            });
            context.start();
            context.createProducerTemplate().sendBody("direct:work", "chunk");
        }
    }
}
