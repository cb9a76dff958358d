package migratedb.copy;

import migratedb.lifecycle.RunInterrupted;
import migratedb.model.ValueKind;
import migratedb.sink.BatchWriter;
import migratedb.verify.RowHasher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stop request (Ctrl-C) ends the copy: no chunk starts after it, a chunk in flight stops at its next batch, and
 * a connection the shutdown closes is the interruption, never a transient failure to retry. Progress never
 * counts a chunk attempt that did not commit.
 */
class StopRequestCopyTest {
    private final AtomicLong shownAsCopied = new AtomicLong();
    private final ProgressListener progress = new ProgressListener() {
        @Override
        public void rowsCopied(String table, long rows) {
            shownAsCopied.addAndGet(rows);
        }
    };
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
    void anAttemptThatDoesNotCommitTakesItsRowsBackFromTheProgress() throws Exception {
        w = chunkWithWriter("progress-taken-back", rows -> { });
        engine.write(new ChunkWork.RowBatch(w, List.<Object[]>of(new Object[]{1L}, new Object[]{2L})));
        engine.write(new ChunkWork.RowBatch(w, List.<Object[]>of(new Object[]{3L})));
        assertEquals(3, shownAsCopied.get());

        engine.abandon(w); // the attempt failed before its commit: its transaction is rolled back

        assertEquals(0, shownAsCopied.get(), "a redelivery would otherwise count the same rows twice");
    }

    @Test
    void noChunkStartsAfterAStopRequest() {
        events = EventsChunk.of("no-start-after-stop", progress);
        engine = events.engine();
        w = events.work();
        events.stopRequest().request("Ctrl-C (SIGINT)");

        RunInterrupted stopped = assertThrows(RunInterrupted.class, () -> engine.open(w));

        assertEquals("Ctrl-C (SIGINT)", stopped.reason());
        assertTrue(stopped.where().contains("public.events chunk 2"), stopped.where());
    }

    @Test
    void aChunkInFlightStopsAtItsNextBatch() throws Exception {
        w = chunkWithWriter("stop-between-batches", rows -> { });
        var batches = engine.batches(withRows(w, List.of(List.<Object[]>of(new Object[]{1L}),
                List.<Object[]>of(new Object[]{2L}))));
        assertTrue(batches.hasNext());
        batches.next();

        events.stopRequest().request("SIGTERM");

        assertThrows(RunInterrupted.class, batches::hasNext);
    }

    @Test
    void aConnectionClosedByTheShutdownIsTheInterruptionNotATransientFailure() throws Exception {
        SQLException closed = new SQLException("Database is already closed", "90098", 90098);
        w = chunkWithWriter("closed-by-shutdown", rows -> {
            throw closed;
        });
        List<Object[]> batch = List.<Object[]>of(new Object[]{1L});
        assertThrows(TransientFailure.class, () -> engine.write(new ChunkWork.RowBatch(w, batch)),
                "without a stop request a closed connection is retried (a lost connection)");

        events.stopRequest().request("Ctrl-C (SIGINT)");

        RunInterrupted stopped = assertThrows(RunInterrupted.class,
                () -> engine.write(new ChunkWork.RowBatch(w, batch)));
        assertEquals(closed, stopped.getCause());
    }

    /**
     * A run that ends while a chunk is open (Camel stopped before that chunk's own abandon ran) rolls the chunk back:
     * its transaction would otherwise hold its rows' locks, and a resume in the same process (the console's) would
     * wait on them for ever.
     */
    @Test
    void aChunkStillOpenWhenTheRunEndsIsRolledBack() throws Exception {
        events = EventsChunk.of("open-at-run-end;DB_CLOSE_DELAY=-1", progress); // outlives the evicted sessions
        engine = events.engine();
        w = events.work();
        events.withTargetConnection(); // the table the chunk writes into
        try (java.sql.Statement st = w.targetConnection.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS dbo");
            st.execute("CREATE TABLE dbo.events (id BIGINT PRIMARY KEY)");
            w.targetConnection.commit();
        }
        w.targetConnection.close();
        w.targetConnection = null;
        engine.openWithRows(w, Collections.emptyIterator()); // import-excluded's open: no source needed here
        try (java.sql.Statement st = w.targetConnection.createStatement()) {
            st.execute("INSERT INTO dbo.events (id) VALUES (5001)"); // the chunk's first row, not committed
        }

        engine.abandonOpenChunks();

        assertEquals(null, w.targetConnection);
        // the same row from another session: it waits for the chunk's row lock, which only a rollback releases
        try (java.sql.Connection other = events.targetPool().borrow();
             java.sql.Statement st = other.createStatement()) {
            st.execute("SET LOCK_TIMEOUT 10000");
            st.execute("INSERT INTO dbo.events (id) VALUES (5001)");
        }
        engine.abandonOpenChunks(); // nothing left: a second call (or the worker's own abandon) is harmless
        engine.abandon(w);
    }

    private interface Write {
        void write(List<Object[]> rows) throws SQLException;
    }

    private static ChunkWork withRows(ChunkWork w, List<List<Object[]>> batches) {
        w.rows = batches.iterator();
        return w;
    }

    private ChunkWork chunkWithWriter(String database, Write write) throws SQLException {
        events = EventsChunk.of(database, progress);
        engine = events.engine();
        ChunkWork w = events.withTargetConnection();
        w.writer = new BatchWriter() {
            @Override
            public void write(List<Object[]> rows) throws SQLException {
                write.write(rows);
            }

            @Override
            public void close() {
            }
        };
        w.hasher = new RowHasher(new ValueKind[]{ValueKind.INT64});
        w.rows = Collections.emptyIterator();
        return w;
    }
}
