package migratedb.copy;

import migratedb.sink.KeyNames;
import migratedb.sink.h2.H2Dialect;
import migratedb.sink.h2.H2KeyManagement;
import migratedb.sink.sqlserver.SqlServerDialect;
import migratedb.sink.sqlserver.SqlServerKeyManagement;
import migratedb.verify.Checksum;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The checkpoint statements: golden T-SQL as sent to SQL Server (recorded from a stand-in connection), and their
 * behaviour on the H2 stand-in.
 */
class CheckpointStoreTest {
    private static final KeyNames KEYS = new KeyNames("PassTrix", "", "");
    private static final String RUN = "20261126-030000-abcd";

    @Test
    void theStatementsSentToSqlServerAreGolden() throws SQLException {
        List<String> sent = new ArrayList<>();
        Connection c = recording(sent);
        CheckpointStore store = new CheckpointStore(new SqlServerDialect(new SqlServerKeyManagement(KEYS)), "dbo");
        Chunk chunk = new Chunk("public.events", 2, "id", 5001L, 10001L);

        store.startRun(c, RUN, "config-fp", "schema-fp");
        store.findRun(c, RUN);
        store.findRun(c, null);
        store.planOnce(c, RUN, "public.events", List.of(chunk));
        store.committedRejects(c, RUN, chunk);
        store.completeInTransaction(c, RUN, new ChunkState(chunk, true, 5000, 4999, 1, new Checksum(4999, 42)), 1);
        store.finishRun(c, RUN, "completed");

        assertEquals(List.of(
                "INSERT INTO [dbo].[migratedb_run] (run_id, status, config_fingerprint, schema_fingerprint, started_at) "
                        + "VALUES (?, ?, ?, ?, ?)",
                "SELECT run_id, status, config_fingerprint, schema_fingerprint FROM [dbo].[migratedb_run] "
                        + "WHERE run_id = ?",
                "SELECT run_id, status, config_fingerprint, schema_fingerprint FROM [dbo].[migratedb_run] "
                        + "ORDER BY started_at DESC, run_id DESC",
                // planOnce: looks for a stored plan, stores it, reads it back
                "SELECT chunk_no, range_column, range_lo, range_hi, status, rows_read, rows_written, rows_rejected, "
                        + "checksum FROM [dbo].[migratedb_chunk] WHERE run_id = ? AND table_name = ? ORDER BY chunk_no",
                "INSERT INTO [dbo].[migratedb_chunk] (run_id, table_name, chunk_no, range_column, range_lo, range_hi, "
                        + "status) VALUES (?, ?, ?, ?, ?, ?, 'planned')",
                "SELECT chunk_no, range_column, range_lo, range_hi, status, rows_read, rows_written, rows_rejected, "
                        + "checksum FROM [dbo].[migratedb_chunk] WHERE run_id = ? AND table_name = ? ORDER BY chunk_no",
                "SELECT status, rows_rejected FROM [dbo].[migratedb_chunk] WHERE run_id = ? AND table_name = ? "
                        + "AND chunk_no = ?",
                "UPDATE [dbo].[migratedb_chunk] SET status = 'done', rows_read = ?, rows_written = ?, "
                        + "rows_rejected = ?, checksum = ?, attempts = ?, committed_at = ? "
                        + "WHERE run_id = ? AND table_name = ? AND chunk_no = ? AND status = 'planned'",
                "UPDATE [dbo].[migratedb_run] SET status = ?, finished_at = ? WHERE run_id = ?"), sent);
    }

    /** A redelivered chunk whose previous commit went through learns how many rows that commit refused. */
    @Test
    void aCommittedChunkTellsItsRefusedRowsAPlannedOneNothing() throws SQLException {
        try (Connection c = DriverManager.getConnection(
                "jdbc:h2:mem:checkpoints;MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE")) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA dbo");
            }
            CheckpointStore store = new CheckpointStore(new H2Dialect(new H2KeyManagement(KEYS)), "dbo");
            store.createTables(c);
            store.startRun(c, RUN, "config-fp", "schema-fp");
            Chunk first = new Chunk("public.events", 1, "id", 1L, 5001L);
            Chunk second = new Chunk("public.events", 2, "id", 5001L, 10001L);
            store.planOnce(c, RUN, "public.events", List.of(first, second));

            c.setAutoCommit(false);
            ChunkState done = new ChunkState(first, true, 5000, 4997, 3, new Checksum(4997, 7));
            store.completeInTransaction(c, RUN, done, 2);
            c.commit();

            assertEquals(OptionalLong.of(3), store.committedRejects(c, RUN, first));
            assertEquals(OptionalLong.empty(), store.committedRejects(c, RUN, second));
            SQLException twice = assertThrows(SQLException.class, () -> store.completeInTransaction(c, RUN, done, 3));
            assertEquals("MDB01", twice.getSQLState(), "a chunk never commits twice");
        }
    }

    /** A connection that records every statement prepared on it and answers as an empty, auto-commit target. */
    private static Connection recording(List<String> sent) {
        ResultSet empty = proxy(ResultSet.class, (m, args) -> m.equals("next") ? false : null);
        return proxy(Connection.class, (m, args) -> switch (m) {
            case "prepareStatement" -> {
                sent.add((String) args[0]);
                yield proxy(PreparedStatement.class, (pm, pargs) -> switch (pm) {
                    case "executeQuery" -> empty;
                    case "executeUpdate" -> 1;
                    case "executeBatch" -> new int[0];
                    default -> null;
                });
            }
            case "getAutoCommit" -> true;
            default -> null;
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(CheckpointStoreTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> answer.answer(method.getName(), args));
    }
}
