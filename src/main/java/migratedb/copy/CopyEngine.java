package migratedb.copy;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.model.Column;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.pipeline.MigrationRun;
import migratedb.source.postgres.BatchStream;
import migratedb.source.postgres.PostgresErrors;
import migratedb.source.postgres.PostgresTableReader;
import migratedb.target.TargetDialect;
import migratedb.troubleshoot.MigrationException;
import migratedb.verify.Checksum;
import migratedb.verify.RowHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The copy engine the table-copy and chunk-copy routes call: plans chunks, streams a chunk's rows in batches,
 * writes each batch (isolating rows the target refuses), and commits a chunk's rows together with its checkpoint.
 */
public final class CopyEngine {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.copy");
    private static final Set<String> INTEGER_KEYS = Set.of("int2", "int4", "int8");

    private final PostgresTableReader reader = new PostgresTableReader();
    private final ProgressListener progress;

    public CopyEngine(ProgressListener progress) {
        this.progress = progress;
    }

    /** Tables of the plan, largest first, so the longest copy starts first and parallel workers finish together. */
    public List<TableJob> tables(MigrationRun run) {
        return run.plan().tables().stream()
                .sorted(Comparator.comparingLong((TargetTable t) -> t.source().sizeBytes()).reversed()
                        .thenComparing(TargetTable::sourceName))
                .map(t -> new TableJob(run, t)).toList();
    }

    /** A table's chunks still to copy. */
    public record TablePlan(TableJob job, List<ChunkWork> chunks) {
    }

    public void copyStarted(MigrationRun run) {
        progress.runStarted(run.plan().tables().size());
    }

    public void copyFinished(MigrationRun run) {
        progress.runFinished();
    }

    public List<ChunkWork> chunksOf(TablePlan plan) {
        return plan.chunks();
    }

    /** Records the table's copy time; its counts come from the checkpoints at verification. */
    public void tableDone(TablePlan plan) {
        TableJob job = plan.job();
        job.run().copyMillis(job.name(), job.elapsedMillis());
        progress.tableFinished(job.name());
        LOG.info("Table {} copied in {} ms", job.name(), job.elapsedMillis());
    }

    /** Plans (or, on resume, reloads) the table's chunks and returns those still to copy. */
    public TablePlan planChunks(TableJob job) {
        MigrationRun run = job.run();
        TargetTable table = job.table();
        MDC.put("table", job.name());
        try (Connection source = run.snapshot().openReader(); Connection target = run.target().connect()) {
            String rangeColumn = rangeColumn(table);
            long[] stats = sourceStats(source, table, rangeColumn);
            run.sourceRows(job.name(), stats[0]);
            List<Chunk> plan = plan(job.name(), rangeColumn, stats, run.settings().getLong(SettingKeys.CHUNK_ROWS,
                    1_000, Long.MAX_VALUE));
            List<ChunkState> stored = run.checkpoints().planOnce(target, run.runId(), job.name(), plan);
            List<ChunkWork> todo = new ArrayList<>();
            for (ChunkState s : stored) {
                if (!s.done()) {
                    todo.add(new ChunkWork(job, s.chunk(), stored.size()));
                }
            }
            LOG.info("Table {}: {} rows in the source, {} chunk(s), {} to copy", job.name(), stats[0], stored.size(),
                    todo.size());
            progress.tableStarted(job.name(), stats[0], stored.stream().filter(ChunkState::done)
                    .mapToLong(ChunkState::rowsRead).sum());
            return new TablePlan(job, todo);
        } catch (SQLException e) {
            throw failure(job, null, e);
        } finally {
            MDC.remove("table");
        }
    }

    /** Splits on a single-column integer primary key; other tables are copied as one chunk. */
    static String rangeColumn(TargetTable table) {
        var pk = table.source().primaryKey();
        if (pk == null || pk.columns().size() != 1) {
            return null;
        }
        return table.source().column(pk.columns().get(0)).map(Column::baseType).filter(INTEGER_KEYS::contains)
                .map(t -> pk.columns().get(0)).orElse(null);
    }

    private long[] sourceStats(Connection source, TargetTable table, String rangeColumn) throws SQLException {
        try (PreparedStatement ps = source.prepareStatement(reader.statsSql(table, rangeColumn));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rangeColumn == null ? new long[]{rs.getLong(1)}
                    : new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    static List<Chunk> plan(String table, String rangeColumn, long[] stats, long chunkRows) {
        long rows = stats[0];
        if (rangeColumn == null || rows <= chunkRows) {
            return rangeColumn == null || rows == 0 ? List.of(new Chunk(table, 1, null, null, null))
                    : List.of(new Chunk(table, 1, rangeColumn, stats[1], Math.addExact(stats[2], 1)));
        }
        long min = stats[1];
        long end = Math.addExact(stats[2], 1);
        long chunks = (rows + chunkRows - 1) / chunkRows;
        long width = Math.max(1, (long) Math.ceil(((double) end - min) / chunks));
        List<Chunk> out = new ArrayList<>();
        long lo = min;
        int n = 1;
        while (lo < end) {
            long hi = end - lo <= width ? end : lo + width;
            out.add(new Chunk(table, n++, rangeColumn, lo, hi));
            lo = hi;
        }
        return out;
    }

    /** Opens the chunk's source cursor (in the shared snapshot) and its target transaction. */
    public void open(ChunkWork w) {
        w.release();
        w.resetCounters();
        w.attempts++;
        MigrationRun run = w.job().run();
        Settings s = run.settings();
        MDC.put("table", w.job().name());
        try {
            openTarget(w);
            w.sourceConnection = run.snapshot().openReader();
            Chunk c = w.chunk();
            w.stream = new BatchStream(w.sourceConnection, reader, w.job().table(), c.rangeColumn(), c.lo(), c.hi(),
                    s.getInt(SettingKeys.FETCH_SIZE, 1, 1_000_000), s.getInt(SettingKeys.BATCH_SIZE, 1, 1_000_000),
                    "reader-" + w.job().name() + "-" + c.number());
            LOG.info("Copying {} (attempt {})", c.describe(), w.attempts);
        } catch (SQLException e) {
            w.release();
            throw failure(w.job(), w.chunk(), e);
        } finally {
            MDC.remove("table");
        }
    }

    /**
     * Opens a chunk whose rows come from somewhere else than PostgreSQL (import-excluded reads them from a file):
     * the same target transaction, writer, hashing, reject isolation and checkpointed commit as a copied chunk.
     */
    public void openWithRows(ChunkWork w, Iterator<List<Object[]>> rows) {
        w.release();
        w.resetCounters();
        w.attempts++;
        MDC.put("table", w.job().name());
        try {
            openTarget(w);
            w.rows = rows;
            LOG.info("Loading {} (attempt {})", w.chunk().describe(), w.attempts);
        } catch (SQLException e) {
            w.release();
            throw failure(w.job(), w.chunk(), e);
        } finally {
            MDC.remove("table");
        }
    }

    /** The chunk's target side: a connection in a transaction, the table's writer and the row hasher. */
    private static void openTarget(ChunkWork w) throws SQLException {
        MigrationRun run = w.job().run();
        TargetDialect dialect = run.target().dialect();
        w.targetConnection = run.target().connect();
        w.targetConnection.setAutoCommit(false);
        dialect.prepareSession(w.targetConnection, w.job().table());
        w.writer = dialect.openWriter(w.targetConnection, w.job().table());
        w.hasher = new RowHasher(PostgresTableReader.kinds(w.job().table()));
    }

    /** The chunk's rows as batches: each becomes one exchange of the chunk-copy route's split. */
    public Iterator<ChunkWork.RowBatch> batches(ChunkWork w) {
        Iterator<List<Object[]>> rows = w.stream != null ? w.stream : w.rows;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return rows.hasNext();
                } catch (BatchStream.SourceReadException e) {
                    throw failure(w.job(), w.chunk(), e.sqlException());
                }
            }

            @Override
            public ChunkWork.RowBatch next() {
                return new ChunkWork.RowBatch(w, rows.next());
            }
        };
    }

    /** Writes one batch inside the chunk's transaction; rows the target refuses are isolated, not fatal. */
    public void write(ChunkWork.RowBatch batch) {
        ChunkWork w = batch.work();
        w.rowsRead += batch.rows().size();
        try {
            writeIsolating(w, batch.rows());
        } catch (SQLException e) {
            throw failure(w.job(), w.chunk(), e);
        }
        progress.rowsCopied(w.job().name(), batch.rows().size());
    }

    /**
     * Writes the rows under a savepoint. On a data error the savepoint is rolled back and the rows are written in
     * halves until the refused rows are single: pgloader's batch retry, inside one transaction.
     */
    private void writeIsolating(ChunkWork w, List<Object[]> rows) throws SQLException {
        Connection c = w.targetConnection;
        Savepoint sp = c.setSavepoint();
        try {
            w.writer.write(rows);
        } catch (SQLException e) {
            if (isTransient(w, e)) {
                throw e;
            }
            c.rollback(sp);
            if (rows.size() == 1) {
                w.rejects.add(new RejectWriter.RejectedRow(rows.get(0), w.chunk().describe(), rootMessage(e)));
                return;
            }
            int mid = rows.size() / 2;
            writeIsolating(w, rows.subList(0, mid));
            writeIsolating(w, rows.subList(mid, rows.size()));
            return;
        }
        releaseQuietly(c, sp);
        for (Object[] row : rows) {
            w.checksumSum += w.hasher.hash(row);
        }
        w.rowsWritten += rows.size();
    }

    private static void releaseQuietly(Connection c, Savepoint sp) {
        try {
            c.releaseSavepoint(sp);
        } catch (SQLException | UnsupportedOperationException ignored) {
            // SQL Server has no RELEASE SAVEPOINT; the savepoint ends with the transaction
        }
    }

    /** Commits the chunk's rows and its checkpoint in one transaction: never lost, never duplicated. */
    public void commit(ChunkWork w) {
        TableJob job = w.job();
        MigrationRun run = job.run();
        Settings s = run.settings();
        MDC.put("table", job.name());
        try {
            List<String> columns = job.table().columns().stream().map(TargetColumn::name).toList();
            if (!w.rejects.isEmpty()) {
                run.rejects().write(job.name(), columns, w.rejects);
                String file = run.rejects().fileFor(job.name()).toString();
                String firstError = w.rejects.get(0).error();
                if ("fail".equals(s.oneOf(SettingKeys.REJECT_POLICY, "fail", "skip"))) {
                    throw new MigrationException(CopyTrouble.ROWS_REJECTED, details(job, w.chunk(), Map.of(
                            "count", w.rejects.size(), "error", firstError, "file", file)));
                }
                long total = job.rejected().addAndGet(w.rejects.size());
                long max = s.getLong(SettingKeys.REJECT_MAX, 0, Long.MAX_VALUE);
                if (total > max) {
                    throw new MigrationException(CopyTrouble.TOO_MANY_REJECTS, details(job, w.chunk(), Map.of(
                            "count", total, "max", max, "error", firstError, "file", file)));
                }
                run.warn(w.rejects.size() + " row(s) of " + job.name() + " refused by the target, listed in " + file);
            }
            ChunkState done = new ChunkState(w.chunk(), true, w.rowsRead, w.rowsWritten, w.rejects.size(),
                    new Checksum(w.rowsWritten, w.checksumSum));
            run.checkpoints().completeInTransaction(w.targetConnection, run.runId(), done);
            w.targetConnection.commit();
            long millis = Math.max(1, (System.nanoTime() - w.startedNanos) / 1_000_000);
            LOG.info("Committed {} ({}/{}): {} rows read, {} written, {} rejected, {} rows/s", w.chunk().describe(),
                    w.chunk().number(), w.chunksInTable(), w.rowsRead, w.rowsWritten, w.rejects.size(),
                    w.rowsWritten * 1000 / millis);
        } catch (SQLException e) {
            throw failure(job, w.chunk(), e);
        } finally {
            MDC.remove("table");
        }
    }

    /** Closes the chunk's connections; an uncommitted transaction is rolled back. Always runs. */
    public void close(ChunkWork w) {
        w.release();
    }

    private boolean isTransient(ChunkWork w, SQLException e) {
        return w.job().run().target().dialect().isTransient(e);
    }

    /** Sorts a failure: transient ones are redelivered, the rest carry their catalogue entry. */
    private RuntimeException failure(TableJob job, Chunk chunk, SQLException e) {
        String where = chunk == null ? job.name() + " (planning)" : chunk.describe();
        boolean transientTarget = job.run().target().dialect().isTransient(e);
        if (transientTarget || PostgresErrors.isTransient(e)) {
            return new TransientFailure(job.name(), where, e);
        }
        Map<String, Object> d = details(job, chunk, Map.of("error", rootMessage(e)));
        boolean fromSource = e.getClass().getName().startsWith("org.postgresql");
        return new MigrationException(fromSource ? CopyTrouble.SOURCE_READ_FAILED : CopyTrouble.TARGET_WRITE_FAILED,
                d, e);
    }

    private static Map<String, Object> details(TableJob job, Chunk chunk, Map<String, Object> more) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("table", job.name());
        d.put("chunk", chunk == null ? "planning" : chunk.describe());
        d.putAll(more);
        return d;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        if (e instanceof java.sql.BatchUpdateException b && b.getNextException() != null) {
            t = b.getNextException();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
