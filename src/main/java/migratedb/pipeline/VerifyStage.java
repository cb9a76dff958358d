package migratedb.pipeline;

import migratedb.copy.ChunkPlanner;
import migratedb.copy.ChunkState;
import migratedb.model.TargetTable;
import migratedb.report.TableResult;
import migratedb.sink.TargetPool;
import migratedb.troubleshoot.MigrationException;
import migratedb.verify.TableVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Verifies every table, across tables on the run's workers: each committed chunk's target rows hashed against the
 * checksum recorded at copy time, row counts reconciled with the source ({@code read = written + rejected},
 * {@code source = read}). A chunk the copy's worker read back right after its commit is not read again, so after
 * a migration this stage mostly adds up; the {@code verify} command (and a resume, for the chunks an earlier process
 * committed) reads everything again.
 */
public final class VerifyStage {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.verify");
    /** Source tables counted by one statement, at most. */
    private static final int COUNT_GROUP = 100;

    private volatile Map<String, List<ChunkState>> chunks = Map.of();

    /** One table to verify: the body of one exchange of the verify route's split. */
    public record TableCheck(MigrationRun run, TargetTable table) {
    }

    /**
     * Reads every checkpoint of the run from the target (one query), and counts the source rows of the tables this
     * run did not plan (all of them for the {@code verify} command; on a resume those copied before it).
     */
    public MigrationRun prepare(MigrationRun run) {
        TargetPool pool = run.targetPool();
        Connection c = null;
        try {
            c = pool.borrow();
            chunks = run.checkpoints().runChunks(c, run.runId());
            c.close();
            c = null;
        } catch (SQLException e) {
            if (c != null) {
                pool.discard(c);
            }
            throw StageFailures.sort(run, "the verification (reading the run's checkpoints)", e,
                    () -> new MigrationException(PreflightTrouble.TARGET_UNREACHABLE,
                            Map.of("url", run.target().displayUrl(), "reason", e.getMessage()), e));
        }
        List<TargetTable> uncounted = run.plan().tables().stream().filter(t -> run.sourceRows(t.sourceName()) < 0)
                .toList();
        if (!uncounted.isEmpty()) {
            try (Connection source = PreflightStage.connectSource(run);
                 var abort = run.stopRequest().abortOnStop(source)) { // a stop ends a long count
                for (int i = 0; i < uncounted.size(); i += COUNT_GROUP) {
                    ChunkPlanner.rowCounts(source, uncounted.subList(i, Math.min(uncounted.size(), i + COUNT_GROUP)))
                            .forEach(run::sourceRows);
                }
            } catch (SQLException e) {
                throw StageFailures.sort(run, "the verification (counting the source's rows)", e,
                        () -> PreflightStage.sourceFailure(run, e, "counting the source's rows to verify them"));
            }
        }
        return run;
    }

    /** The tables to verify, largest first (the longest read starts first). */
    public List<TableCheck> tables(MigrationRun run) {
        return run.plan().tables().stream()
                .sorted(Comparator.comparingLong((TargetTable t) -> t.source().sizeBytes()).reversed()
                        .thenComparing(TargetTable::sourceName))
                .map(t -> new TableCheck(run, t)).toList();
    }

    /** Verifies one table on a connection of the run's pool. */
    public void verifyTable(TableCheck check) {
        MigrationRun run = check.run();
        TargetTable t = check.table();
        run.stopRequest().throwIfRequested("the verification of " + t.sourceName());
        MDC.put("table", t.sourceName());
        try {
            TableVerifier verifier = new TableVerifier(run.target().dialect(), run.checkpoints());
            TargetPool pool = run.targetPool();
            TableVerifier.Outcome o;
            Connection c = null;
            boolean fine = false;
            try {
                c = pool.borrow();
                try (var abort = run.stopRequest().abortOnStop(c)) { // a stop ends a long table read
                    o = verifier.verify(c, t, chunks.getOrDefault(t.sourceName(), List.of()),
                            run.chunksReadBack(t.sourceName()));
                }
                // a read the stop aborted may have ended early without an error: never a verdict
                run.stopRequest().throwIfRequested("the verification of " + t.sourceName());
                fine = true;
            } catch (SQLException e) {
                throw StageFailures.sort(run, "the verification of " + t.sourceName(), e,
                        () -> new MigrationException(PreflightTrouble.TARGET_UNREACHABLE,
                                Map.of("url", run.target().displayUrl(), "reason", e.getMessage()), e));
            } finally {
                giveBack(pool, c, fine);
            }
            long sourceRows = run.sourceRows(t.sourceName());
            List<String> mismatches = new ArrayList<>(o.mismatches());
            if (o.rowsRead() != sourceRows) {
                mismatches.add(o.rowsRead() + " rows were read but the source has " + sourceRows);
            }
            boolean verified = o.allChunksDone() && mismatches.isEmpty();
            run.result(new TableResult(t.sourceName(), t.schema() + "." + t.name(), sourceRows, o.rowsRead(),
                    o.rowsWritten(), o.rowsRejected(), o.targetRows(), o.copied().text(), o.found().text(),
                    verified, mismatches, run.copyMillis(t.sourceName()), o.chunks()));
            if (verified) {
                LOG.info("Verified {}: {} rows, checksum {}", t.sourceName(), o.targetRows(), o.found());
            } else {
                MigrationException m = new MigrationException(migratedb.verify.VerifyTrouble.CHECKSUM_MISMATCH,
                        Map.of("table", t.sourceName(), "mismatches", String.join("; ", mismatches)));
                run.warn(m.getMessage());
                LOG.error("Verification failed for {}: {}", t.sourceName(), mismatches);
                run.notVerified(m);
            }
        } finally {
            MDC.remove("table");
        }
    }

    /** Back to the pool after a clean read; a connection that failed or may have been aborted is discarded. */
    private static void giveBack(TargetPool pool, Connection c, boolean fine) {
        if (c == null) {
            return;
        }
        if (fine) {
            try {
                c.close();
                return;
            } catch (SQLException e) {
                LOG.debug("A target connection could not go back to the pool: {}", e.getMessage());
            }
        }
        pool.discard(c);
    }

    /** Says what was verified. */
    public MigrationRun finish(MigrationRun run) {
        long verified = run.results().values().stream().filter(TableResult::verified).count();
        LOG.info("Verified {} of {} tables", verified, run.plan().tables().size());
        return run;
    }
}
