package migratedb.copy;

import migratedb.verify.Checksum;

/**
 * Where the copy engine reports what it found, for the verification and the report (the pipeline's run implements
 * it). Must be thread-safe: the workers report at once.
 */
public interface CopyResults {
    /** The table's rows in the source snapshot, counted when it was planned. */
    void sourceRows(String table, long rows);

    /** How long the table's chunks took, from the first one opened to the last one committed. */
    void copyMillis(String table, long millis);

    /**
     * What the target holds in a chunk's range, read back by the worker right after the chunk committed: the verify
     * stage compares it with the checksum recorded from the source instead of reading the chunk again.
     */
    void chunkVerified(String table, int chunk, Checksum found);

    /** A warning for the report. */
    void warn(String warning);

    /** A stage's duration for the report. */
    void stageDone(String stage, long millis);
}
