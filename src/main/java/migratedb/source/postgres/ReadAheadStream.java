package migratedb.source.postgres;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streams one chunk of a table as batches of rows. A reader thread stays at most two batches ahead of the
 * writer, so reading the source and writing the target overlap while memory stays bounded by the batch size.
 * Subclasses say how rows are produced ({@link BatchStream}: a cursor; {@link BinaryCopyStream}: COPY binary);
 * the queue, the failure carried across the thread and {@link #close()} are the same for both.
 */
public abstract class ReadAheadStream implements Iterator<List<Object[]>>, AutoCloseable {
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
    private final Thread reader;
    private volatile boolean cancelled;
    private Object next;
    private boolean finished;

    /** What the reader thread runs: adds rows to the sink until the chunk ends or the sink says it is cancelled. */
    interface Producer {
        void produce(Sink sink) throws SQLException, InterruptedException;
    }

    /** Collects rows into batches and hands them to the consumer; tells the producer when to stop. */
    final class Sink {
        private final int batchSize;
        private List<Object[]> batch;

        private Sink(int batchSize) {
            this.batchSize = batchSize;
            this.batch = new ArrayList<>(batchSize);
        }

        boolean cancelled() {
            return cancelled;
        }

        void add(Object[] row) throws InterruptedException {
            batch.add(row);
            if (batch.size() == batchSize) {
                put(batch);
                batch = new ArrayList<>(batchSize);
            }
        }

        private void finish() throws InterruptedException {
            if (!batch.isEmpty()) {
                put(batch);
            }
            put(END);
        }
    }

    protected ReadAheadStream(int batchSize, String threadName, Producer producer) {
        this.reader = new Thread(() -> {
            try {
                Sink sink = new Sink(batchSize);
                producer.produce(sink);
                if (!cancelled) {
                    sink.finish();
                }
            } catch (SQLException | RuntimeException e) {
                putQuietly(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void put(Object o) throws InterruptedException {
        while (!cancelled) {
            if (queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    private void putQuietly(Object o) {
        try {
            put(o);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the source", e);
            }
        }
        if (next instanceof SQLException e) {
            throw new BatchStream.SourceReadException(e);
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        finished = next == END;
        return !finished;
    }

    /**
     * True once every row was handed out and the reader is done with its connection (its statement closed, its
     * COPY ended): the connection can read the next chunk. False after a failure or a close before the end.
     */
    public boolean finished() {
        return finished;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Object[]> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<Object[]> batch = (List<Object[]>) next;
        next = null;
        return batch;
    }

    /** Stops the reader thread; the caller closes the connection (which ends a blocked read). */
    @Override
    public void close() {
        cancelled = true;
        queue.clear();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
