package migratedb.source.postgres;

import migratedb.model.TargetTable;
import migratedb.model.ValueKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streams one key range of a table as batches of rows. A reader thread stays at most two batches ahead of the
 * writer, so reading the source and writing the target overlap while memory stays bounded by the batch size.
 */
public final class BatchStream implements Iterator<List<Object[]>>, AutoCloseable {
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
    private final Thread reader;
    private volatile boolean cancelled;
    private Object next;

    public BatchStream(Connection connection, PostgresTableReader tableReader, TargetTable table, String rangeColumn,
                       Long lo, Long hi, int fetchSize, int batchSize, String threadName) {
        ValueKind[] kinds = PostgresTableReader.kinds(table);
        this.reader = new Thread(() -> {
            try (PreparedStatement ps = tableReader.prepare(connection, table, rangeColumn, lo, hi, fetchSize);
                 ResultSet rs = ps.executeQuery()) {
                List<Object[]> batch = new ArrayList<>(batchSize);
                while (!cancelled && rs.next()) {
                    batch.add(PostgresTableReader.readRow(rs, kinds));
                    if (batch.size() == batchSize) {
                        put(batch);
                        batch = new ArrayList<>(batchSize);
                    }
                }
                if (!batch.isEmpty()) {
                    put(batch);
                }
                put(END);
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
            throw new SourceReadException(e);
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return next != END;
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

    /** Stops the reader thread; the caller closes the connection (which ends a blocked fetch). */
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

    /** A source failure met while streaming, carried across the reader thread. */
    public static final class SourceReadException extends RuntimeException {
        public SourceReadException(SQLException cause) {
            super("reading the source failed: " + cause.getMessage(), cause);
        }

        public SQLException sqlException() {
            return (SQLException) getCause();
        }
    }
}
