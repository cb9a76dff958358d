package migratedb.report;

/**
 * What the target holds of one table of a run, from the run state recorded with every chunk commit: the chunks
 * planned and committed, and the committed rows. Shown by {@code status} and in the report of a run that did not
 * finish.
 */
public record TableProgress(String table, int chunks, int chunksDone, long rowsWritten, long rowsRejected) {
    public boolean done() {
        return chunks > 0 && chunksDone == chunks;
    }
}
