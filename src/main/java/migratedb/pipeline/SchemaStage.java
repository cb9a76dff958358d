package migratedb.pipeline;

import migratedb.sink.DdlFailure;
import migratedb.sink.TargetDialect;
import migratedb.troubleshoot.MigrationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Creates schemas, sequences and tables (with primary keys) before the data, and after the data the indexes,
 * unique constraints and checked foreign keys, then sets identities and sequences to the source's next values.
 */
public final class SchemaStage {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.schema");

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

    public MigrationRun finish(MigrationRun run) {
        boolean resume = run.command() == Command.RESUME;
        execute(run, "finalize", run.plan().finalizeStatements(), resume);
        execute(run, "identity and sequence", run.plan().syncStatements(), resume);
        LOG.info("Created {} indexes and constraints, set {} identities and sequences",
                run.plan().finalizeStatements().size(), run.plan().syncStatements().size());
        return run;
    }

    private static void execute(MigrationRun run, String phase, List<String> statements, boolean tolerateExisting) {
        TargetDialect dialect = run.target().dialect();
        try (Connection c = PreflightStage.connectTarget(run);
             var abort = run.stopRequest().abortOnStop(c)) { // a stop ends a long index build
            SqlExecutor.run(c, statements, tolerateExisting, dialect);
        } catch (SqlExecutor.StatementFailed e) {
            // the target's own error decides the entry: a duplicate key is not a permission problem
            DdlFailure failure = dialect.classifyDdlFailure(e);
            throw new MigrationException(SchemaTrouble.of(failure.kind()), Map.of("phase", phase, "reason",
                    e.getMessage(), "statement", e.statement, "values", failure.detail(), "detail",
                    failure.detail().isEmpty() ? "the constraint" : failure.detail()), e);
        } catch (SQLException e) {
            throw new MigrationException(SchemaTrouble.DDL_FAILED, Map.of("phase", phase, "reason", e.getMessage(),
                    "statement", "(connection)"), e);
        }
    }
}
