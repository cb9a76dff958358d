package migratedb.pipeline;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.copy.CheckpointStore;
import migratedb.copy.CopyContext;
import migratedb.copy.CopyResults;
import migratedb.copy.CopyTunables;
import migratedb.copy.ProgressListener;
import migratedb.copy.RejectWriter;
import migratedb.lifecycle.StopRequest;
import migratedb.mapping.SchemaPlan;
import migratedb.model.Catalog;
import migratedb.report.ExcludedTable;
import migratedb.report.StageTiming;
import migratedb.report.TableResult;
import migratedb.source.postgres.PostgresSource;
import migratedb.source.postgres.SourceSnapshot;
import migratedb.sink.TargetConnector;
import migratedb.sink.TargetPool;
import migratedb.verify.Checksum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The state of one run as it travels through the pipeline: the message body of the {@code migrate} route.
 * Stages fill it in order (preflight: connections and catalog; schema: plan; copy: table results...). The copy
 * engine sees only the narrow part of it it needs ({@link #copyContext}) and reports back through
 * {@link CopyResults}.
 */
public final class MigrationRun implements CopyResults {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.run");

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    /** What {@link #newRunId} makes: the start time and four hex digits. Nothing else is a run id. */
    private static final Pattern RUN_ID_PATTERN = Pattern.compile("\\d{8}-\\d{6}-[0-9a-f]{4}");

    private String runId;
    private volatile boolean knownToTarget;
    private final String requestedRunId;
    private final Command command;
    private final Settings settings;
    private final Instant startedAt = Instant.now();
    private final PostgresSource source;
    private final TargetConnector target;
    private final List<StageTiming> stages = Collections.synchronizedList(new ArrayList<>());
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final List<String> shownOnce = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, TableResult> results = new ConcurrentHashMap<>();
    private final Map<String, Long> sourceRows = new ConcurrentHashMap<>();
    private final boolean dryRun;
    private final List<migratedb.troubleshoot.MigrationException> verificationFailures =
            Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> copyMillis = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Checksum>> readBack = new ConcurrentHashMap<>();
    private TargetPool targetPool;
    private volatile boolean connectionsLogged;
    private List<ExcludedTable> excluded = List.of();
    private Catalog catalog;
    private SchemaPlan plan;
    private SourceSnapshot snapshot;
    private CheckpointStore checkpoints;
    private String configFingerprint;
    private Map<String, String> backup;
    private String schemaFingerprint;
    private RejectWriter rejects;
    private final migratedb.report.ThroughputSampler throughput = new migratedb.report.ThroughputSampler();
    private migratedb.assess.Assessment.Summary assessment;
    private final StopRequest stopRequest = new StopRequest();

    public MigrationRun(Command command, Settings settings, PostgresSource source, TargetConnector target,
                        String runId, boolean dryRun) {
        this(command, settings, source, target, runId, null, dryRun);
    }

    /**
     * @param runId      the run to verify (verify --run), an import's own id, or null for a new run
     * @param newRunId   the id a new run takes (made before the run, so the lines logged while its source starts
     *                   carry it too), or null to make one
     */
    public MigrationRun(Command command, Settings settings, PostgresSource source, TargetConnector target,
                        String runId, String newRunId, boolean dryRun) {
        this.command = command;
        this.settings = settings;
        this.source = source;
        this.target = target;
        this.dryRun = dryRun;
        if (command == Command.VERIFY && runId != null && !isRunId(runId)) {
            // the id names a folder under reports/: "../x" must never reach a path
            throw new migratedb.troubleshoot.MigrationException(RunTrouble.RUN_ID_INVALID, Map.of("runId", runId));
        }
        this.requestedRunId = runId;
        this.runId = runId != null ? runId : newRunId != null ? newRunId : newRunId(startedAt);
    }

    /** A new run id: the start time (UTC) and four random hex digits. */
    public static String newRunId(Instant at) {
        return RUN_ID.format(at) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /** Whether {@code id} has the form of a run id ({@code yyyyMMdd-HHmmss-xxxx}). */
    public static boolean isRunId(String id) {
        return id != null && RUN_ID_PATTERN.matcher(id).matches();
    }

    public String runId() {
        return runId;
    }

    /** The run id named on the command line (verify --run), or null. */
    public String requestedRunId() {
        return requestedRunId;
    }

    /** A resumed run continues under the id of the run it resumes; a verification takes the id it verifies. */
    public void adoptRunId(String id) {
        this.runId = id;
        this.knownToTarget = true;
    }

    /**
     * Whether the target's run state knows this run id (found there by resume or verify). A verification of a run
     * the target does not know writes nothing.
     */
    public boolean knownToTarget() {
        return knownToTarget;
    }

    /** Made when the operator asks the run to stop (Ctrl-C, SIGTERM, the console's Cancel). */
    public StopRequest stopRequest() {
        return stopRequest;
    }

    public Command command() {
        return command;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public Settings settings() {
        return settings;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public PostgresSource source() {
        return source;
    }

    public TargetConnector target() {
        return target;
    }

    /**
     * The run's target connections, shared by the copy workers, planning, finalize and verify: at most one per
     * worker (copy.parallelTables) and one more.
     */
    public synchronized TargetPool targetPool() {
        if (targetPool == null) {
            targetPool = target.pool(settings.getInt(SettingKeys.PARALLEL_TABLES, 1, 64) + 1);
        }
        return targetPool;
    }

    /** What the copy engine works with: the tables of the plan, the snapshot, the target pool, the checkpoints. */
    public CopyContext copyContext(ProgressListener progress) {
        return new CopyContext(runId, plan.tables(), CopyTunables.from(settings), snapshot, targetPool(),
                checkpoints, rejects(), stopRequest, progress, this);
    }

    public String targetSchema() {
        return settings.get(SettingKeys.TARGET_SCHEMA);
    }

    public Path reportDir() {
        return settings.path(SettingKeys.REPORTS_DIR).resolve(runId);
    }

    public Catalog catalog() {
        return catalog;
    }

    public void catalog(Catalog c) {
        this.catalog = c;
    }

    public SchemaPlan plan() {
        return plan;
    }

    public void plan(SchemaPlan p) {
        this.plan = p;
    }

    /** The assessment's summary (counts per kind); the full assessment is in reports/<run-id>/assessment.json. */
    public migratedb.assess.Assessment.Summary assessment() {
        return assessment;
    }

    public void assessment(migratedb.assess.Assessment.Summary summary) {
        this.assessment = summary;
    }

    public SourceSnapshot snapshot() {
        return snapshot;
    }

    public void snapshot(SourceSnapshot s) {
        this.snapshot = s;
    }

    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    public void checkpoints(CheckpointStore c) {
        this.checkpoints = c;
    }

    /** The source backup made before this run (migrate --backup): file, size and SHA-256 for the report. */
    public void backup(String file, long sizeBytes, String sha256) {
        this.backup = Map.of("file", file, "sizeBytes", Long.toString(sizeBytes), "sha256", sha256);
    }

    public Map<String, String> backup() {
        return backup;
    }

    public void fingerprints(String config, String schema) {
        this.configFingerprint = config;
        this.schemaFingerprint = schema;
    }

    /** What a resume must find unchanged: the settings that decide what goes where. */
    public String configFingerprint() {
        return configFingerprint;
    }

    public String schemaFingerprint() {
        return schemaFingerprint;
    }

    public synchronized RejectWriter rejects() {
        if (rejects == null) {
            rejects = new RejectWriter(reportDir().resolve("rejects"));
        }
        return rejects;
    }

    public List<ExcludedTable> excluded() {
        return excluded;
    }

    public void excluded(List<ExcludedTable> e) {
        this.excluded = List.copyOf(e);
    }

    @Override
    public void stageDone(String stage, long millis) {
        stages.add(new StageTiming(stage, millis));
    }

    public List<StageTiming> stages() {
        return List.copyOf(stages);
    }

    /**
     * A text shown once on the console at the end of the run and nowhere else (not in logs, not in the report):
     * e.g. a generated master key password.
     */
    public void showOnce(String text) {
        shownOnce.add(text);
    }

    public List<String> takeShownOnce() {
        synchronized (shownOnce) {
            List<String> out = List.copyOf(shownOnce);
            shownOnce.clear();
            return out;
        }
    }

    @Override
    public void warn(String warning) {
        warnings.add(warning);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public void result(TableResult r) {
        results.put(r.name(), r);
    }

    public Map<String, TableResult> results() {
        return results;
    }

    /** A table that did not verify: reported, and written to the troubleshooting log by the report stage. */
    public void notVerified(migratedb.troubleshoot.MigrationException failure) {
        verificationFailures.add(failure);
    }

    public List<migratedb.troubleshoot.MigrationException> verificationFailures() {
        return List.copyOf(verificationFailures);
    }

    @Override
    public void copyMillis(String table, long millis) {
        copyMillis.put(table, millis);
    }

    public long copyMillis(String table) {
        return copyMillis.getOrDefault(table, 0L);
    }

    @Override
    public void sourceRows(String table, long rows) {
        sourceRows.put(table, rows);
    }

    public long sourceRows(String table) {
        return sourceRows.getOrDefault(table, -1L);
    }

    @Override
    public void chunkVerified(String table, int chunk, Checksum found) {
        readBack.computeIfAbsent(table, t -> new ConcurrentHashMap<>()).put(chunk, found);
    }

    /** The chunks of a table the copy's workers read back from the target after their commit, by chunk number. */
    public Map<Integer, Checksum> chunksReadBack(String table) {
        return readBack.getOrDefault(table, Map.of());
    }

    /** The copy's progress over time, for the report's charts. */
    public migratedb.report.ThroughputSampler throughput() {
        return throughput;
    }

    /** Releases what the run holds open (the source snapshot, the target's connections). Safe to call twice. */
    public void close() {
        if (snapshot != null) {
            snapshot.close();
            snapshot = null;
        }
        synchronized (this) {
            if (targetPool != null) {
                targetPool.close();
                targetPool = null;
            }
        }
        if (rejects != null) {
            rejects.close();
        }
        if (source != null && !connectionsLogged) {
            connectionsLogged = true;
            LOG.info("Connections opened by run {}: {} to the source, {} to the target", runId,
                    source.connectionsOpened(), target.connectionsOpened());
        }
    }
}
