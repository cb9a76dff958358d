package migratedb.copy;

import migratedb.source.postgres.BatchStream;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The batches a chunk hands to the chunk-attempt route's split. */
class ChunkBatchesTest {
    private EventsChunk events;

    @org.junit.jupiter.api.AfterEach
    void release() {
        events.close();
    }

    /**
     * Camel's splitter walks the iterator once more after a failure to release its exchanges (MulticastProcessor
     * doDone). A source read failure must be reported once; a second throw there is logged by Camel as a stack trace
     * on the console (seen in CI in SourceFaultTest).
     */
    @Test
    void aSourceReadFailureIsThrownOnceThenTheBatchesEnd() {
        events = EventsChunk.of("chunk-batches");
        ChunkWork w = events.work();
        w.rows = failingRows(new BatchStream.SourceReadException(
                new SQLException("Database connection failed when reading from copy", "08006")));

        Iterator<ChunkWork.RowBatch> batches = events.engine().batches(w);

        RuntimeException first = assertThrows(RuntimeException.class, batches::hasNext);
        assertInstanceOf(TransientFailure.class, first, "a lost source connection is retried");
        assertFalse(batches.hasNext(), "the failure is not thrown again");
    }

    /** The same for any other failure of the rows (a file being imported that cannot be read). */
    @Test
    void anyOtherFailureOfTheRowsIsThrownOnceToo() {
        events = EventsChunk.of("chunk-batches");
        ChunkWork w = events.work();
        w.rows = failingRows(new IllegalStateException("the import file cannot be read"));

        Iterator<ChunkWork.RowBatch> batches = events.engine().batches(w);

        assertThrows(IllegalStateException.class, batches::hasNext);
        assertFalse(batches.hasNext(), "the failure is not thrown again");
    }

    /** Rows whose every hasNext throws, as a read-ahead stream does once its reader failed. */
    private static Iterator<List<Object[]>> failingRows(RuntimeException failure) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw failure;
            }

            @Override
            public List<Object[]> next() {
                throw new AssertionError("never reached");
            }
        };
    }
}
