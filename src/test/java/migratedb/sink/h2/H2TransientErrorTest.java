package migratedb.sink.h2;

import migratedb.sink.KeyNames;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which of the stand-in's errors mean a lost connection (retried), as SQL Server would report them. */
class H2TransientErrorTest {
    private final H2Dialect dialect = new H2Dialect(new H2KeyManagement(new KeyNames("db", "", "")));

    /**
     * The server closed the session under a running statement (its connection cut, the server restarted): H2 says
     * its transaction was rolled back, as a general error; SQL Server would report the lost connection.
     */
    @Test
    void aTransactionEndedUnderARunningStatementIsALostConnection() {
        assertTrue(dialect.isTransient(new SQLException("General error: \"Transaction 3 has status ROLLED_BACK, not "
                + "OPEN [2.5.252/103]\"; SQL statement:\nUPDATE [dbo].[migratedb_chunk] SET status = 'done'",
                "HY000", 50000)));
    }

    @Test
    void anyOtherGeneralErrorIsNot() {
        assertFalse(dialect.isTransient(new SQLException("General error: \"java.lang.NullPointerException\"",
                "HY000", 50000)));
    }
}
