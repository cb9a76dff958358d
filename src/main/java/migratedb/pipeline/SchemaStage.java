package migratedb.pipeline;

import migratedb.sink.DdlFailure;
import migratedb.sink.TargetDialect;
import migratedb.troubleshoot.MigrationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Creates schemas, sequences and tables (with primary keys) before the data, and after the data the indexes,
 * unique constraints and checked foreign keys, then sets identities and sequences to the source's next values.
 */
public final class SchemaStage {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.schema");

    private static final String OWN = "finalize";
    /** The tables whose own statements ran in this run (during the copy, or in finalize). */
    private final java.util.Set<String> ownDone = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Finalize's steps on a target that cannot run DDL on two tables at once ({@code concurrentDdl}). */
    private final ReentrantLock oneDdlAtATime = new ReentrantLock(true);

    public MigrationRun create(MigrationRun run) {
        if (run.command() == Command.RESUME) {
            LOG.info("Resume: the tables of run {} exist already", run.runId());
            return run;
        }
        try (Connection c = PreflightStage.connectTarget(run)) {
            // the run's state first: from here on, every chunk commit is recorded against this run
            run.checkpoints().createTables(c);
            run.checkpoints().startRun(c, run.runId(), run.configFingerprint(), run.schemaFingerprint());
        } catch (SQLException e) {
            throw new MigrationException(SchemaTrouble.DDL_FAILED, Map.of("phase", "run state", "reason",
                    e.getMessage(), "statement", "(MigrateDB's run tables)"), e);
        }
        execute(run, "create", run.plan().createStatements(), false);
        LOG.info("Created {} target tables", run.plan().tables().size());
        return run;
    }

    /**
     * A table's after-the-data statements: the body of one exchange of the finalize route's splits. Tried again
     * after a transient failure, it keeps what an earlier attempt created.
     */
    public static final class FinishStep {
        private final MigrationRun run;
        private final String table;
        private final String phase;
        private final List<String> statements;
        private int attempts;

        FinishStep(MigrationRun run, String table, String phase, List<String> statements) {
            this.run = run;
            this.table = table;
            this.phase = phase;
            this.statements = statements;
        }

        String describe() {
            return "the finalize of " + (table == null ? "the sequences" : table) + " (" + phase + ")";
        }
    }

    /**
     * Every table's own statements (unique keys, indexes, checks, comments, identity) not run yet: run across tables
     * first. Those of a table copied in this run ran already, during the copy ({@link #ownStep}).
     */
    public List<FinishStep> ownSteps(MigrationRun run) {
        return run.plan().finish().stream().filter(f -> !f.own().isEmpty())
                .filter(f -> f.table() == null || !ownDone.contains(f.table()))
                .map(f -> new FinishStep(run, f.table(), f.table() == null ? "identity and sequence" : OWN,
                        f.own())).toList();
    }

    /**
     * A copied table's own statements, as soon as its last chunk is committed: they need no other table, so they
     * run while the other tables are still being copied. Null when the table has none.
     */
    public FinishStep ownStep(MigrationRun run, String table) {
        return run.plan().finish().stream().filter(f -> table.equals(f.table()) && !f.own().isEmpty())
                .map(f -> new FinishStep(run, f.table(), OWN, f.own())).findFirst().orElse(null);
    }

    /** Every table's foreign keys: run across tables once every table's own statements are done. */
    public List<FinishStep> foreignKeySteps(MigrationRun run) {
        return run.plan().finish().stream().filter(f -> !f.foreignKeys().isEmpty())
                .map(f -> new FinishStep(run, f.table(), "foreign keys", f.foreignKeys())).toList();
    }

    /** Runs one table's step on a connection of the run's pool; a lost connection is retried by the route. */
    public void finishTable(FinishStep step) {
        step.run.stopRequest().throwIfRequested(step.describe()); // no table's step starts after a stop request
        step.attempts++;
        MigrationRun run = step.run;
        if (step.table != null) {
            MDC.put("table", step.table);
        }
        boolean oneAtATime = !run.target().dialect().concurrentDdl();
        if (oneAtATime) {
            oneDdlAtATime.lock();
        }
        try {
            // a resumed finalize, or a step tried again, finds some of its objects already there
            execute(run, step.phase, step.statements, run.command() == Command.RESUME || step.attempts > 1);
            if (OWN.equals(step.phase) && step.table != null) {
                ownDone.add(step.table);
            }
        } catch (MigrationException e) {
            if (e.getCause() instanceof SQLException sql) {
                RuntimeException sorted = StageFailures.sort(run, step.describe(), sql, () -> e);
                if (sorted instanceof migratedb.copy.TransientFailure) {
                    // the connection that failed went back to the pool: none is lent again unchecked
                    run.targetPool().renewAll();
                }
                throw sorted;
            }
            throw e;
        } finally {
            if (oneAtATime) {
                oneDdlAtATime.unlock();
            }
            MDC.remove("table");
        }
    }

    /** Says what finalize did. */
    public MigrationRun finished(MigrationRun run) {
        LOG.info("Created {} indexes and constraints, set {} identities and sequences",
                run.plan().finalizeStatements().size(), run.plan().syncStatements().size());
        return run;
    }

    private static void execute(MigrationRun run, String phase, List<String> statements, boolean tolerateExisting) {
        TargetDialect dialect = run.target().dialect();
        Connection c = connect(run);
        boolean fine = false;
        try (var abort = run.stopRequest().abortOnStop(c)) { // a stop ends a long index build
            SqlExecutor.run(c, statements, tolerateExisting, dialect);
            fine = true;
        } catch (SqlExecutor.StatementFailed e) {
            // the target's own error decides the entry: a duplicate key is not a permission problem
            DdlFailure failure = dialect.classifyDdlFailure(e);
            throw new MigrationException(SchemaTrouble.of(failure.kind()), Map.of("phase", phase, "reason",
                    e.getMessage(), "statement", e.statement, "values", failure.detail(), "detail",
                    failure.detail().isEmpty() ? "the constraint" : failure.detail()), e);
        } catch (SQLException e) {
            throw new MigrationException(SchemaTrouble.DDL_FAILED, Map.of("phase", phase, "reason", e.getMessage(),
                    "statement", "(connection)"), e);
        } finally {
            giveBack(run, c, fine && !run.stopRequest().requested());
        }
    }

    /**
     * Back to the pool after its statements went through; after a failure, or when a stop may have aborted it, it
     * leaves the pool for good, never lent again.
     */
    private static void giveBack(MigrationRun run, Connection c, boolean fine) {
        if (fine) {
            try {
                c.close();
                return;
            } catch (SQLException e) {
                LOG.debug("A target connection could not go back to the pool: {}", e.getMessage());
            }
        }
        run.targetPool().discard(c);
    }

    /** A connection of the run's pool (closing gives it back); a failure is named as the preflight names it. */
    private static Connection connect(MigrationRun run) {
        try {
            return run.targetPool().borrow();
        } catch (SQLException e) {
            throw PreflightStage.targetFailure(run, e);
        }
    }
}
