package migratedb.copy;

import migratedb.lifecycle.RunInterrupted;
import migratedb.lifecycle.StopRequest;
import migratedb.model.TargetTable;
import migratedb.source.postgres.BatchStream;
import migratedb.source.postgres.BinaryCopyStream;
import migratedb.source.postgres.PostgresErrors;
import migratedb.source.postgres.PostgresTableReader;
import migratedb.source.postgres.ReadAheadStream;
import migratedb.source.postgres.SourceSnapshot;
import migratedb.sink.TargetDialect;
import migratedb.sink.TransactionEndedException;
import migratedb.troubleshoot.MigrationException;
import migratedb.verify.Checksum;
import migratedb.verify.RowHasher;
import migratedb.verify.TableVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.sql.Connection;
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
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The copy engine the copy routes call. It plans every table at once (a few statements for all of them, one
 * transaction for all their checkpoints), then copies chunks on the workers: a chunk streams its rows in batches
 * from the worker's snapshot session, writes each batch on the worker's target connection (isolating rows the
 * target refuses), commits its rows together with its checkpoint, and reads its range back from the target to
 * verify it while other chunks are still being copied.
 * <p>
 * Connections live as long as the run: a worker's source session (which imported the snapshot once) and target
 * connection serve chunk after chunk; one that failed is discarded and replaced, never reused. One engine per run;
 * it sees the run only through its {@link CopyContext}.
 */
public final class CopyEngine {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.copy");
    /** The most tables planned by one statement. */
    static final int PLAN_GROUP_TABLES = 100;
    /** A planning statement stops taking tables at about this many rows, so that big tables are counted in parallel. */
    static final long PLAN_GROUP_ROWS = 1_000_000;

    private final PostgresTableReader reader = new PostgresTableReader();
    private final ChunkPlanner planner = new ChunkPlanner();
    private final Supplier<CopyContext> contextSource;
    private volatile CopyContext ctx;
    private volatile TableVerifier verifier;
    /** The run's tables, largest first. */
    private final Map<String, TableJob> jobs = new LinkedHashMap<>();
    /** What the target already held of this run's plan when the copy started (a resume), by table. */
    private volatile Map<String, List<ChunkState>> stored = Map.of();
    private final List<ChunkWork> todo = new ArrayList<>();
    /**
     * Chunks between open and close/abandon. When a run ends while a chunk is still in flight (a stop or failure
     * elsewhere, and Camel stopping before that chunk's own abandon ran), {@link #abandonOpenChunks} rolls it back:
     * a chunk's transaction never outlives its run, where its row locks would block the resume in the same process.
     */
    private final Set<ChunkWork> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long copyStartedNanos = System.nanoTime();

    /** An engine whose context is taken when the copy starts (the pipeline's run is complete only then). */
    public CopyEngine(Supplier<CopyContext> context) {
        this.contextSource = context;
    }

    public CopyEngine(CopyContext context) {
        this(() -> context);
        use(context);
    }

    private void use(CopyContext context) {
        this.ctx = context;
        this.verifier = new TableVerifier(context.dialect(), context.checkpoints());
    }

    public CopyContext context() {
        return ctx;
    }

    /** A group of tables planned by one statement on one worker. */
    public record PlanGroup(List<TableJob> jobs) {
        String describe() {
            return "planning " + jobs.get(0).name() + (jobs.size() > 1 ? " and " + (jobs.size() - 1)
                    + " more table(s)" : "");
        }
    }

    // --- planning -------------------------------------------------------------------------------------------

    /** The copy starts: the context is taken, the tables are lined up largest first. */
    public synchronized void copyStarted() {
        use(contextSource.get());
        jobs.clear();
        todo.clear();
        stored = Map.of();
        copyStartedNanos = System.nanoTime();
        ctx.progress().runStarted(ctx.tables().size());
        ctx.tables().stream()
                .sorted(Comparator.comparingLong((TargetTable t) -> t.source().sizeBytes()).reversed()
                        .thenComparing(TargetTable::sourceName))
                .forEach(t -> jobs.put(t.sourceName(), new TableJob(t)));
    }

    /**
     * What the target holds of this run's plan already (a resume): one query for every table. And the workers'
     * source sessions, opened at once as parallel pg_dump workers are, each importing the snapshot once.
     */
    public void loadCheckpoints() {
        stored = withTarget(null, "loading the run's checkpoints", c -> ctx.checkpoints().runChunks(c, ctx.runId()));
        try {
            ctx.source().open(ctx.tunables().workers());
        } catch (SQLException e) {
            throw failure(null, "opening the workers' sessions in the source snapshot", e);
        }
    }

    /**
     * The tables to plan, in groups of one statement each: every table, except on a resume those whose every chunk
     * is committed (nothing of them is read again; their source rows are counted by the verification).
     */
    public List<PlanGroup> planGroups() {
        List<PlanGroup> groups = new ArrayList<>();
        List<TableJob> group = new ArrayList<>();
        long rows = 0;
        for (TableJob job : jobs.values()) {
            List<ChunkState> states = stored.get(job.name());
            if (states != null && states.stream().allMatch(ChunkState::done)) {
                continue;
            }
            group.add(job);
            rows += Math.max(0, job.table().source().estimatedRows());
            if (group.size() == PLAN_GROUP_TABLES || rows >= PLAN_GROUP_ROWS) {
                groups.add(new PlanGroup(List.copyOf(group)));
                group.clear();
                rows = 0;
            }
        }
        if (!group.isEmpty()) {
            groups.add(new PlanGroup(List.copyOf(group)));
        }
        LOG.info("Planning {} of {} tables in {} statement(s)", groups.stream().mapToInt(g -> g.jobs().size()).sum(),
                jobs.size(), groups.size());
        return groups;
    }

    /** Row counts and key or page ranges of a group of tables, read on a worker's snapshot session. */
    public void planGroup(PlanGroup group) {
        ctx.stopRequest().throwIfRequested(group.describe());
        SourceSnapshot.Session session = null;
        try {
            session = ctx.source().lease();
            Map<String, ChunkPlanner.TablePlan> plans = planner.planAll(session.connection(),
                    group.jobs().stream().map(TableJob::table).toList(), ctx.tunables().chunkRows());
            ctx.source().giveBack(session);
            session = null;
            for (TableJob job : group.jobs()) {
                ChunkPlanner.TablePlan plan = plans.get(job.name());
                job.planned(plan);
                ctx.results().sourceRows(job.name(), plan.rows());
            }
        } catch (SQLException e) {
            throw failure(null, group.describe(), e);
        } finally {
            if (session != null) {
                ctx.source().discard(session);
            }
        }
    }

    /**
     * Writes the checkpoints of every newly planned table in one transaction, then lines up the chunks still to
     * copy, largest table first. A table planned before (a resume) keeps its stored plan.
     */
    public void storePlans() {
        Map<String, List<Chunk>> fresh = new LinkedHashMap<>();
        for (TableJob job : jobs.values()) {
            if (!stored.containsKey(job.name()) && job.planned() != null) {
                fresh.put(job.name(), job.planned().chunks());
            }
        }
        Map<String, List<ChunkState>> all = fresh.isEmpty() ? stored : withTarget(null,
                "storing the plan of " + fresh.size() + " table(s)",
                c -> ctx.checkpoints().storePlans(c, ctx.runId(), fresh));
        List<ChunkWork> chunks = new ArrayList<>();
        for (TableJob job : jobs.values()) {
            chunks.addAll(lineUp(job, all.getOrDefault(job.name(), List.of())));
        }
        synchronized (this) {
            todo.clear();
            todo.addAll(chunks);
        }
        LOG.info("{} chunk(s) of {} table(s) to copy", chunks.size(), jobs.size());
    }

    /** A table's chunks still to copy; what earlier attempts committed counts as done. */
    private List<ChunkWork> lineUp(TableJob job, List<ChunkState> states) {
        // refused rows a crash left between a chunk's commit and the table's reject file
        Set<Integer> committed = states.stream().filter(ChunkState::done).map(st -> st.chunk().number())
                .collect(Collectors.toSet());
        ctx.rejects().recover(job.name(), job.columnNames(), committed::contains);
        List<ChunkWork> out = new ArrayList<>();
        long rejectedBefore = 0;
        long copiedBefore = 0;
        for (ChunkState s : states) {
            if (s.done()) {
                rejectedBefore += s.rowsRejected();
                copiedBefore += s.rowsRead();
            } else {
                out.add(new ChunkWork(job, s.chunk(), states.size()));
            }
        }
        job.resumeFrom(rejectedBefore, out.size());
        long rows = job.planned() != null ? job.planned().rows() : copiedBefore;
        LOG.info("Table {}: {} rows in the source, {} chunk(s), {} to copy", job.name(),
                job.planned() != null ? rows : "(not counted again)", states.size(), out.size());
        ctx.progress().tableStarted(job.name(), rows, copiedBefore);
        if (out.isEmpty()) {
            tableDone(job);
        }
        return out;
    }

    /**
     * Every chunk still to copy, of every planned table, largest table first: the copy route hands them to its
     * workers in this order, so all workers start on the biggest table (two cores busy on one huge table) and
     * small tables share the workers' time as chunks run out.
     */
    public synchronized List<ChunkWork> chunks() {
        return List.copyOf(todo);
    }

    public void copyFinished() {
        ctx.results().stageDone("copy", (System.nanoTime() - copyStartedNanos) / 1_000_000);
        if (ctx.source() != null) {
            ctx.source().replacements().forEach(w -> {
                LOG.warn(w);
                ctx.results().warn(w);
            });
            LOG.info("The copy used {} snapshot session(s) for {} table(s)", ctx.source().sessionsOpened(),
                    jobs.size());
            // the workers' sessions hold the snapshot, which keeps PostgreSQL from vacuuming: ended with the copy
            ctx.source().close();
        }
        ctx.progress().runFinished();
    }

    /** Records the table's copy time; its counts come from the checkpoints at verification. */
    private void tableDone(TableJob job) {
        ctx.results().copyMillis(job.name(), job.elapsedMillis());
        ctx.progress().tableFinished(job.name());
        LOG.info("Table {} copied in {} ms", job.name(), job.elapsedMillis());
    }

    // --- one chunk ------------------------------------------------------------------------------------------

    /** Opens the chunk on the worker's source session (its cursor in the shared snapshot) and target transaction. */
    public void open(ChunkWork w) {
        takeBackUncommittedProgress(w);
        ctx.stopRequest().throwIfRequested(w.chunk().describe());
        w.resetCounters();
        w.attempts++;
        w.job().markStarted();
        MDC.put("table", w.job().name());
        inFlight.add(w);
        try {
            connectTarget(w);
            if (w.committed) {
                // an earlier attempt committed it; only its verification is left
                ctx.dialect().prepareSession(w.targetConnection, w.job().table());
                return;
            }
            OptionalLong committedRejects = w.attempts > 1
                    ? ctx.checkpoints().committedRejects(w.targetConnection, ctx.runId(), w.chunk())
                    : OptionalLong.empty();
            if (committedRejects.isPresent()) {
                // the previous attempt failed while committing, but its commit went through
                w.alreadyCommitted = true;
                w.job().rejected().addAndGet(committedRejects.getAsLong());
                ctx.dialect().prepareSession(w.targetConnection, w.job().table());
                LOG.info("{} was committed by attempt {}; not copied again", w.chunk().describe(), w.attempts - 1);
                return;
            }
            openWriter(w);
            w.session = ctx.source().lease();
            Chunk c = w.chunk();
            w.stream = openStream(ctx.tunables(), w.session.connection(), reader, w.job().table(), c,
                    "reader-" + w.job().name() + "-" + c.number());
            if (w.attempts > 1) {
                LOG.info("Copying {} (attempt {})", c.describe(), w.attempts);
            } else {
                LOG.debug("Copying {} (attempt 1)", c.describe()); // its commit is the chunk's line
            }
        } catch (SQLException e) {
            throw failure(w.job().name(), w.chunk().describe(), e);
        } finally {
            MDC.remove("table");
        }
    }

    /**
     * The chunk's rows from the source, read by {@link CopyTunables#copyReader}: COPY binary when the table's
     * columns all travel as their type's natural kind ({@link BinaryCopyStream#supports}), else the cursor reader.
     */
    static ReadAheadStream openStream(CopyTunables t, Connection source, PostgresTableReader reader,
                                      TargetTable table, Chunk c, String threadName) {
        return openStream(t.copyReader(), t.fetchSize(), t.batchSize(), source, reader, table, c, threadName);
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
        w.resetCounters();
        w.attempts++;
        MDC.put("table", w.job().name());
        inFlight.add(w);
        try {
            connectTarget(w);
            openWriter(w);
            w.rows = rows;
            LOG.info("Loading {} (attempt {})", w.chunk().describe(), w.attempts);
        } catch (SQLException e) {
            throw failure(w.job().name(), w.chunk().describe(), e);
        } finally {
            MDC.remove("table");
        }
    }

    /** The worker's target connection, in a transaction. */
    private void connectTarget(ChunkWork w) throws SQLException {
        w.targetConnection = ctx.target().borrow();
        w.targetConnection.setAutoCommit(false);
    }

    /** The chunk's target side: the session prepared (protected columns' key opened), writer and row hasher. */
    private void openWriter(ChunkWork w) throws SQLException {
        TargetDialect dialect = ctx.dialect();
        dialect.prepareSession(w.targetConnection, w.job().table());
        w.writer = w.rowByRow ? dialect.openRowWriter(w.targetConnection, w.job().table())
                : dialect.openWriter(w.targetConnection, w.job().table(), ctx.tunables().tableLock());
        w.hasher = new RowHasher(PostgresTableReader.kinds(w.job().table()));
    }

    /** The chunk's rows as batches: each becomes one exchange of the chunk-copy route's split. */
    public Iterator<ChunkWork.RowBatch> batches(ChunkWork w) {
        if (w.alreadyCommitted || w.committed) {
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
                    ctx.stopRequest().throwIfRequested(w.chunk().describe());
                    return rows.hasNext();
                } catch (BatchStream.SourceReadException e) {
                    failed = true;
                    throw failure(w.job().name(), w.chunk().describe(), e.sqlException());
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
            if (w.rowByRow || ctx.stopRequest().requested()) {
                throw failure(w.job().name(), w.chunk().describe(), e);
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
            throw failure(w.job().name(), w.chunk().describe(), e);
        }
        ctx.progress().rowsCopied(w.job().name(), batch.rows().size());
        w.rowsShownAsCopied += batch.rows().size();
    }

    /**
     * A chunk attempt that did not commit takes back the rows it showed as copied, so that a redelivered chunk is
     * never counted twice in the progress.
     */
    private void takeBackUncommittedProgress(ChunkWork w) {
        if (w.rowsShownAsCopied != 0) {
            ctx.progress().rowsCopied(w.job().name(), -w.rowsShownAsCopied);
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
            if (ctx.dialect().isTransient(e) || e instanceof TransactionEndedException) {
                throw e; // a writer may find the transaction ended itself
            }
            ctx.dialect().requireTransactionAlive(c, e);
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
        if (w.committed) {
            return; // committed and counted by an earlier attempt; only its verification is left
        }
        TableJob job = w.job();
        RejectWriter rejects = ctx.rejects();
        MDC.put("table", job.name());
        try {
            if (w.alreadyCommitted) {
                // the previous attempt's refused rows, written ahead of its commit
                rejects.publish(job.name(), job.columnNames(), w.chunk().number());
                w.committed = true;
                if (job.chunkFinished()) {
                    w.lastOfTable = true;
                    tableDone(job);
                }
                return;
            }
            List<String> columns = job.columnNames();
            String file = w.rejects.isEmpty() ? null : rejects.fileFor(job.name()).toString();
            if (!w.rejects.isEmpty()) {
                String firstError = w.rejects.get(0).error();
                if (!ctx.tunables().skipRejects()) {
                    rejects.write(job.name(), columns, w.rejects);
                    throw new MigrationException(CopyTrouble.ROWS_REJECTED, details(job.name(), w.chunk().describe(),
                            Map.of("count", w.rejects.size(), "error", firstError, "file", file)));
                }
                long total = job.rejected().get() + w.rejects.size();
                long max = ctx.tunables().rejectMax();
                if (total > max) {
                    rejects.write(job.name(), columns, w.rejects);
                    throw new MigrationException(CopyTrouble.TOO_MANY_REJECTS, details(job.name(),
                            w.chunk().describe(), Map.of("count", total, "max", max, "error", firstError,
                                    "file", file)));
                }
            }
            if (w.rowsRead != w.rowsWritten + w.rejects.size()) {
                // cannot happen unless a writer lost rows silently; never commit a chunk that does not add up
                throw new MigrationException(CopyTrouble.COUNTS_DO_NOT_RECONCILE, details(job.name(),
                        w.chunk().describe(), Map.of("read", w.rowsRead, "written", w.rowsWritten,
                                "rejected", w.rejects.size())));
            }
            ChunkState done = new ChunkState(w.chunk(), true, w.rowsRead, w.rowsWritten, w.rejects.size(),
                    new Checksum(w.rowsWritten, w.checksumSum));
            if (!w.rejects.isEmpty()) {
                // on disk before the commit that counts them: a crash after the commit cannot lose the list
                rejects.prepare(job.name(), w.chunk().number(), w.rejects);
            }
            ctx.checkpoints().completeInTransaction(w.targetConnection, ctx.runId(), done, w.attempts);
            w.targetConnection.commit();
            w.committed = true;
            w.rowsShownAsCopied = 0; // committed: the rows shown stay shown
            if (!w.rejects.isEmpty()) {
                job.rejected().addAndGet(w.rejects.size());
                rejects.publish(job.name(), columns, w.chunk().number());
                LOG.warn("{}: {} row(s) refused by the target and skipped (copy.rejectPolicy=skip), listed in {}: {}",
                        w.chunk().describe(), w.rejects.size(), file, w.rejects.get(0).error());
                ctx.results().warn(w.rejects.size() + " row(s) of " + job.name() + " (" + w.chunk().describe()
                        + ") refused by the target, listed in " + file);
            }
            long millis = Math.max(1, (System.nanoTime() - w.startedNanos) / 1_000_000);
            LOG.info("Committed {} ({}/{}): {} rows read, {} written, {} rejected, {} rows/s", w.chunk().describe(),
                    w.chunk().number(), w.chunksInTable(), w.rowsRead, w.rowsWritten, w.rejects.size(),
                    w.rowsWritten * 1000 / millis);
            if (job.chunkFinished()) {
                w.lastOfTable = true;
                tableDone(job);
            }
        } catch (SQLException e) {
            throw failure(job.name(), w.chunk().describe(), e);
        } finally {
            MDC.remove("table");
        }
    }

    /**
     * Right after its commit, the worker reads the chunk's range back from the target, hashed as its source rows
     * were, for the verify stage to compare with the checksum the commit recorded: the verification of a table
     * overlaps the copy of the others and is never a hash of the rows just sent. Page-range chunks, which the
     * target cannot address, are left to the verify stage (it reads their table whole).
     */
    public void verifyCommitted(ChunkWork w) {
        if (!w.committed || w.chunk().pageRange()) {
            return;
        }
        MDC.put("table", w.job().name());
        try {
            Checksum found = verifier.chunkChecksum(w.targetConnection, w.job().table(), w.chunk());
            ctx.results().chunkVerified(w.job().name(), w.chunk().number(), found);
            Checksum sent = new Checksum(w.rowsWritten, w.checksumSum);
            if (!w.alreadyCommitted && w.rowsRead > 0 && !found.equals(sent)) {
                // reported by the verify stage, which compares with the checksum the commit recorded
                LOG.warn("{}: the target holds {} in its range, {} was copied", w.chunk().describe(), found, sent);
            }
        } catch (SQLException e) {
            throw failure(w.job().name(), w.chunk().describe() + " (reading it back)", e);
        } finally {
            MDC.remove("table");
        }
    }

    /**
     * True when this chunk was the last of its table to commit: the table is copied, and its own finalize
     * statements (keys, indexes, identity) can run while other tables are still being copied.
     */
    public boolean completedItsTable(ChunkWork w) {
        return w.lastOfTable;
    }

    /** The attempt went through: the worker keeps its connections for its next chunk. */
    public void close(ChunkWork w) {
        handBack(w, true);
        takeBackUncommittedProgress(w);
    }

    /**
     * The attempt failed: an uncommitted transaction is rolled back, and whatever may be broken is discarded (the
     * target connection; the source session unless its read had ended cleanly). Always runs after a failure.
     */
    public void abandon(ChunkWork w) {
        handBack(w, false);
        takeBackUncommittedProgress(w);
    }

    /**
     * The run is over: every chunk still open is abandoned (rolled back, its connections discarded). Its worker, if
     * it is still running, fails at its next statement, as after a stop.
     */
    public void abandonOpenChunks() {
        for (ChunkWork w : List.copyOf(inFlight)) {
            LOG.info("{} was still open when the run ended: rolled back", w.chunk().describe());
            try {
                abandon(w);
            } catch (RuntimeException e) {
                LOG.debug("abandoning {}: {}", w.chunk().describe(), e.getMessage());
            }
        }
    }

    private void handBack(ChunkWork w, boolean succeeded) {
        // the worker and abandonOpenChunks may both hand the same chunk back: one at a time, and the second finds
        // nothing left to hand back (handBackOnce clears what it released)
        synchronized (w) {
            inFlight.remove(w);
            handBackOnce(w, succeeded);
        }
    }

    private void handBackOnce(ChunkWork w, boolean succeeded) {
        boolean readToTheEnd = w.readToTheEnd();
        boolean streamOpened = w.stream != null;
        w.closeStreams();
        w.stream = null;
        if (w.session != null) {
            if (readToTheEnd || !streamOpened) {
                ctx.source().giveBack(w.session);
            } else {
                // an abandoned read may still be running or cancelled: the session is not fit for another chunk
                ctx.source().discard(w.session);
            }
            w.session = null;
        }
        Connection c = w.targetConnection;
        w.targetConnection = null;
        if (c != null) {
            if (succeeded) {
                try {
                    c.close(); // back to the pool, which ends the read transaction of the verification
                } catch (SQLException e) {
                    LOG.debug("giving a target connection back: {}", e.getMessage());
                }
            } else {
                // closing it rolls back what the attempt wrote
                ctx.target().discard(c);
            }
        }
    }

    // --- failures -------------------------------------------------------------------------------------------

    /** Borrows a target connection for one piece of work; a connection that failed is discarded. */
    private <T> T withTarget(String table, String what, SqlWork<T> work) {
        ctx.stopRequest().throwIfRequested(what);
        Connection c = null;
        try {
            c = ctx.target().borrow();
            T result = work.run(c);
            c.close();
            return result;
        } catch (SQLException e) {
            if (c != null) {
                ctx.target().discard(c);
            }
            throw failure(table, what, e);
        }
    }

    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Sorts a failure: transient ones are redelivered, the rest carry their catalogue entry. */
    private RuntimeException failure(String table, String where, SQLException e) {
        StopRequest stop = ctx.stopRequest();
        if (stop.requested()) {
            // a connection closed by the shutdown is the interruption itself, never a transient failure to retry
            return new RunInterrupted(stop.reason(), where, e);
        }
        if (e instanceof SourceSnapshot.SnapshotLost) {
            return new MigrationException(CopyTrouble.SNAPSHOT_LOST, details(table, where,
                    Map.of("error", e.getMessage())), e);
        }
        if (ctx.dialect().isTransient(e) || PostgresErrors.isTransient(e)) {
            return new TransientFailure(table, where, e);
        }
        Map<String, Object> d = details(table, where, Map.of("error", rootMessage(e)));
        boolean fromSource = e.getClass().getName().startsWith("org.postgresql");
        return new MigrationException(fromSource ? CopyTrouble.SOURCE_READ_FAILED : CopyTrouble.TARGET_WRITE_FAILED,
                d, e);
    }

    private static Map<String, Object> details(String table, String where, Map<String, Object> more) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("table", table == null ? "the run's plan" : table);
        d.put("chunk", where);
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
