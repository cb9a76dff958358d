package migratedb.copy;

import migratedb.source.postgres.ReadAheadStream;
import migratedb.source.postgres.SourceSnapshot;
import migratedb.sink.BatchWriter;
import migratedb.verify.RowHasher;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One chunk being copied: the worker's source session and target connection it runs on, its open stream and
 * writer, and what it counted so far. Opening it again (a redelivery) starts from scratch: the previous attempt's
 * transaction was rolled back.
 */
public final class ChunkWork {
    private final TableJob job;
    private final Chunk chunk;
    private final int chunksInTable;

    /** The worker session the chunk reads on (leased from the snapshot, given back after the chunk). */
    SourceSnapshot.Session session;
    Connection targetConnection;
    ReadAheadStream stream;
    /** Rows from elsewhere than PostgreSQL (import-excluded), used instead of {@link #stream}. */
    Iterator<List<Object[]>> rows;
    BatchWriter writer;
    RowHasher hasher;
    long rowsRead;
    long rowsWritten;
    long checksumSum;
    long startedNanos;
    /** Rows of the current attempt told to the progress listener; taken back if the attempt does not commit. */
    long rowsShownAsCopied;
    int attempts;
    /** Set when a redelivered chunk finds that the previous attempt's commit went through after all. */
    boolean alreadyCommitted;
    /**
     * Set once the chunk's commit is known to have gone through in this run (kept across attempts): a redelivery
     * (its verification failed transiently) copies nothing again and counts nothing twice.
     */
    boolean committed;
    /** Set when this chunk's commit was the last its table needed (counted once, kept across attempts). */
    boolean lastOfTable;
    /**
     * Set when the target ended the chunk's transaction on a refused row: its next attempts write single-row
     * INSERTs, whose refused rows end only their own statement. Kept across attempts.
     */
    boolean rowByRow;
    final List<RejectWriter.RejectedRow> rejects = new ArrayList<>();

    ChunkWork(TableJob job, Chunk chunk, int chunksInTable) {
        this.job = job;
        this.chunk = chunk;
        this.chunksInTable = chunksInTable;
    }

    /** A chunk outside the copy routes' planning (import-excluded loads a file as one chunk). */
    public static ChunkWork of(TableJob job, Chunk chunk) {
        return new ChunkWork(job, chunk, 1);
    }

    public TableJob job() {
        return job;
    }

    public Chunk chunk() {
        return chunk;
    }

    int chunksInTable() {
        return chunksInTable;
    }

    void resetCounters() {
        rowsRead = 0;
        rowsWritten = 0;
        checksumSum = 0;
        rejects.clear();
        alreadyCommitted = false;
        startedNanos = System.nanoTime();
    }

    /** True when the chunk's source read ran to its end (its session is fit for the next chunk). */
    boolean readToTheEnd() {
        return stream != null && stream.finished();
    }

    /** Stops the stream and closes the writer and the rows of a file; the connections are handed back separately. */
    void closeStreams() {
        if (stream != null) {
            stream.close();
        }
        if (rows instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // a file reader: nothing is lost by a failed close
            }
        }
        rows = null;
        if (writer != null) {
            try {
                writer.close();
            } catch (SQLException ignored) {
                // the connection is given back or discarded next
            }
            writer = null;
        }
    }

    /** Closes what is open, connections included; an uncommitted target transaction is rolled back. */
    void release() {
        closeStreams();
        stream = null;
        if (targetConnection != null) {
            try {
                if (!targetConnection.isClosed() && !targetConnection.getAutoCommit()) {
                    targetConnection.rollback();
                }
            } catch (SQLException ignored) {
                // a broken connection has nothing left to roll back
            }
            closeQuietly(targetConnection);
            targetConnection = null;
        }
        if (session != null) {
            closeQuietly(session.connection());
            session = null;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing after a failure; the failure itself is reported
        }
    }

    /** A batch of rows read for this chunk: the body of one exchange in the chunk-copy route. */
    public record RowBatch(ChunkWork work, List<Object[]> rows) {
    }
}
