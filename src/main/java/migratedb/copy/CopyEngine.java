package migratedb.copy;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.lifecycle.RunInterrupted;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.pipeline.MigrationRun;
import migratedb.source.postgres.BatchStream;
import migratedb.source.postgres.BinaryCopyStream;
import migratedb.source.postgres.PostgresErrors;
import migratedb.source.postgres.PostgresTableReader;
import migratedb.source.postgres.ReadAheadStream;
import migratedb.sink.TargetDialect;
import migratedb.sink.TransactionEndedException;
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
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The copy engine the table-copy and chunk-copy routes call: plans chunks, streams a chunk's rows in batches,
 * writes each batch (isolating rows the target refuses), and commits a chunk's rows together with its checkpoint.
 */
public final class CopyEngine {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.copy");

    private final PostgresTableReader reader = new PostgresTableReader();
    private final ChunkPlanner planner = new ChunkPlanner();
    private final ProgressListener progress;
    /** The planned tables of the current run (one engine per run), in planning order: largest first. */
    private final List<TablePlan> plans = new CopyOnWriteArrayList<>();
    private volatile long copyStartedNanos = System.nanoTime();

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
        plans.clear();
        copyStartedNanos = System.nanoTime();
        progress.runStarted(run.plan().tables().size());
    }

    public void copyFinished(MigrationRun run) {
        run.stageDone("copy", (System.nanoTime() - copyStartedNanos) / 1_000_000);
        run.snapshot().replacements().forEach(w -> {
            LOG.warn(w);
            run.warn(w);
        });
        progress.runFinished();
    }

    /**
     * Every chunk still to copy, of every planned table, largest table first: the copy route hands them to its
     * workers in this order, so all workers start on the biggest table (two cores busy on one huge table) and
     * move on to the next table as chunks run out.
     */
    public List<ChunkWork> chunks(MigrationRun run) {
        List<ChunkWork> out = new ArrayList<>();
        for (TablePlan p : plans) {
            out.addAll(p.chunks());
        }
        return out;
    }

    /** Records the table's copy time; its counts come from the checkpoints at verification. */
    private void tableDone(TableJob job) {
        job.run().copyMillis(job.name(), job.elapsedMillis());
        progress.tableFinished(job.name());
        LOG.info("Table {} copied in {} ms", job.name(), job.elapsedMillis());
    }

    /** Plans (or, on resume, reloads) the table's chunks and keeps those still to copy for {@link #chunks}. */
    public TablePlan planChunks(TableJob job) {
        MigrationRun run = job.run();
        TargetTable table = job.table();
        run.stopRequest().throwIfRequested(job.name() + " (planning)");
        MDC.put("table", job.name());
        try (Connection source = run.snapshot().openReader(); Connection target = run.target().connect()) {
            ChunkPlanner.TablePlan planned = planner.plan(source, table,
                    run.settings().getLong(SettingKeys.CHUNK_ROWS, 1_000, Long.MAX_VALUE));
            source.commit();
            run.sourceRows(job.name(), planned.rows());
            List<ChunkState> stored = run.checkpoints().planOnce(target, run.runId(), job.name(), planned.chunks());
            // refused rows a crash left between a chunk's commit and the table's reject file
            Set<Integer> committed = stored.stream().filter(ChunkState::done).map(st -> st.chunk().number())
                    .collect(Collectors.toSet());
            run.rejects().recover(job.name(), columnNames(job), committed::contains);
            List<ChunkWork> todo = new ArrayList<>();
            long rejectedBefore = 0;
            long copiedBefore = 0;
            for (ChunkState s : stored) {
                if (s.done()) {
                    rejectedBefore += s.rowsRejected();
                    copiedBefore += s.rowsRead();
                } else {
                    todo.add(new ChunkWork(job, s.chunk(), stored.size()));
                }
            }
            job.resumeFrom(rejectedBefore, todo.size());
            LOG.info("Table {}: {} rows in the source, {} chunk(s), {} to copy", job.name(), planned.rows(),
                    stored.size(), todo.size());
            progress.tableStarted(job.name(), planned.rows(), copiedBefore);
            TablePlan plan = new TablePlan(job, todo);
            plans.add(plan);
            if (todo.isEmpty()) {
                tableDone(job);
            }
            return plan;
        } catch (SQLException e) {
            throw failure(job, null, e);
        } finally {
            MDC.remove("table");
        }
    }

    /** Opens the chunk's source cursor (in the shared snapshot) and its target transaction. */
    public void open(ChunkWork w) {
        w.release();
        takeBackUncommittedProgress(w);
        w.job().run().stopRequest().throwIfRequested(w.chunk().describe());
        w.resetCounters();
        w.attempts++;
        w.job().markStarted();
        MigrationRun run = w.job().run();
        Settings s = run.settings();
        MDC.put("table", w.job().name());
        try {
            connectTarget(w);
            OptionalLong committedRejects = w.attempts > 1
                    ? run.checkpoints().committedRejects(w.targetConnection, run.runId(), w.chunk())
                    : OptionalLong.empty();
            if (committedRejects.isPresent()) {
                // the previous attempt failed while committing, but its commit went through
                w.alreadyCommitted = true;
                w.job().rejected().addAndGet(committedRejects.getAsLong());
                LOG.info("{} was committed by attempt {}; not copied again", w.chunk().describe(), w.attempts - 1);
                return;
            }
            openWriter(w);
            w.sourceConnection = run.snapshot().openReader();
            Chunk c = w.chunk();
            w.stream = openStream(s, w.sourceConnection, reader, w.job().table(), c,
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
     * The chunk's rows from the source, read by {@link SettingKeys#SOURCE_READER}: COPY binary when the table's
     * columns all travel as their type's natural kind ({@link BinaryCopyStream#supports}), else the cursor reader.
     */
    public static ReadAheadStream openStream(Settings s, Connection source, PostgresTableReader reader,
                                             TargetTable table, Chunk c, String threadName) {
        return openStream("copy".equals(s.oneOf(SettingKeys.SOURCE_READER, "copy", "cursor")),
                s.getInt(SettingKeys.FETCH_SIZE, 1, 1_000_000), s.getInt(SettingKeys.BATCH_SIZE, 1, 1_000_000), source,
                reader, table, c, threadName);
    }

    /** The same with the reader chosen explicitly (the benchmark measures both). */
    public static ReadAheadStream openStream(boolean copy, int fetchSize, int batchSize, Connection source,
                                             PostgresTableReader reader, TargetTable table, Chunk c,
                                             String threadName) {
        if (copy && BinaryCopyStream.supports(table)) {
            return new BinaryCopyStream(source, reader, table, c.rangeColumn(), c.lo(), c.hi(), batchSize, threadName);
        }
        return new BatchStream(source, reader, table, c.rangeColumn(), c.lo(), c.hi(), fetchSize, batchSize,
                threadName);
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
            connectTarget(w);
            openWriter(w);
            w.rows = rows;
            LOG.info("Loading {} (attempt {})", w.chunk().describe(), w.attempts);
        } catch (SQLException e) {
            w.release();
            throw failure(w.job(), w.chunk(), e);
        } finally {
            MDC.remove("table");
        }
    }

    /** The chunk's target connection, in a transaction. */
    private static void connectTarget(ChunkWork w) throws SQLException {
        w.targetConnection = w.job().run().target().connect();
        w.targetConnection.setAutoCommit(false);
    }

    /** The chunk's target side: the session prepared (protected columns' key opened), writer and row hasher. */
    private static void openWriter(ChunkWork w) throws SQLException {
        MigrationRun run = w.job().run();
        TargetDialect dialect = run.target().dialect();
        dialect.prepareSession(w.targetConnection, w.job().table());
        w.writer = w.rowByRow ? dialect.openRowWriter(w.targetConnection, w.job().table())
                : dialect.openWriter(w.targetConnection, w.job().table(),
                run.settings().getBoolean(SettingKeys.TABLE_LOCK));
        w.hasher = new RowHasher(PostgresTableReader.kinds(w.job().table()));
    }

    /** The chunk's rows as batches: each becomes one exchange of the chunk-copy route's split. */
    public Iterator<ChunkWork.RowBatch> batches(ChunkWork w) {
        if (w.alreadyCommitted) {
            return java.util.Collections.emptyIterator();
        }
        Iterator<List<Object[]>> rows = w.stream != null ? w.stream : w.rows;
        return new Iterator<>() {
            // Camel's splitter walks the iterator again when it finishes after a failure (to release its
            // exchanges); a second throw would reach the console as an "Error releasing exchange" stack trace
            private boolean failed;

            @Override
            public boolean hasNext() {
                if (failed) {
                    return false;
                }
                try {
                    // a chunk in flight stops at its next batch; its transaction is rolled back by close
                    w.job().run().stopRequest().throwIfRequested(w.chunk().describe());
                    return rows.hasNext();
                } catch (BatchStream.SourceReadException e) {
                    failed = true;
                    throw failure(w.job(), w.chunk(), e.sqlException());
                } catch (RuntimeException e) {
                    failed = true;
                    throw e;
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
        } catch (TransactionEndedException e) {
            if (w.rowByRow || w.job().run().stopRequest().requested()) {
                throw failure(w.job(), w.chunk(), e);
            }
            // nothing of the chunk is left in the target: it is tried again (a redelivery) with a writer whose
            // refused rows end only their own statement, so they can be set aside
            w.rowByRow = true;
            LOG.warn("{}: the target ended the transaction on a refused row; the chunk is copied again with "
                    + "single-row inserts", w.chunk().describe());
            throw new TransientFailure(w.job().name(), w.chunk().describe(), new SQLException("the target ended the "
                    + "chunk's transaction on a refused row; it is copied again with single-row inserts, which "
                    + "isolate refused rows (" + rootMessage(e) + ")", e));
        } catch (SQLException e) {
            throw failure(w.job(), w.chunk(), e);
        }
        progress.rowsCopied(w.job().name(), batch.rows().size());
        w.rowsShownAsCopied += batch.rows().size();
    }

    /**
     * A chunk attempt that did not commit takes back the rows it showed as copied, so that a redelivered chunk is
     * never counted twice in the progress.
     */
    private void takeBackUncommittedProgress(ChunkWork w) {
        if (w.rowsShownAsCopied != 0) {
            progress.rowsCopied(w.job().name(), -w.rowsShownAsCopied);
            w.rowsShownAsCopied = 0;
        }
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
            if (isTransient(w, e) || e instanceof TransactionEndedException) {
                throw e; // a writer may find the transaction ended itself
            }
            w.job().run().target().dialect().requireTransactionAlive(c, e);
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

    /**
     * Commits the chunk's rows and its checkpoint in one transaction: never lost, never duplicated. The reject
     * policy is applied first (a refused chunk commits nothing); the chunk's rejected rows are written ahead before
     * the commit and join the table's reject file after it ({@link RejectWriter}), so a redelivered chunk never
     * lists a row twice and a crash between the two loses none.
     */
    public void commit(ChunkWork w) {
        TableJob job = w.job();
        MigrationRun run = job.run();
        Settings s = run.settings();
        MDC.put("table", job.name());
        try {
            if (w.alreadyCommitted) {
                // the previous attempt's refused rows, written ahead of its commit
                run.rejects().publish(job.name(), columnNames(job), w.chunk().number());
                if (job.chunkFinished()) {
                    tableDone(job);
                }
                return;
            }
            List<String> columns = columnNames(job);
            String file = run.rejects().fileFor(job.name()).toString();
            if (!w.rejects.isEmpty()) {
                String firstError = w.rejects.get(0).error();
                if ("fail".equals(s.oneOf(SettingKeys.REJECT_POLICY, "fail", "skip"))) {
                    run.rejects().write(job.name(), columns, w.rejects);
                    throw new MigrationException(CopyTrouble.ROWS_REJECTED, details(job, w.chunk(), Map.of(
                            "count", w.rejects.size(), "error", firstError, "file", file)));
                }
                long total = job.rejected().get() + w.rejects.size();
                long max = s.getLong(SettingKeys.REJECT_MAX, 0, Long.MAX_VALUE);
                if (total > max) {
                    run.rejects().write(job.name(), columns, w.rejects);
                    throw new MigrationException(CopyTrouble.TOO_MANY_REJECTS, details(job, w.chunk(), Map.of(
                            "count", total, "max", max, "error", firstError, "file", file)));
                }
            }
            if (w.rowsRead != w.rowsWritten + w.rejects.size()) {
                // cannot happen unless a writer lost rows silently; never commit a chunk that does not add up
                throw new MigrationException(CopyTrouble.COUNTS_DO_NOT_RECONCILE, details(job, w.chunk(), Map.of(
                        "read", w.rowsRead, "written", w.rowsWritten, "rejected", w.rejects.size())));
            }
            ChunkState done = new ChunkState(w.chunk(), true, w.rowsRead, w.rowsWritten, w.rejects.size(),
                    new Checksum(w.rowsWritten, w.checksumSum));
            if (!w.rejects.isEmpty()) {
                // on disk before the commit that counts them: a crash after the commit cannot lose the list
                run.rejects().prepare(job.name(), w.chunk().number(), w.rejects);
            }
            run.checkpoints().completeInTransaction(w.targetConnection, run.runId(), done, w.attempts);
            w.targetConnection.commit();
            w.rowsShownAsCopied = 0; // committed: the rows shown stay shown
            if (!w.rejects.isEmpty()) {
                job.rejected().addAndGet(w.rejects.size());
                run.rejects().publish(job.name(), columns, w.chunk().number());
                LOG.warn("{}: {} row(s) refused by the target and skipped (copy.rejectPolicy=skip), listed in {}: {}",
                        w.chunk().describe(), w.rejects.size(), file, w.rejects.get(0).error());
                run.warn(w.rejects.size() + " row(s) of " + job.name() + " (" + w.chunk().describe()
                        + ") refused by the target, listed in " + file);
            }
            long millis = Math.max(1, (System.nanoTime() - w.startedNanos) / 1_000_000);
            LOG.info("Committed {} ({}/{}): {} rows read, {} written, {} rejected, {} rows/s", w.chunk().describe(),
                    w.chunk().number(), w.chunksInTable(), w.rowsRead, w.rowsWritten, w.rejects.size(),
                    w.rowsWritten * 1000 / millis);
            if (job.chunkFinished()) {
                tableDone(job);
            }
        } catch (SQLException e) {
            throw failure(job, w.chunk(), e);
        } finally {
            MDC.remove("table");
        }
    }

    private static List<String> columnNames(TableJob job) {
        return job.table().columns().stream().map(TargetColumn::name).toList();
    }

    /** Closes the chunk's connections; an uncommitted transaction is rolled back. Always runs. */
    public void close(ChunkWork w) {
        w.release();
        takeBackUncommittedProgress(w);
    }

    private boolean isTransient(ChunkWork w, SQLException e) {
        return w.job().run().target().dialect().isTransient(e);
    }

    /** Sorts a failure: transient ones are redelivered, the rest carry their catalogue entry. */
    private RuntimeException failure(TableJob job, Chunk chunk, SQLException e) {
        String where = chunk == null ? job.name() + " (planning)" : chunk.describe();
        if (job.run().stopRequest().requested()) {
            // a connection closed by the shutdown is the interruption itself, never a transient failure to retry
            return new RunInterrupted(job.run().stopRequest().reason(), where, e);
        }
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
