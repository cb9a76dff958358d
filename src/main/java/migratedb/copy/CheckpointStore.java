package migratedb.copy;

import migratedb.sink.TargetDialect;
import migratedb.verify.Checksum;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * MigrateDB's run state in the target: one row per run and one per planned chunk. A chunk is marked done in the
 * same transaction that writes its rows, so after any crash the target says exactly which chunks are in.
 */
public final class CheckpointStore {
    private final TargetDialect dialect;
    private final String runTable;
    private final String chunkTable;

    public CheckpointStore(TargetDialect dialect, String schema) {
        this.dialect = dialect;
        this.runTable = dialect.qualify(schema, TargetDialect.RUN_TABLE);
        this.chunkTable = dialect.qualify(schema, TargetDialect.CHUNK_TABLE);
        this.schema = schema;
    }

    private final String schema;
    /** The statements, read once: every chunk's commit uses one. */
    private final java.util.Map<String, String> statements = new java.util.concurrent.ConcurrentHashMap<>();

    /** The state of a run as recorded in the target. */
    public record RunRecord(String runId, String status, String configFingerprint, String schemaFingerprint) {
    }

    public void createTables(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String ddl : dialect.createRunStateTables(schema)) {
                st.execute(ddl);
            }
        }
        commitIfNeeded(c);
    }

    public void startRun(Connection c, String runId, String configFingerprint, String schemaFingerprint)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("insert-run.sql"))) {
            ps.setString(1, runId);
            ps.setString(2, "running");
            ps.setString(3, configFingerprint);
            ps.setString(4, schemaFingerprint);
            ps.setTimestamp(5, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
        commitIfNeeded(c);
    }

    public void finishRun(Connection c, String runId, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("update-run.sql"))) {
            ps.setString(1, status);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, runId);
            ps.executeUpdate();
        }
        commitIfNeeded(c);
    }

    /** The most recent run, or the given one. Empty when the target has no run state. */
    public Optional<RunRecord> findRun(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(runId == null ? "latest-run.sql" : "find-run.sql"))) {
            if (runId != null) {
                ps.setString(1, runId);
            }
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RunRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)));
            }
        }
    }

    /** Stores the plan of a table once; a resumed run finds the same chunks again. */
    public List<ChunkState> planOnce(Connection c, String runId, String table, List<Chunk> plan) throws SQLException {
        List<ChunkState> stored = chunks(c, runId, table);
        if (!stored.isEmpty()) {
            return stored;
        }
        try (PreparedStatement ps = c.prepareStatement(sql("insert-chunk.sql"))) {
            for (Chunk ch : plan) {
                ps.setString(1, runId);
                ps.setString(2, table);
                ps.setInt(3, ch.number());
                ps.setString(4, ch.rangeColumn());
                setLong(ps, 5, ch.lo());
                setLong(ps, 6, ch.hi());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        commitIfNeeded(c);
        return chunks(c, runId, table);
    }

    /** Every planned chunk of the run, by table (one query: a resume learns what is left in one round trip). */
    public Map<String, List<ChunkState>> runChunks(Connection c, String runId) throws SQLException {
        Map<String, List<ChunkState>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql("select-run-chunks.sql"))) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    Chunk ch = new Chunk(table, rs.getInt(2), rs.getString(3), getLong(rs, 4), getLong(rs, 5));
                    out.computeIfAbsent(table, t -> new ArrayList<>()).add(new ChunkState(ch,
                            "done".equals(rs.getString(6)), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                            Checksum.parse(rs.getString(10))));
                }
            }
        }
        return out;
    }

    /**
     * Stores the plans of many tables in one transaction: all of them or none. A table whose chunks are stored
     * already (a resume; a redelivery after a commit in doubt) keeps them. Returns every chunk of the run.
     */
    public Map<String, List<ChunkState>> storePlans(Connection c, String runId, Map<String, List<Chunk>> plans)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Map<String, List<ChunkState>> stored = runChunks(c, runId);
            int rows = 0;
            try (PreparedStatement ps = c.prepareStatement(sql("insert-chunk.sql"))) {
                for (Map.Entry<String, List<Chunk>> plan : plans.entrySet()) {
                    if (stored.containsKey(plan.getKey())) {
                        continue;
                    }
                    for (Chunk ch : plan.getValue()) {
                        ps.setString(1, runId);
                        ps.setString(2, plan.getKey());
                        ps.setInt(3, ch.number());
                        ps.setString(4, ch.rangeColumn());
                        setLong(ps, 5, ch.lo());
                        setLong(ps, 6, ch.hi());
                        ps.addBatch();
                        rows++;
                    }
                    stored.put(plan.getKey(), plan.getValue().stream().map(ChunkState::planned).toList());
                }
                if (rows > 0) {
                    ps.executeBatch();
                }
            }
            c.commit();
            return stored;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the failure itself is reported
            }
            throw e;
        } finally {
            try {
                c.setAutoCommit(autoCommit);
            } catch (SQLException ignored) {
                // a broken connection is discarded by its owner
            }
        }
    }

    public List<ChunkState> chunks(Connection c, String runId, String table) throws SQLException {
        List<ChunkState> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql("select-chunks.sql"))) {
            ps.setString(1, runId);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Chunk ch = new Chunk(table, rs.getInt(1), rs.getString(2), getLong(rs, 3), getLong(rs, 4));
                    out.add(new ChunkState(ch, "done".equals(rs.getString(5)), rs.getLong(6), rs.getLong(7),
                            rs.getLong(8), Checksum.parse(rs.getString(9))));
                }
            }
        }
        return out;
    }

    /**
     * The rows a chunk refused, when the chunk is marked done; empty when it is not. A redelivered attempt asks
     * this when the previous attempt's commit was in doubt: if it went through, its refused rows still count.
     */
    public OptionalLong committedRejects(Connection c, String runId, Chunk chunk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("chunk-status.sql"))) {
            ps.setString(1, runId);
            ps.setString(2, chunk.table());
            ps.setInt(3, chunk.number());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "done".equals(rs.getString(1)) ? OptionalLong.of(rs.getLong(2))
                        : OptionalLong.empty();
            }
        }
    }

    /**
     * Marks a chunk done inside the caller's open transaction (the one holding the chunk's rows), with the number
     * of attempts it took (redeliveries after transient failures count). Fails when the chunk was already done: a
     * second copy of the same rows must never commit.
     */
    public void completeInTransaction(Connection c, String runId, ChunkState state, int attempts)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql("complete-chunk.sql"))) {
            ps.setLong(1, state.rowsRead());
            ps.setLong(2, state.rowsWritten());
            ps.setLong(3, state.rowsRejected());
            ps.setString(4, state.checksum().text());
            ps.setInt(5, attempts);
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
            ps.setString(7, runId);
            ps.setString(8, state.chunk().table());
            ps.setInt(9, state.chunk().number());
            if (ps.executeUpdate() != 1) {
                throw new SQLException("chunk " + state.chunk().describe() + " is already committed", "MDB01");
            }
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static Long getLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static void commitIfNeeded(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private String sql(String resource) {
        return statements.computeIfAbsent(resource, this::load);
    }

    private String load(String resource) {
        try (InputStream in = CheckpointStore.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()
                    .replace("{run}", runTable).replace("{chunk}", chunkTable);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
