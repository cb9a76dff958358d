package migratedb.copy;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;

/**
 * The copy's settings, read and checked once per run.
 *
 * @param chunkRows      rows per chunk (copy.chunkRows)
 * @param batchSize      rows per batch: one exchange, one write (copy.batchSize)
 * @param fetchSize      rows per round trip of the cursor reader (copy.fetchSize)
 * @param copyReader     COPY binary (true) or the cursor reader (copy.sourceReader)
 * @param tableLock      SQL Server bulk copy's TABLOCK (copy.tableLock)
 * @param skipRejects    refused rows are set aside (copy.rejectPolicy=skip) instead of stopping the table
 * @param rejectMax      with skipRejects: the most refused rows a table may have (copy.rejectMaxPerTable)
 * @param workers        chunks copied at the same time, each on its worker's own sessions (copy.parallelTables)
 */
public record CopyTunables(long chunkRows, int batchSize, int fetchSize, boolean copyReader, boolean tableLock,
                           boolean skipRejects, long rejectMax, int workers) {

    public static CopyTunables from(Settings s) {
        return new CopyTunables(s.getLong(SettingKeys.CHUNK_ROWS, 1_000, Long.MAX_VALUE),
                s.getInt(SettingKeys.BATCH_SIZE, 1, 1_000_000), s.getInt(SettingKeys.FETCH_SIZE, 1, 1_000_000),
                "copy".equals(s.oneOf(SettingKeys.SOURCE_READER, "copy", "cursor")),
                s.getBoolean(SettingKeys.TABLE_LOCK),
                "skip".equals(s.oneOf(SettingKeys.REJECT_POLICY, "fail", "skip")),
                s.getLong(SettingKeys.REJECT_MAX, 0, Long.MAX_VALUE),
                s.getInt(SettingKeys.PARALLEL_TABLES, 1, 64));
    }
}
