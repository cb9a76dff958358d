package migratedb.copy;

import migratedb.model.ValueKind;
import migratedb.sink.BatchWriter;
import migratedb.sink.TransactionEndedException;
import migratedb.troubleshoot.MigrationException;
import migratedb.verify.RowHasher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the target ends the chunk's whole transaction on a refused row (SQL Server may, with bulk copy), the chunk
 * is tried again with single-row inserts, once; the H2 stand-in never ends a transaction, so the writer here plays
 * the target's part.
 */
class RowByRowFallbackTest {
    private EventsChunk events;
    private CopyEngine engine;
    private ChunkWork w;

    @AfterEach
    void release() {
        if (events != null) {
            events.close();
        }
    }

    @Test
    void aTransactionEndedByARefusedRowIsTriedAgainRowByRowThenReportedByName() throws Exception {
        w = chunkWithWriter(rows -> {
            SQLException refused = new SQLException("Received an invalid column length from the bcp client for "
                    + "colid 2.", "S0001", 4815);
            throw new TransactionEndedException("SQL Server ended the chunk's whole transaction on this error, so its "
                    + "refused rows cannot be set aside inside the chunk; nothing of the chunk is committed. The "
                    + "error: " + refused.getMessage(), refused);
        });
        List<Object[]> batch = List.<Object[]>of(new Object[]{1L}, new Object[]{2L});

        TransientFailure retried = assertThrows(TransientFailure.class,
                () -> engine.write(new ChunkWork.RowBatch(w, batch)));
        assertTrue(w.rowByRow, "the next attempt writes row by row");
        assertTrue(retried.getMessage().contains("copied again with single-row inserts"), retried.getMessage());
        assertTrue(retried.getMessage().contains("invalid column length"), "names the target's error");

        MigrationException stopped = assertThrows(MigrationException.class,
                () -> engine.write(new ChunkWork.RowBatch(w, batch)));
        assertEquals(CopyTrouble.TARGET_WRITE_FAILED, stopped.trouble(), "row by row it ended again: stopped by name");
        assertTrue(stopped.getMessage().contains("public.events chunk 2"), stopped.getMessage());
    }

    @Test
    void aRefusedRowThatEndsOnlyItsStatementIsSetAsideWithoutARetry() throws Exception {
        w = chunkWithWriter(rows -> {
            if (rows.stream().anyMatch(r -> (Long) r[0] == 2L)) {
                throw new SQLException("Arithmetic overflow error", "22003", 8115);
            }
        });

        engine.write(new ChunkWork.RowBatch(w, List.<Object[]>of(new Object[]{1L}, new Object[]{2L},
                new Object[]{3L})));

        assertFalse(w.rowByRow);
        assertEquals(2, w.rowsWritten);
        assertEquals(1, w.rejects.size());
    }

    /** What the writer does with each batch it is given. */
    private interface Write {
        void write(List<Object[]> rows) throws SQLException;
    }

    private ChunkWork chunkWithWriter(Write write) throws SQLException {
        BatchWriter writer = new BatchWriter() {
            @Override
            public void write(List<Object[]> rows) throws SQLException {
                write.write(rows);
            }

            @Override
            public void close() {
            }
        };
        events = EventsChunk.of("row-by-row");
        engine = events.engine();
        ChunkWork w = events.withTargetConnection();
        w.writer = writer;
        w.hasher = new RowHasher(new ValueKind[]{ValueKind.INT64});
        return w;
    }
}
