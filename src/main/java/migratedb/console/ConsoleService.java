package migratedb.console;

import migratedb.assess.AssessedObject;
import migratedb.assess.Assessment;
import migratedb.assess.Finding;
import migratedb.assess.FindingKind;
import migratedb.config.Secret;
import migratedb.config.SecretRedactor;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.config.SetupWizard;
import migratedb.config.Home;
import migratedb.copy.ProgressListener;
import migratedb.ops.ConnectionTest;
import migratedb.ops.ExcludedTables;
import migratedb.ops.ImportResult;
import migratedb.lifecycle.ActiveRuns;
import migratedb.ops.OpsTrouble;
import migratedb.ops.RunLock;
import migratedb.ops.RunStatus;
import migratedb.ops.RunStatusService;
import migratedb.ops.tablefile.TableFileFormat;
import migratedb.pipeline.Assessing;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.report.MigrationReport;
import migratedb.route.RunStateRoute;
import migratedb.sink.TargetConnector;
import migratedb.source.postgres.SourceSession;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.TroubleshootingLog;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the console does, each through the code the commands run: {@link SetupWizard} (setup), {@link ConnectionTest}
 * (test), {@link Assessing} (assess), the command line's own run ({@link RunLauncher}: migrate, resume) and
 * {@link ExcludedTables} (export-excluded, import-excluded). One job at a time; a migration runs in the background
 * while the console keeps answering.
 */
final class ConsoleService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.console");

    private final Path configFile;
    private final Path tunablesFile;
    private final Path keyFile;
    private final Map<String, String> env;
    private final RunLauncher launcher;
    private final RunLog log;
    private final RunMonitor monitor = new RunMonitor();
    private final Notices notices = new Notices();
    private final AtomicReference<String> busy = new AtomicReference<>();
    private final ExecutorService runs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "migratedb-console-run");
        t.setDaemon(false);
        return t;
    });
    private final SecureRandom random = new SecureRandom();
    /** The console's runs: its Cancel stops what is registered here, never the console itself. */
    private final ActiveRuns activeRuns = new ActiveRuns();
    private volatile CamelContext camel;

    ConsoleService(Path configFile, Path tunablesFile, Path keyFile, Map<String, String> env, RunLauncher launcher,
                   RunLog log) {
        this.configFile = configFile;
        this.tunablesFile = tunablesFile;
        this.keyFile = keyFile;
        this.env = Map.copyOf(env);
        this.launcher = launcher;
        this.log = log;
    }

    /** The console's Camel context, where the run-state routes are added to read what a target records. */
    void camel(CamelContext context) {
        this.camel = context;
    }

    Settings settings(List<String> sets) {
        return Settings.load(configFile, tunablesFile, sets, env);
    }

    private SetupWizard wizard() {
        // the form never prompts: a terminal with nothing to read, whose output nobody sees
        return new SetupWizard(SetupWizard.Terminal.of(new StringReader(""), new StringWriter()), configFile,
                tunablesFile, keyFile, random);
    }

    // ---- setup ------------------------------------------------------------------------------------------------

    Map<String, Object> setupForm() {
        SetupWizard.FormState f = wizard().formState();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("configFile", configFile.toString());
        out.put("values", f.values());
        out.put("storedPasswords", f.storedSecrets());
        out.put("targetUrl", f.targetUrl());
        out.put("masterKeyLost", f.masterKeyLost());
        out.put("encryptionModes", List.of("default", "custom", "none"));
        return out;
    }

    /** Checks and saves the form; 400 with each problem by setting, nothing written, when any value is wrong. */
    Map<String, Object> saveSetup(SetupRequest request) {
        requireIdle("save the set-up");
        Map<String, Secret> passwords = new LinkedHashMap<>();
        if (request.passwords() != null) {
            request.passwords().forEach((k, v) -> {
                if (SettingKeys.isSecret(k) && v != null && !v.isEmpty()) {
                    passwords.put(k, Secret.of(v));
                }
            });
        }
        SetupWizard.Answers answers = new SetupWizard.Answers(request.values() == null ? Map.of()
                : request.values(), passwords, request.keepTargetUrl() == null || request.keepTargetUrl());
        SetupWizard wizard = wizard();
        Map<String, String> problems = wizard.problems(answers);
        if (!problems.isEmpty()) {
            throw new ConsoleProblems(problems);
        }
        SetupWizard.Result r = wizard.save(answers);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("saved", true);
        out.put("file", r.configFile().toString());
        out.put("protection", r.keyFileProtection().description());
        r.generatedMasterKeyPassword().ifPresent(p -> out.put("notice", notices.add(r.masterKeyNotice())));
        LOG.info("Setup saved from the console into {}", r.configFile());
        return out;
    }

    // ---- test and assess --------------------------------------------------------------------------------------

    ConnectionTest.Report test() {
        return exclusive("test", () -> ConnectionTest.run(settings(List.of())));
    }

    /** The assessment as {@code ./run.sh assess} makes it, grouped by kind, with what allowing each kind does. */
    Map<String, Object> assess(AllowRequest request) {
        return exclusive("assess", () -> {
            Settings s = settings(allowSets(request));
            try (SourceSession session = SourceSession.open(s)) {
                MigrationRun run = new MigrationRun(Command.MIGRATE, s, session.source(), TargetConnector.from(s),
                        null, true);
                Assessing.Outcome outcome = Assessing.standalone(run, true);
                Assessing.writeScript(run, outcome.plan());
                return assessmentView(outcome.assessment(), run.reportDir());
            }
        });
    }

    static Map<String, Object> assessmentView(Assessment a, Path reportDir) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runId", a.runId());
        out.put("report", reportDir.resolve("assessment.md").toString());
        out.put("source", a.source());
        out.put("sourceVersion", a.sourceVersion());
        out.put("target", a.target());
        out.put("collation", a.collation());
        out.put("passed", a.stopping().isEmpty());
        out.put("stopping", a.stopping().size());
        Map<String, List<Finding>> byKind = new LinkedHashMap<>();
        for (FindingKind k : FindingKind.values()) { // blocking kinds first, in the catalogue's order
            if (k.blocking()) {
                byKind.put(k.id(), new ArrayList<>());
            }
        }
        for (FindingKind k : FindingKind.values()) {
            if (!k.blocking()) {
                byKind.put(k.id(), new ArrayList<>());
            }
        }
        a.findings().forEach(f -> byKind.computeIfAbsent(f.kind(), x -> new ArrayList<>()).add(f));
        List<Map<String, Object>> kinds = new ArrayList<>();
        byKind.forEach((id, findings) -> {
            if (findings.isEmpty()) {
                return;
            }
            FindingKind k = FindingKind.byId(id).orElseThrow();
            Map<String, Object> kind = new LinkedHashMap<>();
            kind.put("id", k.id());
            kind.put("title", k.title());
            kind.put("severity", k.severity());
            kind.put("blocking", k.blocking());
            kind.put("allowed", a.allowed().contains(k.id()));
            kind.put("allowable", k.allowable());
            kind.put("whenAllowed", k.whenAllowed());
            kind.put("action", k.action());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Finding f : findings) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("table", f.table());
                row.put("column", f.column());
                row.put("count", f.count());
                row.put("samples", f.samples());
                row.put("detail", f.detail());
                rows.add(row);
            }
            kind.put("findings", rows);
            kinds.add(kind);
        });
        out.put("kinds", kinds);
        List<Map<String, Object>> notConverted = new ArrayList<>();
        for (AssessedObject o : a.objects()) {
            if (!o.converted()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("kind", o.kind());
                row.put("name", o.name());
                row.put("reason", o.reason());
                row.put("suggestion", o.suggestion());
                notConverted.add(row);
            }
        }
        out.put("notConverted", notConverted);
        return out;
    }

    private static List<String> allowSets(AllowRequest request) {
        if (request == null || request.allow() == null || request.allow().isEmpty()) {
            return List.of();
        }
        return List.of(SettingKeys.ASSESS_ALLOW + "=" + String.join(",", request.allow()));
    }

    // ---- migrate, resume, cancel, status ------------------------------------------------------------------------

    /** Starts a migrate or resume in the background: 202 once it started, refused while any run holds the target. */
    synchronized Map<String, Object> start(Command command, AllowRequest request) {
        if (!busy.compareAndSet(null, command.label())) {
            throw new ConsoleRefused(409, "The console is busy (" + busy.get() + "): one run at a time."
                    + (monitor.active() && monitor.view().get("runId") != null ? " Run "
                    + monitor.view().get("runId") + " is in progress." : ""));
        }
        boolean handedOver = false;
        try {
            Settings s = settings(command == Command.MIGRATE ? allowSets(request) : List.of());
            TargetConnector target = TargetConnector.from(s);
            // a run of the command line (or of the inbox) against the same target: refused now, with its holder
            Path locks = s.path(SettingKeys.WORK_DIR).resolve("locks");
            RunLock.holder(locks, target.displayUrl()).ifPresent(h -> {
                throw new MigrationException(OpsTrouble.RUN_IN_PROGRESS, Map.of("target",
                        target.displayUrl(), "runId", h.runId(), "pid", h.pid(), "since", String.valueOf(h.since())));
            });
            monitor.begin(command.label(), SecretRedactor.standard().withKnownSecrets(secrets(s)));
            log.begin(secrets(s));
            runs.submit(() -> run(command, s));
            handedOver = true;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("state", "running");
            out.put("command", command.label());
            out.put("status", "/api/status");
            return out;
        } finally {
            if (!handedOver) {
                busy.set(null);
            }
        }
    }

    private void run(Command command, Settings s) {
        MigrationReport report = null;
        RunStatus recorded = null;
        Map<String, String> failure = null;
        try {
            report = launcher.run(command, s, new RunLauncher.Hooks() {
                @Override
                public ProgressListener progress() {
                    return monitor;
                }

                @Override
                public ActiveRuns activeRuns() {
                    return activeRuns;
                }

                @Override
                public void started(MigrationRun run) {
                    monitor.started(run);
                    log.run(run.runId());
                    if (monitor.stopRequested()) {
                        run.stopRequest().request("the console's Cancel");
                    }
                }

                @Override
                public void line(String text) {
                    log.console(text);
                }

                @Override
                public void shownOnce(String text) {
                    notices.add(text);
                }
            });
            recorded = recordedStatus(s);
        } catch (Throwable e) {
            // refused before its pipeline ran (settings, the source, the run lock): written as the command line does
            try {
                new TroubleshootingLog(Home.logs()).write("(not started)", e);
            } catch (RuntimeException unwritable) {
                LOG.warn("The troubleshooting log could not be written: {}", unwritable.getMessage());
            }
            failure = redacted(ConnectionTest.failure(e), s);
            log.console(failure.get("error"));
        } finally {
            log.end();
            synchronized (this) { // the run is over for the page and free for the next one at the same moment
                if (report != null) {
                    monitor.finished(report);
                    monitor.recorded(recorded);
                } else {
                    monitor.refused(failure != null ? failure : Map.of("error", "the run ended without a report"));
                }
                busy.set(null);
            }
        }
        if (report != null) {
            log.console("Run " + report.runId() + " " + monitor.state() + ".");
        }
    }

    /**
     * What {@code ./run.sh status} says of the target now the run has ended (its state, what continues it), read
     * through the run-state routes in the console's own Camel context; null when the target cannot say.
     */
    private RunStatus recordedStatus(Settings s) {
        if (camel == null) {
            return null;
        }
        try {
            TargetConnector target = TargetConnector.from(s);
            synchronized (camel) {
                for (String id : List.of("run-state-runs", "run-state-progress")) {
                    if (camel.getRoute(id) != null) {
                        camel.getRouteController().stopRoute(id);
                        camel.removeRoute(id);
                    }
                }
                RunStateRoute.addTo(camel, target, s.get(SettingKeys.TARGET_SCHEMA));
                RunStatus st = RunStatusService.of(s, target.displayUrl(), camel.createProducerTemplate()).status();
                return "unknown".equals(st.state()) || "none".equals(st.state()) ? null : st;
            }
        } catch (Exception e) {
            LOG.warn("The run's state could not be read from the target: {}", e.getMessage());
            return null;
        }
    }

    /** Cancel: the run stops the way Ctrl-C stops it; the console keeps serving. */
    Map<String, Object> cancel() {
        if (!monitor.stop("the console's Cancel")) {
            throw new ConsoleRefused(409, "No run of this console is in progress.");
        }
        activeRuns.stopAll("the console's Cancel");
        log.console("Stopping: no new chunk starts, the chunks in flight are rolled back, the report is written.");
        return Map.of("stopping", true, "status", "/api/status");
    }

    Map<String, Object> status(long logAfter) {
        Map<String, Object> out = monitor.view();
        out.put("busy", busy.get());
        out.put("notices", notices.count());
        List<RunLog.Line> lines = log.after(logAfter);
        out.put("log", lines);
        out.put("logNext", lines.isEmpty() ? logAfter : lines.get(lines.size() - 1).seq());
        return out;
    }

    /** Waits for a run in progress to end, after asking it to stop (Ctrl-C in the console's terminal). */
    boolean stopAndWait(String reason, long millis) throws InterruptedException {
        monitor.stop(reason);
        activeRuns.closeAll(reason);
        long deadline = System.currentTimeMillis() + millis;
        while (busy.get() != null && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        return busy.get() == null;
    }

    // ---- notices ----------------------------------------------------------------------------------------------

    List<Notices.Notice> notices() {
        return notices.pending();
    }

    Map<String, Object> acknowledge(String id) {
        if (!notices.acknowledge(id)) {
            throw new ConsoleRefused(404, "No such notice (it was acknowledged already).");
        }
        return Map.of("acknowledged", true);
    }

    // ---- personal passwords (excluded tables) -------------------------------------------------------------------

    Map<String, Object> excluded() {
        Settings s = settings(List.of());
        return Map.of("tables", s.getList(SettingKeys.EXCLUDED_TABLES), "formats", List.of("csv", "txt", "xlsx"));
    }

    /** One excluded table as a download, the same content as {@code ./run.sh export-excluded}. */
    Download export(String table, String format) {
        TableFileFormat f;
        try {
            f = TableFileFormat.of(format == null ? "csv" : format);
        } catch (IllegalArgumentException e) {
            throw new ConsoleRefused(400, "format: " + e.getMessage());
        }
        if (table == null || table.isBlank()) {
            throw new ConsoleRefused(400, "Name the excluded table: ?table=schema.table");
        }
        return exclusive("export", () -> {
            Settings s = settings(List.of());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long rows;
            try (SourceSession session = SourceSession.open(s)) {
                rows = new ExcludedTables(s, session.source()).export(table, f, out);
            }
            LOG.info("Exported {} rows of {} as {} for a download from the console", rows, table, f);
            return new Download(table + f.extension(), contentType(f), out.toByteArray(), rows);
        });
    }

    /** A file to send: its name, type and bytes. */
    record Download(String fileName, String contentType, byte[] bytes, long rows) {
    }

    private static String contentType(TableFileFormat f) {
        return switch (f) {
            case XLSX -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case TXT -> "text/tab-separated-values; charset=utf-8";
            default -> "text/csv; charset=utf-8";
        };
    }

    /** An uploaded file loaded into its excluded table, checked and verified as {@code ./run.sh import-excluded}. */
    Map<String, Object> importFile(InputStream upload, String fileName, String table) {
        if (fileName == null || fileName.isBlank()) {
            throw new ConsoleRefused(400, "Name the uploaded file: ?fileName=public.personal_passwords.csv");
        }
        return exclusive("import", () -> {
            Settings s = settings(List.of());
            log.begin(secrets(s));
            try (SourceSession session = SourceSession.open(s)) {
                ImportResult r = new ExcludedTables(s, session.source()).importFile(upload, fileName,
                        table == null || table.isBlank() ? null : table, ProgressListener.NONE);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("status", r.status());
                out.put("table", r.table());
                out.put("targetTable", r.targetTable());
                out.put("file", r.file());
                out.put("readAs", r.layout() == null ? null : r.layout().describe());
                out.put("fileRows", r.fileRows());
                out.put("rowsWritten", r.rowsWritten());
                out.put("rowsRejected", r.rowsRejected());
                out.put("targetRows", r.targetRows());
                out.put("verified", r.verified());
                out.put("warnings", r.warnings());
                out.put("failure", r.failure() == null ? null : redacted(r.failure(), s));
                out.put("report", r.reportDir() == null ? null : r.reportDir().resolve("report.html").toString());
                return out;
            } finally {
                log.end();
            }
        });
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private interface Job<T> {
        T run();
    }

    /** Runs a short job while no other runs; refused (409) while one does. */
    private <T> T exclusive(String what, Job<T> job) {
        if (!busy.compareAndSet(null, what)) {
            throw new ConsoleRefused(409, "The console is busy (" + busy.get() + "): wait until it has ended"
                    + (monitor.active() ? ", or Cancel the run." : "."));
        }
        try {
            return job.run();
        } finally {
            busy.set(null);
        }
    }

    private void requireIdle(String what) {
        if (busy.get() != null) {
            throw new ConsoleRefused(409, "Cannot " + what + " while the console is busy (" + busy.get() + ").");
        }
    }

    private static List<Secret> secrets(Settings s) {
        List<Secret> out = new ArrayList<>();
        for (String k : SettingKeys.SECRET_KEYS) {
            if (s.has(k)) {
                out.add(Secret.of(s.get(k)));
            }
        }
        return out;
    }

    /** A failure's texts with the configuration's secrets masked (as far as it can be read). */
    Map<String, String> redacted(Map<String, String> failure) {
        Settings s = null;
        try {
            s = settings(List.of());
        } catch (RuntimeException unreadable) {
            // the standard masking alone
        }
        return redacted(failure, s);
    }

    /** A failure's texts with the settings' own secrets masked wherever a driver's message quoted one. */
    static Map<String, String> redacted(Map<String, String> failure, Settings s) {
        SecretRedactor r = SecretRedactor.standard().withKnownSecrets(s == null ? List.of() : secrets(s));
        Map<String, String> out = new LinkedHashMap<>();
        failure.forEach((k, v) -> out.put(k, v == null ? null : r.redact(v)));
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        runs.shutdown();
        runs.awaitTermination(30, TimeUnit.SECONDS);
    }
}
