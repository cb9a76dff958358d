package migratedb.verify;

import migratedb.copy.Chunk;
import migratedb.copy.ChunkState;
import migratedb.copy.CheckpointStore;
import migratedb.model.TargetTable;
import migratedb.source.postgres.PostgresTableReader;
import migratedb.sink.TargetDialect;
import migratedb.sink.TargetValueReader;
import migratedb.model.ValueKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Re-reads every committed chunk from the target, hashes it with the same normalization as the copy, and compares
 * it with the checksum recorded (in the same transaction as the rows) when the chunk was copied from the source.
 */
public final class TableVerifier {
    private final TargetDialect dialect;
    private final CheckpointStore checkpoints;

    public TableVerifier(TargetDialect dialect, CheckpointStore checkpoints) {
        this.dialect = dialect;
        this.checkpoints = checkpoints;
    }

    /** What verification found for one table. */
    public record Outcome(long rowsRead, long rowsWritten, long rowsRejected, long targetRows, Checksum copied,
                          Checksum found, List<String> mismatches, boolean allChunksDone, int chunks) {
    }

    /** Reads every committed chunk of the table back from the target (the {@code verify} command). */
    public Outcome verify(Connection target, String runId, TargetTable table) throws SQLException {
        return verify(target, table, checkpoints.chunks(target, runId, table.sourceName()), Map.of());
    }

    /**
     * Adds up the table's chunks: a chunk whose range the copy's worker already read back ({@code readBack}, by
     * chunk number) is not read again; the others are read now. Page-range chunks, which the target cannot address,
     * are checked as a whole; the table's row count is always taken, so rows outside every range are found too.
     */
    public Outcome verify(Connection target, TargetTable table, List<ChunkState> chunks,
                          Map<Integer, Checksum> readBack) throws SQLException {
        dialect.prepareSession(target, table);
        ValueKind[] kinds = PostgresTableReader.kinds(table);
        RowHasher hasher = new RowHasher(kinds);
        Checksum copied = Checksum.EMPTY;
        Checksum found = Checksum.EMPTY;
        long read = 0;
        long written = 0;
        long rejected = 0;
        boolean allDone = !chunks.isEmpty();
        boolean byKey = chunks.stream().allMatch(c -> c.chunk().keyRange());
        List<String> mismatches = new ArrayList<>();
        for (ChunkState c : chunks) {
            if (!c.done()) {
                allDone = false;
                mismatches.add(c.chunk().describe() + " was not copied");
                continue;
            }
            read += c.rowsRead();
            written += c.rowsWritten();
            rejected += c.rowsRejected();
            copied = copied.plus(c.checksum());
            if (c.rowsRead() != c.rowsWritten() + c.rowsRejected() || c.checksum().rows() != c.rowsWritten()) {
                mismatches.add(c.chunk().describe() + ": " + c.rowsRead() + " rows read but " + c.rowsWritten()
                        + " written and " + c.rowsRejected() + " rejected");
            }
            if (byKey) {
                Checksum known = readBack.get(c.chunk().number());
                Checksum actual = known != null ? known : targetChecksum(target, table, c.chunk(), kinds, hasher);
                found = found.plus(actual);
                if (!actual.equals(c.checksum())) {
                    mismatches.add(c.chunk().describe() + ": copied " + c.checksum() + ", target has " + actual);
                }
            }
        }
        if (!byKey && allDone) {
            // page ranges exist only in the source: the target is checked as a whole against the chunks' sum (a
            // table copied as one whole-table chunk was read back whole by its worker already)
            boolean whole = chunks.size() == 1 && !chunks.get(0).chunk().ranged();
            Checksum known = whole ? readBack.get(chunks.get(0).chunk().number()) : null;
            found = known != null ? known : targetChecksum(target, table, null, kinds, hasher);
            if (!found.equals(copied)) {
                mismatches.add(table.sourceName() + " (" + chunks.size() + " chunk(s) by " + (whole ? "whole table"
                        : "source pages") + "): copied " + copied + ", target has " + found
                        + " (no integer key to name the rows' range)");
            }
        }
        long targetRows = count(target, table);
        if (targetRows != found.rows()) {
            mismatches.add("the table has " + targetRows + " rows, the copied ranges hold " + found.rows());
        }
        return new Outcome(read, written, rejected, targetRows, copied, found, mismatches, allDone, chunks.size());
    }

    /**
     * What the target holds in a chunk's range (the whole table for a whole-table chunk), hashed as the copy hashed
     * the source's rows. The session must be prepared for the table ({@link TargetDialect#prepareSession}).
     */
    public Checksum chunkChecksum(Connection target, TargetTable table, Chunk chunk) throws SQLException {
        if (chunk.pageRange()) {
            throw new IllegalArgumentException(chunk.describe() + ": source pages cannot be read in the target");
        }
        ValueKind[] kinds = PostgresTableReader.kinds(table);
        return targetChecksum(target, table, chunk.ranged() ? chunk : null, kinds, new RowHasher(kinds));
    }

    /** The checksum of a key range of the target table, or of the whole table when {@code chunk} is null. */
    private Checksum targetChecksum(Connection target, TargetTable table, Chunk chunk, ValueKind[] kinds,
                                    RowHasher hasher) throws SQLException {
        String sql = dialect.selectForVerification(table, chunk == null ? null : chunk.rangeColumn());
        dialect.streamLargeReads(target);
        long rows = 0;
        long sum = 0;
        try (PreparedStatement ps = target.prepareStatement(sql)) {
            ps.setFetchSize(10_000);
            if (chunk != null) {
                ps.setLong(1, chunk.lo());
                ps.setLong(2, chunk.hi());
            }
            try (ResultSet rs = ps.executeQuery()) {
                Object[] row = new Object[kinds.length];
                while (rs.next()) {
                    for (int i = 0; i < kinds.length; i++) {
                        row[i] = TargetValueReader.read(rs, i + 1, kinds[i]);
                    }
                    rows++;
                    sum += hasher.hash(row);
                }
            }
        }
        return new Checksum(rows, sum);
    }

    private long count(Connection target, TargetTable table) throws SQLException {
        try (PreparedStatement ps = target.prepareStatement(dialect.countSql(table));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
