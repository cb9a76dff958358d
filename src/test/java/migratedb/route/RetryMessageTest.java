package migratedb.route;

import migratedb.copy.TransientFailure;
import org.apache.camel.CamelExchangeException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The line an administrator reads when a chunk is tried again. */
class RetryMessageTest {
    private static final TransientFailure LOST = new TransientFailure("public.events",
            "public.events chunk 2 [id 5001, 10001)", new SQLException(
            "FATAL: terminating connection due to administrator command\n  Where: a second line", "57P01"));

    @Test
    void namesTheChunkTheAttemptAndTheFirstLineOfTheCause() {
        assertEquals("Retrying public.events chunk 2 [id 5001, 10001) (attempt 2 of 6) after a transient failure: "
                + "FATAL: terminating connection due to administrator command",
                ErrorHandlingConfiguration.retryMessage(LOST, 1, 5));
    }

    @Test
    void findsTheFailureInsideTheSplitThatRanTheChunk() {
        CamelExchangeException wrapped = new CamelExchangeException("Multicast processing failed for number 1", null,
                LOST);

        assertEquals("Retrying public.events chunk 2 [id 5001, 10001) (attempt 3 of 6) after a transient failure: "
                + "FATAL: terminating connection due to administrator command",
                ErrorHandlingConfiguration.retryMessage(wrapped, 2, 5));
    }
}
