package migratedb.console;

import migratedb.config.SecretRedactor;
import migratedb.copy.ProgressListener;
import migratedb.pipeline.MigrationRun;
import migratedb.ops.RunStatus;
import migratedb.report.ExcludedTable;
import migratedb.report.MigrationReport;
import migratedb.report.StageTiming;
import migratedb.report.TableResult;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's view of its run: the state as {@code ./run.sh status} names it (idle before any run in this console,
 * then running, completed, not-verified, failed or interrupted), the stage timeline, and each table's rows, rows/s
 * and ETA from the copy engine's progress events. The one place that decides what {@code state} means.
 */
final class RunMonitor implements ProgressListener {
    /** The pipeline's timed stages, in the order data travels (the report is not timed). */
    static final List<String> STAGES = List.of("preflight", "key-setup", "schema", "copy", "finalize", "verify");

    /** One table's counters; guarded by its own monitor. */
    private static final class Table {
        final long sourceRows;
        final long alreadyCopied;
        long copied;
        long firstRowNanos;
        long lastRowNanos;
        boolean finished;

        Table(long sourceRows, long alreadyCopied) {
            this.sourceRows = sourceRows;
            this.alreadyCopied = alreadyCopied;
        }
    }

    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String command;
    private volatile String runId;
    private volatile MigrationRun run;
    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile long copyStartedNanos;
    private volatile boolean active;
    private volatile boolean stopRequested;
    private volatile MigrationReport report;
    private volatile Map<String, String> refusal;
    private volatile RunStatus recorded;
    private volatile SecretRedactor redactor = SecretRedactor.standard();

    /**
     * A new run starts: everything of the previous one is forgotten. The report's texts (a driver's message in its
     * failure or warnings may quote a setting) are shown through {@code redactor}, which knows the run's secrets.
     */
    synchronized void begin(String commandName, SecretRedactor redactor) {
        this.redactor = redactor;
        tables.clear();
        order.clear();
        command = commandName;
        runId = null;
        run = null;
        startedAt = Instant.now();
        finishedAt = null;
        copyStartedNanos = 0;
        stopRequested = false;
        report = null;
        refusal = null;
        recorded = null;
        active = true;
    }

    void started(MigrationRun r) {
        run = r;
        runId = r.runId();
    }

    /** Asks the run to stop the way Ctrl-C does; false when no run of this console works. */
    boolean stop(String reason) {
        MigrationRun r = run;
        if (!active) {
            return false;
        }
        stopRequested = true;
        if (r != null) {
            r.stopRequest().request(reason);
        }
        return true;
    }

    /** Whether a stop was asked for before the run could take it (it ends at its first check). */
    boolean stopRequested() {
        return stopRequested;
    }

    void finished(MigrationReport r) {
        report = r;
        runId = r.runId();
        finishedAt = Instant.now();
    }

    /** What the target records of the run now it ended, as {@code ./run.sh status} reads it (null: unreadable). */
    void recorded(RunStatus status) {
        recorded = status;
        active = false;
    }

    /** The run was refused or failed before its pipeline: the failure as error · cause · effect · solution. */
    void refused(Map<String, String> failure) {
        refusal = failure;
        finishedAt = Instant.now();
        active = false;
    }

    boolean active() {
        return active;
    }

    /** idle, running, completed, not-verified, failed or interrupted. */
    String state() {
        if (active) {
            return "running";
        }
        if (startedAt == null) {
            return "idle";
        }
        RunStatus st = recorded;
        if (st != null && report != null && st.runId() != null && st.runId().equals(report.runId())) {
            return st.state(); // exactly what './run.sh status' says
        }
        MigrationReport r = report;
        if (r == null) {
            return stopRequested ? "interrupted" : "failed";
        }
        if ("completed".equals(r.status())) {
            return "completed";
        }
        if (stopRequested || "interrupted".equals(r.status())) {
            return "interrupted";
        }
        return r.failure() != null ? "failed" : "not-verified";
    }

    // ---- progress events (copy engine threads) ------------------------------------------------------------------

    @Override
    public void runStarted(int tableCount) {
        copyStartedNanos = System.nanoTime();
    }

    @Override
    public void tableStarted(String table, long sourceRows, long alreadyCopied) {
        if (tables.putIfAbsent(table, new Table(sourceRows, alreadyCopied)) == null) {
            order.add(table);
        }
    }

    @Override
    public void rowsCopied(String table, long rows) {
        Table t = tables.get(table);
        if (t != null) {
            synchronized (t) {
                long now = System.nanoTime();
                if (t.firstRowNanos == 0) {
                    t.firstRowNanos = now;
                }
                t.lastRowNanos = now;
                t.copied += rows;
            }
        }
    }

    @Override
    public void tableFinished(String table) {
        Table t = tables.get(table);
        if (t != null) {
            synchronized (t) {
                t.finished = true;
            }
        }
    }

    // ---- the view ------------------------------------------------------------------------------------------------

    /** A table's progress: rows copied of the source's, rows/s, seconds left (null while unknown). */
    record TableProgress(String table, long sourceRows, long copied, Double rowsPerSecond, Long etaSeconds,
                         String state) {
    }

    /** The whole run's copy: rows of rows, rows/s, seconds left. */
    record Overall(long copied, long total, Double rowsPerSecond, Long etaSeconds) {
    }

    /** A stage: pending, active, done (with its time), failed or stopped. */
    record Stage(String name, String state, Long millis) {
    }

    /** What the status shows of the run (no secret: names, counts, the report's failure entry). */
    Map<String, Object> view() {
        Map<String, Object> v = new LinkedHashMap<>();
        String state = state();
        v.put("state", state);
        v.put("runId", runId);
        v.put("command", command);
        v.put("startedAt", startedAt == null ? null : startedAt.toString());
        v.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        v.put("stopRequested", stopRequested);
        v.put("stages", stages(state));
        long now = System.nanoTime();
        List<TableProgress> rows = new ArrayList<>();
        long copied = 0;
        long total = 0;
        for (String name : order) {
            Table t = tables.get(name);
            synchronized (t) {
                long done = t.alreadyCopied + t.copied;
                copied += t.copied;
                total += Math.max(0, t.sourceRows - t.alreadyCopied);
                double seconds = (t.lastRowNanos - t.firstRowNanos) / 1e9;
                Double rate = t.copied > 0 && seconds >= 1 ? t.copied / seconds : null;
                Long eta = t.finished ? Long.valueOf(0) : rate == null || rate <= 0 ? null
                        : Math.max(0, (long) ((t.sourceRows - done) / rate));
                rows.add(new TableProgress(name, t.sourceRows, done, rate, eta,
                        t.finished ? "copied" : t.copied > 0 ? "copying" : "waiting"));
            }
        }
        v.put("tables", rows);
        double seconds = copyStartedNanos == 0 ? 0 : (now - copyStartedNanos) / 1e9;
        Double rate = copied > 0 && seconds >= 1 ? copied / seconds : null;
        v.put("overall", new Overall(copied, total, rate,
                rate == null ? null : Math.max(0, (long) ((total - copied) / rate))));
        v.put("result", result());
        return v;
    }

    private List<Stage> stages(String state) {
        MigrationReport r = report;
        MigrationRun live = run;
        List<StageTiming> done = r != null ? r.stages() : live != null ? live.stages() : List.of();
        Map<String, Long> millis = new LinkedHashMap<>();
        done.forEach(t -> millis.put(t.stage(), t.millis()));
        List<Stage> out = new ArrayList<>();
        boolean current = true;
        for (String name : STAGES) {
            if (millis.containsKey(name)) {
                out.add(new Stage(name, "done", millis.get(name)));
            } else if (current && startedAt != null && !"completed".equals(state) && !"idle".equals(state)) {
                out.add(new Stage(name, switch (state) {
                    case "running" -> "active";
                    case "interrupted" -> "stopped";
                    case "failed" -> "failed";
                    default -> "pending";
                }, null));
                current = false;
            } else {
                out.add(new Stage(name, "pending", null));
            }
        }
        return out;
    }

    /** The Result: every table with source rows, target rows and verified; the failure; the warnings. */
    private Map<String, Object> result() {
        MigrationReport r = report;
        Map<String, String> refused = refusal;
        if (r == null && refused == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (r == null) {
            out.put("status", stopRequested ? "interrupted" : "failed");
            out.put("failure", refused);
            out.put("tables", List.of());
            out.put("excluded", List.of());
            out.put("warnings", List.of());
            return out;
        }
        out.put("status", r.status());
        out.put("runId", r.runId());
        out.put("source", r.source());
        out.put("sourceVersion", r.sourceVersion());
        out.put("target", r.target());
        List<Map<String, Object>> tables = new ArrayList<>();
        for (TableResult t : r.tables()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("table", t.name());
            row.put("targetTable", t.targetName());
            row.put("sourceRows", t.sourceRows());
            row.put("targetRows", t.targetRows());
            row.put("rejected", t.rowsRejected());
            row.put("verified", t.verified());
            tables.add(row);
        }
        out.put("tables", tables);
        List<Map<String, Object>> excluded = new ArrayList<>();
        for (ExcludedTable e : r.excluded()) {
            excluded.add(Map.of("table", e.name(), "rows", e.rows(), "reason", e.reason()));
        }
        out.put("excluded", excluded);
        out.put("warnings", r.warnings().stream().map(redactor::redact).toList());
        out.put("failure", r.failure() == null ? null : redactor.redact(r.failure()));
        out.put("rowsWritten", r.totalRowsWritten());
        out.put("committed", r.committed()); // a run that did not finish: what the target holds, per table
        RunStatus st = recorded;
        if (st != null && r.runId().equals(st.runId())) {
            out.put("next", st.next());
            out.put("notes", st.notes());
            out.put("report", st.report());
        }
        return out;
    }
}
