package migratedb.sink.sqlserver;

import migratedb.sink.KeyNames;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a data error SQL Server may have ended the chunk's whole transaction: the copy must then stop the chunk
 * instead of rolling back to a savepoint that no longer exists (mssql-jdbc would skip that silently). The T-SQL is
 * golden; the connection is a stand-in that answers it as SQL Server would.
 */
class TransactionAliveCheckTest {
    private final SqlServerDialect dialect = new SqlServerDialect(new SqlServerKeyManagement(
            new KeyNames("PassTrix", "", "")));
    private final List<String> sent = new ArrayList<>();

    @Test
    void theCheckIsOneSelectOfTrancountAndXactState() {
        assertEquals("SELECT CASE WHEN @@TRANCOUNT > 0 AND XACT_STATE() = 1 THEN 1 ELSE 0 END",
                SqlServerDialect.TRANSACTION_ALIVE_SQL);
    }

    @Test
    void anOpenCommittableTransactionLetsTheBisectionGoOn() {
        SQLException failure = new SQLException("String or binary data would be truncated.", "22001", 2628);

        assertDoesNotThrow(() -> dialect.requireTransactionAlive(answering(1), failure));
        assertEquals(List.of(SqlServerDialect.TRANSACTION_ALIVE_SQL), sent);
    }

    @Test
    void anEndedOrDoomedTransactionStopsTheChunkNamingTheErrorAndIsNotRetried() {
        SQLException failure = new SQLException("Conversion failed when converting date and/or time.\nsecond line",
                "22007", 241);

        SQLException stop = assertThrows(SQLException.class,
                () -> dialect.requireTransactionAlive(answering(0), failure));

        assertTrue(stop.getMessage().startsWith("SQL Server ended the chunk's whole transaction"), stop.getMessage());
        assertTrue(stop.getMessage().endsWith("The error: Conversion failed when converting date and/or time."),
                stop.getMessage());
        assertSame(failure, stop.getCause());
        assertFalse(dialect.isTransient(stop), "the same rows would end it again: not redelivered");
    }

    /** A connection whose every query returns one row holding {@code value}. */
    private Connection answering(int value) {
        ResultSet rs = proxy(ResultSet.class, (m, args) -> switch (m) {
            case "next" -> true;
            case "getInt" -> value;
            default -> null;
        });
        Statement st = proxy(Statement.class, (m, args) -> {
            if (m.equals("executeQuery")) {
                sent.add((String) args[0]);
                return rs;
            }
            return null;
        });
        return proxy(Connection.class, (m, args) -> m.equals("createStatement") ? st : null);
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (p, m, args) -> answer.answer(m.getName(), args)));
    }
}
