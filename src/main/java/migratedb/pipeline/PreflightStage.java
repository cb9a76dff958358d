package migratedb.pipeline;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.copy.CheckpointStore;
import migratedb.assess.Assessment;
import migratedb.mapping.SchemaPlan;
import migratedb.model.Catalog;
import migratedb.model.Table;
import migratedb.report.ExcludedTable;
import migratedb.source.postgres.PostgresActivity;
import migratedb.source.postgres.PostgresCatalogReader;
import migratedb.source.postgres.PostgresErrors;
import migratedb.source.postgres.SourceSnapshot;
import migratedb.sink.TargetDialect;
import migratedb.troubleshoot.MigrationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses to start when the migration would be unsafe (application running, source in use, target not empty,
 * unreachable servers), then reads the catalog, plans the schema and exports the source snapshot.
 */
public final class PreflightStage {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.preflight");

    public MigrationRun check(MigrationRun run) {
        Settings s = run.settings();
        KeySetupStage.requireKeysForProtectedColumns(s);
        if (!run.dryRun()) {
            checkApplicationLock(s);
        }
        Catalog catalog;
        try (Connection source = connectSource(run);
             var abort = run.stopRequest().abortOnStop(source)) { // a stop ends the assessment's table scans
            if (!run.dryRun()) {
                checkSourceSessions(s, source);
                // an unreachable target fails now, not after the assessment has read every row of the source
                probeTarget(run);
            }
            List<String> schemas = s.getList(SettingKeys.SOURCE_SCHEMAS);
            catalog = new PostgresCatalogReader().read(source, schemas);
            run.catalog(catalog);
            run.excluded(excluded(s, catalog, source));
            SchemaPlan plan = Assessing.plan(run, catalog);
            if (plan.tables().isEmpty()) {
                throw new MigrationException(PreflightTrouble.NO_TABLES,
                        Map.of("schemas", s.get(SettingKeys.SOURCE_SCHEMAS)));
            }
            run.plan(plan);
            if (run.command() == Command.MIGRATE) {
                // the empty-target check stays TARGET_NOT_EMPTY below; a dry run never touches the target; resume
                // and verify continue a run whose assessment was passed already
                Assessment assessment = Assessing.assess(run, catalog, plan, source, !run.dryRun(), false);
                if (!run.dryRun()) {
                    Assessing.refuseOnBlocking(run, assessment);
                }
            }
        } catch (SQLException e) {
            // a connection lost while reading the catalog or scanning the data is retried, not "unreachable"
            throw StageFailures.sort(run, "the preflight (reading the source's catalog and data)", e,
                    () -> sourceFailure(run, e, "reading the source's catalog and checking its data"));
        }
        SchemaPlan plan = run.plan();
        LOG.info("Source {}: {} tables to migrate, {} excluded", run.source().url(), plan.tables().size(),
                run.excluded().size());
        if (run.dryRun()) {
            return run;
        }
        TargetDialect dialect = run.target().dialect();
        CheckpointStore checkpoints = new CheckpointStore(dialect, run.targetSchema());
        run.checkpoints(checkpoints);
        run.fingerprints(Fingerprints.config(s, plan), Fingerprints.schema(catalog));
        checkProtectedColumns(run);
        try (Connection target = connectTargetOrNull(run)) {
            if (target == null) {
                // the database does not exist yet: key setup creates it (default mode), so it is empty
                if (run.command() != Command.MIGRATE) {
                    throw new MigrationException(PreflightTrouble.TARGET_UNREACHABLE, Map.of("url",
                            run.target().displayUrl(), "reason", "the database does not exist"));
                }
                LOG.info("Target database {} does not exist yet; key setup creates it",
                        run.target().keys().names().database());
            } else {
                switch (run.command()) {
                    case MIGRATE -> {
                        List<String> tables = userTables(target, dialect);
                        if (!tables.isEmpty()) {
                            throw new MigrationException(PreflightTrouble.TARGET_NOT_EMPTY, Map.of("count",
                                    tables.size(), "tables", abbreviate(tables)));
                        }
                    }
                    case RESUME -> resumable(run, target, checkpoints);
                    case VERIFY -> {
                        // a target that holds no run state is not touched (a wrong target changes nothing)
                        String id = run.requestedRunId();
                        boolean runState = hasRunState(target, run.targetSchema());
                        run.adoptRunId((runState ? checkpoints.findRun(target, id) : Optional.<CheckpointStore.RunRecord>empty())
                                .map(CheckpointStore.RunRecord::runId)
                                .orElseThrow(() -> new MigrationException(migratedb.verify.VerifyTrouble.RUN_NOT_FOUND,
                                        Map.of("runId", id == null ? "(latest)" : id, "target",
                                                run.target().displayUrl()))));
                    }
                }
            }
        } catch (SQLException e) {
            throw StageFailures.sort(run, "the preflight (checking the target)", e,
                    () -> new MigrationException(PreflightTrouble.TARGET_UNREACHABLE,
                            Map.of("url", run.target().displayUrl(), "reason", e.getMessage()), e));
        }
        if (run.command() != Command.VERIFY) {
            try {
                run.snapshot(SourceSnapshot.export(run.source()));
            } catch (SQLException e) {
                throw StageFailures.sort(run, "the preflight (exporting the source snapshot)", e,
                        () -> run.source().failure(e, "exporting the snapshot every table is read in "
                                + "(pg_export_snapshot)"));
            }
        }
        return run;
    }

    private static void resumable(MigrationRun run, Connection target, CheckpointStore checkpoints)
            throws SQLException {
        String configFp = run.configFingerprint();
        String schemaFp = run.schemaFingerprint();
        checkpoints.createTables(target);
        Optional<CheckpointStore.RunRecord> last = checkpoints.findRun(target, null);
        if (last.isEmpty() || "completed".equals(last.get().status())) {
            throw new MigrationException(PreflightTrouble.NOTHING_TO_RESUME, Map.of(
                    "runId", last.map(CheckpointStore.RunRecord::runId).orElse("(none)"),
                    "status", last.map(CheckpointStore.RunRecord::status).orElse("(none)")));
        }
        CheckpointStore.RunRecord r = last.get();
        // the schema first: a changed source table also changes the planned target tables in the configuration's
        // fingerprint, and the schema is what the administrator changed
        if (!r.schemaFingerprint().equals(schemaFp)) {
            throw new MigrationException(PreflightTrouble.RESUME_CONFIG_CHANGED,
                    Map.of("runId", r.runId(), "what", "source schema"));
        }
        if (!r.configFingerprint().equals(configFp)) {
            throw new MigrationException(PreflightTrouble.RESUME_CONFIG_CHANGED,
                    Map.of("runId", r.runId(), "what",
                            "configuration (source, target, exclusions, protected columns or type mappings)"));
        }
        run.adoptRunId(r.runId());
        Assessing.restoreCollations(run);
        LOG.info("Resuming run {} (last status: {})", r.runId(), r.status());
    }

    private static void checkApplicationLock(Settings s) {
        if (s.has(SettingKeys.APPLICATION_LOCK_FILE)) {
            migratedb.ops.ApplicationLock.check(s.path(SettingKeys.APPLICATION_LOCK_FILE));
        }
    }

    private static void checkSourceSessions(Settings s, Connection source) throws SQLException {
        List<String> sessions = PostgresActivity.otherSessions(source);
        if (!sessions.isEmpty() && !s.getBoolean(SettingKeys.ALLOW_SOURCE_SESSIONS)) {
            throw new MigrationException(PreflightTrouble.SOURCE_IN_USE,
                    Map.of("count", sessions.size(), "sessions", abbreviate(sessions)));
        }
    }

    private static List<ExcludedTable> excluded(Settings s, Catalog catalog, Connection source) throws SQLException {
        List<ExcludedTable> out = new ArrayList<>();
        for (String name : s.getList(SettingKeys.EXCLUDED_TABLES)) {
            Optional<Table> t = catalog.table(name);
            if (t.isPresent()) {
                out.add(new ExcludedTable(name, PostgresActivity.rowCount(source, t.get().schema(), t.get().name()),
                        "migration.excludedTables: export it with './run.sh export-excluded' before, import after"));
            } else {
                out.add(new ExcludedTable(name, 0, "listed in migration.excludedTables but not found in the source"));
            }
        }
        return out;
    }

    /** A source connection, or the source's troubleshooting entry (unreachable, login refused, too old). */
    static Connection connectSource(MigrationRun run) {
        return run.source().open();
    }

    /**
     * The entry for a failure of a block that reads the source (and, in the assessment, the target): the source's
     * own taxonomy (lost connection, failing query with its purpose...), never "cannot connect" for a query.
     */
    static MigrationException sourceFailure(MigrationRun run, SQLException e, String purpose) {
        if (!PostgresErrors.fromSource(e)) {
            return new MigrationException(PreflightTrouble.TARGET_UNREACHABLE,
                    Map.of("url", run.target().displayUrl(), "reason", e.getMessage()), e);
        }
        return run.source().failure(e, purpose);
    }

    /** SQL Server's "Cannot open database ... requested by the login" (the database does not exist yet). */
    private static final int CANNOT_OPEN_DATABASE = 4060;

    /** A target connection, or null when the target database does not exist yet but the server is reachable. */
    private static Connection connectTargetOrNull(MigrationRun run) {
        try {
            return run.target().connect();
        } catch (SQLException e) {
            if (e.getErrorCode() == CANNOT_OPEN_DATABASE) {
                try (Connection server = run.target().connectToServer().orElse(null)) {
                    if (server != null) {
                        return null;
                    }
                } catch (SQLException ignored) {
                    // reported below with the original failure
                }
            }
            return connectTarget(run);
        }
    }

    /** Connects to the target once and lets go: refuses (unreachable, login, certificate) before the long work. */
    private static void probeTarget(MigrationRun run) {
        Connection probe = connectTargetOrNull(run);
        if (probe != null) {
            try {
                probe.close();
            } catch (SQLException ignored) {
                // the target answered; closing is not what this checks
            }
        }
    }

    /** Every protected column must exist and hold text or bytes (what the symmetric key encrypts). */
    private static void checkProtectedColumns(MigrationRun run) {
        for (String name : run.settings().getList(SettingKeys.PROTECTED_COLUMNS)) {
            int dot = name.lastIndexOf('.');
            var column = dot < 0 ? java.util.Optional.<migratedb.model.TargetColumn>empty()
                    : run.plan().table(name.substring(0, dot)).flatMap(t -> t.column(name.substring(dot + 1)));
            if (column.isEmpty()) {
                throw new MigrationException(PreflightTrouble.PROTECTED_COLUMN_INVALID, Map.of("column", name,
                        "reason", "no such column among the tables to migrate (write schema.table.column)"));
            }
            var kind = column.get().valueKind();
            if (kind != migratedb.model.ValueKind.STRING && kind != migratedb.model.ValueKind.BYTES) {
                throw new MigrationException(PreflightTrouble.PROTECTED_COLUMN_INVALID, Map.of("column", name,
                        "reason", "only text and bytea columns can be encrypted, this one is "
                                + column.get().source().sourceType()));
            }
            String key = keyHolding(run.plan().tables(), name.substring(0, dot), name.substring(dot + 1));
            if (key != null) {
                // ENCRYPTBYKEY's random IV gives equal values different ciphertexts: a key over them enforces
                // nothing, a foreign key fails its check, and an index over the ciphertext finds nothing
                throw new MigrationException(PreflightTrouble.PROTECTED_COLUMN_INVALID, Map.of("column", name,
                        "reason", "it is part of " + key + ", and encrypted values cannot be compared"));
            }
        }
    }

    /** The key or index a column takes part in (its table's, or another table's foreign key to it), or null. */
    static String keyHolding(List<migratedb.model.TargetTable> tables, String table, String column) {
        for (migratedb.model.TargetTable t : tables) {
            migratedb.model.Table src = t.source();
            for (migratedb.model.ForeignKey fk : src.foreignKeys()) {
                if (t.sourceName().equals(table) && fk.columns().contains(column)) {
                    return "foreign key " + fk.name();
                }
                if ((fk.referencedSchema() + "." + fk.referencedTable()).equals(table)
                        && fk.referencedColumns().contains(column)) {
                    return "foreign key " + fk.name() + " of " + t.sourceName();
                }
            }
            if (!t.sourceName().equals(table)) {
                continue;
            }
            if (src.primaryKey() != null && src.primaryKey().columns().contains(column)) {
                return "primary key " + src.primaryKey().name();
            }
            for (migratedb.model.Key uk : src.uniqueKeys()) {
                if (uk.columns().contains(column)) {
                    return "unique key " + uk.name();
                }
            }
            for (migratedb.model.Index ix : src.indexes()) {
                if (ix.columns().stream().anyMatch(k -> k.nameOrExpression().equals(column)
                        || k.expression() && java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern
                        .quote(column) + "\\b").matcher(k.nameOrExpression()).find())) {
                    return "index " + ix.name();
                }
            }
        }
        return null;
    }

    static Connection connectTarget(MigrationRun run) {
        try {
            return run.target().connect();
        } catch (SQLException e) {
            throw targetFailure(run, e);
        }
    }

    /**
     * A failure to log in to the target: a certificate refused or the native library missing (their own fix),
     * refused credentials, or a target that cannot be reached.
     */
    static MigrationException targetFailure(MigrationRun run, SQLException e) {
        java.util.Optional<MigrationException> known = run.target().explain(e);
        if (known.isPresent()) {
            return known.get();
        }
        boolean auth = e.getErrorCode() == 18456 || "28000".equals(e.getSQLState());
        return new MigrationException(auth ? PreflightTrouble.TARGET_AUTH_FAILED
                : PreflightTrouble.TARGET_UNREACHABLE, Map.of("url", run.target().displayUrl(),
                "user", run.settings().get(SettingKeys.TARGET_USER), "reason", e.getMessage()), e);
    }

    /** Whether the target holds MigrateDB's run tables (userTables leaves them out, the metadata does not). */
    private static boolean hasRunState(Connection target, String schema) throws SQLException {
        try (ResultSet rs = target.getMetaData().getTables(null, schema, TargetDialect.RUN_TABLE, null)) {
            while (rs.next()) {
                if (TargetDialect.RUN_TABLE.equalsIgnoreCase(rs.getString("TABLE_NAME"))
                        && schema.equalsIgnoreCase(rs.getString("TABLE_SCHEM"))) {
                    return true;
                }
            }
        }
        return false;
    }

    static List<String> userTables(Connection target, TargetDialect dialect) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = target.prepareStatement(dialect.userTablesQuery());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return out;
    }

    private static String abbreviate(List<String> items) {
        return items.size() <= 5 ? String.join(", ", items)
                : String.join(", ", items.subList(0, 5)) + " and " + (items.size() - 5) + " more";
    }
}
