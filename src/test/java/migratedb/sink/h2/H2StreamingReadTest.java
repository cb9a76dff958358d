package migratedb.sink.h2;

import migratedb.sink.KeyNames;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A verification's session on the stand-in streams rows instead of buffering (and spilling) the whole result. */
class H2StreamingReadTest {

    @Test
    void aVerificationSessionRunsItsQueriesLazily() throws Exception {
        H2Dialect dialect = new H2Dialect(new H2KeyManagement(new KeyNames("db", "", "")));
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:streaming;MODE=MSSQLServer", "sa", "")) {
            assertEquals(false, lazy(c), "H2's default: every result buffered first");

            dialect.streamLargeReads(c);

            assertEquals(true, lazy(c));
        }
    }

    /** The session's mode, asked of the engine (H2 lists it in no INFORMATION_SCHEMA view). */
    private static boolean lazy(Connection c) throws Exception {
        return ((org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession())
                .isLazyQueryExecution();
    }
}
