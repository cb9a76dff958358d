package migratedb.sink.sqlserver;

import migratedb.config.Secret;
import migratedb.config.SecretRedactor;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A driver failure reads as the driver's sentence on the console, and names its class only in the stack trace. */
class SanitizedSqlExceptionTest {
    @Test
    void theMessageIsTheDriversSentenceMaskedAndTheTraceNamesTheDriversClass() {
        SQLException original = new SQLException("Login failed for user 'sa' with password Hunter-2-Secret.",
                "S0001", 18456);
        SecretRedactor redactor = SecretRedactor.standard().withKnownSecrets(List.of(Secret.of("Hunter-2-Secret")));

        ConnectionSpec.SanitizedSqlException e = new ConnectionSpec.SanitizedSqlException(original, redactor);

        assertFalse(e.getMessage().contains("java.sql.SQLException"), e.getMessage());
        assertTrue(e.getMessage().startsWith("Login failed for user 'sa'"), e.getMessage());
        assertFalse(e.getMessage().contains("Hunter-2-Secret"), e.getMessage());
        assertEquals("S0001", e.getSQLState());
        assertEquals(18456, e.getErrorCode());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertTrue(trace.toString().startsWith("java.sql.SQLException: Login failed"), trace.toString());
        assertFalse(trace.toString().contains("Hunter-2-Secret"), trace.toString());
    }
}
