package migratedb.pipeline;

import migratedb.assess.AssessTrouble;
import migratedb.assess.Assessment;
import migratedb.assess.AssessmentWriter;
import migratedb.assess.Assessor;
import migratedb.assess.CredentialNames;
import migratedb.assess.Finding;
import migratedb.assess.FindingKind;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.copy.TransientFailure;
import migratedb.lifecycle.RunInterrupted;
import migratedb.mapping.KeyCollations;
import migratedb.mapping.SchemaConverter;
import migratedb.mapping.SchemaPlan;
import migratedb.mapping.TypeOverrides;
import migratedb.model.Catalog;
import migratedb.model.TargetTable;
import migratedb.sink.EncryptionMode;
import migratedb.troubleshoot.GeneralTrouble;
import migratedb.troubleshoot.MigrationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The assessment as a step of a run: plan the schema with the administrator's type overrides, check the source's
 * data and the target against SQL Server's rules, write reports/<run-id>/assessment.{json,md}. Used by preflight
 * (migrate, resume), by {@code assess} and by {@code migrate --dry-run}.
 */
public final class Assessing {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.assess");

    private Assessing() {
    }

    /** The schema plan for the run's settings: schema mapping, exclusions, protected columns, type overrides. */
    public static SchemaPlan plan(MigrationRun run, Catalog catalog) {
        return plan(run, catalog, List.of());
    }

    /** The plan with the columns that get their own collation (an allowed collation-duplicate's binary one). */
    static SchemaPlan plan(MigrationRun run, Catalog catalog, List<KeyCollations.ColumnCollation> collations) {
        Settings s = run.settings();
        return new SchemaConverter().convert(catalog, run.target().dialect(), Map.of("public", run.targetSchema()),
                new HashSet<>(s.getList(SettingKeys.EXCLUDED_TABLES)),
                new HashSet<>(s.getList(SettingKeys.PROTECTED_COLUMNS)), TypeOverrides.load(s), collations);
    }

    /**
     * The run's plan with the assessment's decisions: an allowed collation-duplicate gives the colliding keys'
     * columns (and those referencing them) a binary collation; each is named in the run's warnings.
     */
    private static void applyCollations(MigrationRun run, Catalog catalog, List<KeyCollations.ColumnCollation> cs) {
        if (cs.isEmpty()) {
            return;
        }
        run.plan(plan(run, catalog, cs));
        for (KeyCollations.ColumnCollation c : cs) {
            run.warn(c.qualifiedColumn() + " is created with COLLATE " + c.collation() + " (collation-duplicate "
                    + "allowed): " + c.reason());
        }
        LOG.info("Columns given a binary collation to keep PostgreSQL's comparison: {}", cs.stream()
                .map(c -> c.qualifiedColumn() + " " + c.collation()).collect(Collectors.joining(", ")));
    }

    /**
     * A resumed run continues the tables its assessment shaped: the binary collations it decided are read back from
     * its assessment.json, so schema.sql shows them again (the tables exist already; finalize does not depend on
     * them).
     */
    static void restoreCollations(MigrationRun run) {
        java.nio.file.Path file = run.reportDir().resolve("assessment.json");
        if (!java.nio.file.Files.isRegularFile(file) || run.catalog() == null) {
            return;
        }
        try {
            List<KeyCollations.ColumnCollation> cs = new AssessmentWriter().read(file).collations();
            if (!cs.isEmpty()) {
                run.plan(plan(run, run.catalog(), cs));
            }
        } catch (java.io.UncheckedIOException e) {
            LOG.warn("The assessment of run {} could not be read ({}); schema.sql will not show its collations",
                    run.runId(), e.getMessage());
        }
    }

    /**
     * Assesses and writes the report files. The target is checked when {@code checkTarget} and it is reachable.
     *
     * @param checkTargetEmpty report a non-empty target (migrate and assess; not resume)
     */
    public static Assessment assess(MigrationRun run, Catalog catalog, SchemaPlan plan, Connection source,
                                    boolean checkTarget, boolean checkTargetEmpty) throws SQLException {
        Settings s = run.settings();
        Assessor.Options options = new Assessor.Options(s.get(SettingKeys.TARGET_COLLATION), allowed(s),
                checkTargetEmpty, s.getList(SettingKeys.EXCLUDED_TABLES),
                CredentialNames.parse(s.get(SettingKeys.ASSESS_CREDENTIAL_NAMES)),
                new HashSet<>(s.getList(SettingKeys.ASSESS_NOT_CREDENTIAL)),
                EncryptionMode.of(s) != EncryptionMode.NONE);
        Connection target = null;
        if (checkTarget) {
            try {
                target = run.target().connect();
            } catch (SQLException e) {
                LOG.warn("Assessment: the target is not reachable ({}); its checks are skipped", e.getMessage());
            }
        }
        Assessment a;
        try {
            Assessor assessor = new Assessor();
            List<Assessor.TableData> data = scanData(run, assessor, plan, source, options);
            a = assessor.assessScanned(run.runId(), catalog, plan, data, run.target().dialect(), target,
                    run.source().url(), run.target().displayUrl(), options);
        } finally {
            if (target != null) {
                target.close();
            }
        }
        new AssessmentWriter().write(a, run.reportDir());
        run.assessment(a.summary());
        applyCollations(run, catalog, a.collations());
        LOG.info("Assessment {}: {} blocking ({} not allowed), {} warnings; {}", a.runId(), a.summary().blocking(),
                a.summary().stopping(), a.summary().warnings(), run.reportDir().resolve("assessment.md"));
        return a;
    }

    /**
     * The data checks of every table, in the plan's order, on as many source connections as the run has workers
     * (copy.parallelTables): each table costs a few round trips to PostgreSQL, which the workers overlap. The first
     * connection is the caller's; the others are opened for the scan and closed after it.
     */
    static List<Assessor.TableData> scanData(MigrationRun run, Assessor assessor, SchemaPlan plan,
                                             Connection source, Assessor.Options options) throws SQLException {
        List<TargetTable> tables = plan.tables();
        int workers = Math.min(tables.size(), run.settings().getInt(SettingKeys.PARALLEL_TABLES, 1, 64));
        if (workers <= 1) {
            List<Assessor.TableData> out = new ArrayList<>();
            for (TargetTable t : tables) {
                out.add(assessor.dataFindings(source, t, options));
            }
            return out;
        }
        List<Assessor.TableData> byTable = new ArrayList<>(java.util.Collections.nCopies(tables.size(), null));
        AtomicInteger next = new AtomicInteger();
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        List<Connection> opened = new ArrayList<>();
        ExecutorService scanners = Executors.newFixedThreadPool(workers - 1, r -> {
            Thread t = new Thread(r, "assessment-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> running = new ArrayList<>();
            for (int i = 1; i < workers; i++) {
                Connection own = PreflightStage.connectSource(run);
                opened.add(own);
                running.add(scanners.submit(() -> {
                    if (logContext != null) {
                        MDC.setContextMap(logContext);
                    }
                    scanTables(assessor, tables, own, options, next, byTable);
                    return null;
                }));
            }
            scanTables(assessor, tables, source, options, next, byTable);
            for (Future<Void> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunInterrupted("interrupted", "the assessment's data scan", e);
        } finally {
            next.set(tables.size()); // the others stop after their current table
            scanners.shutdown();
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // a scan connection; the failure that matters, if any, is thrown above
                }
            }
        }
        return byTable;
    }

    /** Takes the next table to check until none is left. */
    private static void scanTables(Assessor assessor, List<TargetTable> tables, Connection source,
                                   Assessor.Options options, AtomicInteger next, List<Assessor.TableData> byTable)
            throws SQLException {
        for (int i = next.getAndIncrement(); i < tables.size(); i = next.getAndIncrement()) {
            byTable.set(i, assessor.dataFindings(source, tables.get(i), options));
        }
    }

    /** What a standalone assessment produced. */
    public record Outcome(SchemaPlan plan, Assessment assessment) {
    }

    /**
     * The assessment on its own ({@code assess}, {@code migrate --dry-run}): read the catalog, plan, assess, write
     * the report files. Reads the source only; connects to the target (read-only queries) when {@code checkTarget}.
     * A connection lost on the way is retried as the pipeline's stages retry (copy.retry.*, the same line): these
     * commands run outside it.
     */
    public static Outcome standalone(MigrationRun run, boolean checkTarget) {
        Settings s = run.settings();
        int retries = s.getInt(SettingKeys.RETRY_MAX, 0, 100);
        long delay = s.getLong(SettingKeys.RETRY_DELAY_MS, 0, 3_600_000);
        double multiplier = s.getDouble(SettingKeys.RETRY_MULTIPLIER, 1, 10);
        long maxDelay = s.getLong(SettingKeys.RETRY_MAX_DELAY_MS, 0, 3_600_000);
        for (int attempt = 1; ; attempt++) {
            try {
                return standaloneOnce(run, checkTarget);
            } catch (TransientFailure f) {
                String why = f.getCause() == null || f.getCause().getMessage() == null ? "no message"
                        : f.getCause().getMessage().lines().findFirst().orElse("").strip();
                if (attempt > retries) {
                    throw new MigrationException(GeneralTrouble.RETRIES_EXHAUSTED, Map.of("what", f.chunk(),
                            "attempts", attempt, "error", why), f);
                }
                LOG.warn("Retrying {} (attempt {} of {}) after a transient failure: {}", f.chunk(), attempt + 1,
                        retries + 1, why);
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RunInterrupted("interrupted", f.chunk(), e);
                }
                delay = Math.min(maxDelay, (long) (delay * multiplier));
            }
        }
    }

    private static Outcome standaloneOnce(MigrationRun run, boolean checkTarget) {
        try (Connection source = PreflightStage.connectSource(run)) {
            Catalog catalog = new migratedb.source.postgres.PostgresCatalogReader().read(source,
                    run.settings().getList(SettingKeys.SOURCE_SCHEMAS));
            run.catalog(catalog);
            SchemaPlan plan = plan(run, catalog);
            if (plan.tables().isEmpty()) {
                throw new MigrationException(PreflightTrouble.NO_TABLES,
                        Map.of("schemas", run.settings().get(SettingKeys.SOURCE_SCHEMAS)));
            }
            run.plan(plan);
            Assessment a = assess(run, catalog, plan, source, checkTarget, checkTarget);
            return new Outcome(run.plan(), a);
        } catch (SQLException e) {
            throw StageFailures.sort(run, "the assessment (reading the source's catalog and data)", e,
                    () -> PreflightStage.sourceFailure(run, e, "reading the source's catalog and checking its data"));
        }
    }

    /** Writes the plan as reports/<run-id>/schema.sql (GO-separated batches for sqlcmd); returns the file. */
    public static java.nio.file.Path writeScript(MigrationRun run, SchemaPlan plan) {
        java.nio.file.Path file = run.reportDir().resolve("schema.sql");
        try {
            java.nio.file.Files.createDirectories(run.reportDir());
            java.nio.file.Files.writeString(file, plan.script("MigrateDB schema for run " + run.runId()
                    + "\nSource: " + run.source().url() + "\nTarget dialect: " + run.target().dialect().name()
                    + "\nRun with: sqlcmd -S <server> -d <database> -i schema.sql (data is copied between phases 1 "
                    + "and 2 by './run.sh migrate')" + collationNote(plan)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** The header lines naming the columns created with their own collation, and why. */
    private static String collationNote(SchemaPlan plan) {
        List<String> columns = plan.tables().stream().flatMap(t -> t.columns().stream().filter(c -> c.collation()
                != null).map(c -> t.sourceName() + "." + c.source().name() + " COLLATE " + c.collation())).toList();
        return columns.isEmpty() ? "" : "\nColumns with their own collation (collation-duplicate allowed: they keep "
                + "PostgreSQL's comparison of a key whose values collide under the database's collation, or reference "
                + "such a key; each one's reason is in assessment.md):\n  " + String.join("\n  ", columns);
    }

    /**
     * The kinds in assess.allow; an unknown kind is refused with the list of kinds, and so is a kind that cannot be
     * allowed, with the reason.
     */
    public static Set<FindingKind> allowed(Settings s) {
        Set<FindingKind> out = new LinkedHashSet<>();
        for (String id : s.getList(SettingKeys.ASSESS_ALLOW)) {
            FindingKind kind = FindingKind.byId(id).orElseThrow(() -> new MigrationException(
                    AssessTrouble.UNKNOWN_ALLOW_KIND, Map.of("kind", id, "known", Arrays.stream(FindingKind.values())
                    .filter(FindingKind::allowable).map(FindingKind::id).collect(Collectors.joining(", ")))));
            if (!kind.allowable()) {
                throw new MigrationException(AssessTrouble.KIND_NOT_ALLOWABLE, Map.of("kind", kind.id(), "why",
                        kind.blocking() ? kind.action() : "it is a warning, which never stops a migration."));
            }
            out.add(kind);
        }
        return out;
    }

    /** Refuses to go on while a blocking finding is not allowed. */
    /**
     * "numeric-overflow in public.ledger.total (2), ..." for the first five findings, so the console names them;
     * a schema finding (no sample values) adds its detail, which names every object involved.
     */
    static String where(List<Finding> findings) {
        String shown = findings.stream().limit(5).map(f -> f.kind() + " in " + (f.table() == null ? "the schema"
                        : f.table() + (f.column() == null || f.column().isBlank() ? "" : "." + f.column()))
                        + (f.samples().isEmpty() && f.detail() != null ? " (" + abbreviate(f.detail()) + ")"
                        : f.count() > 0 ? " (" + f.count() + (f.samples().isEmpty() ? "" : ", e.g. "
                        + abbreviate(f.samples().get(0))) + ")" : ""))
                .collect(Collectors.joining(", "));
        return findings.size() > 5 ? shown + " and " + (findings.size() - 5) + " more" : shown;
    }

    /** For each kind what allowing it makes MigrateDB do, or that it cannot be allowed and what to do instead. */
    static String allowing(List<FindingKind> kinds) {
        return kinds.stream().map(k -> k.allowable() ? k.id() + " - " + k.whenAllowed()
                : k.id() + " - cannot be allowed: " + k.action()).collect(Collectors.joining(" "));
    }

    private static String abbreviate(String s) {
        return s.length() <= 240 ? s : s.substring(0, 237) + "...";
    }

    public static void refuseOnBlocking(MigrationRun run, Assessment a) {
        List<Finding> stopping = a.stopping();
        if (!stopping.isEmpty()) {
            List<FindingKind> kinds = stopping.stream().map(f -> FindingKind.byId(f.kind()).orElseThrow())
                    .distinct().toList();
            String allowable = kinds.stream().filter(FindingKind::allowable).map(FindingKind::id)
                    .collect(Collectors.joining(","));
            throw new MigrationException(AssessTrouble.BLOCKING_FINDINGS, Map.of("count", stopping.size(),
                    "kinds", kinds.stream().map(FindingKind::id).collect(Collectors.joining(",")),
                    "where", where(stopping),
                    "report", run.reportDir().resolve("assessment.md"),
                    "allowing", allowing(kinds),
                    // the advice fits how the run was started: --set on the command line, set.<key>= in a request
                    "allow", allowable.isEmpty() ? "None of these kinds can be allowed."
                            : "To allow: " + run.settings().overrideAdvice(SettingKeys.ASSESS_ALLOW, allowable)));
        }
    }
}
