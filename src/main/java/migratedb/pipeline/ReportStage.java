package migratedb.pipeline;

import migratedb.report.HtmlReport;
import migratedb.report.MigrationReport;
import migratedb.report.TableProgress;
import migratedb.report.Throughput;
import migratedb.report.ReportWriter;
import migratedb.report.TableResult;
import migratedb.report.Verification;
import migratedb.config.Home;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.TroubleshootingLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates the run into its report, records the run's outcome in the target and writes report.json. A
 * verification ({@code ./run.sh verify}) never rewrites the migration's report: it writes its own record,
 * {@code verify-<time>.json}, and adds it to the {@code verifications} of report.json.
 */
public final class ReportStage {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.report");
    private static final DateTimeFormatter VERIFY_FILE = DateTimeFormatter.ofPattern("'verify-'yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final ReportWriter writer = new ReportWriter();

    public MigrationReport succeeded(MigrationRun run) {
        boolean verified = !run.results().isEmpty() && run.results().values().stream().allMatch(TableResult::verified)
                && run.results().size() == run.plan().tables().size();
        String status = verified ? "completed" : "not-verified";
        try {
            // a table that did not verify is a failure like any other: its entry goes to the troubleshooting log
            run.verificationFailures().forEach(f -> logVerificationFailure(run.runId(), f));
            if (run.command() == Command.VERIFY) {
                return writeVerification(run, status, null);
            }
            recordStatus(run, status);
            return write(run, status, null, List.of());
        } finally {
            run.close();
        }
    }

    private static void logVerificationFailure(String runId, MigrationException failure) {
        try {
            new TroubleshootingLog(Home.logs()).write(runId, failure);
        } catch (java.io.UncheckedIOException e) {
            LOG.warn("The troubleshooting log could not be written: {}", e.getMessage());
        }
    }

    public MigrationReport failed(MigrationRun run, Throwable failure) {
        return ended(run, "failed", failure, List.of());
    }

    /**
     * A run that ended early: {@code failed}, or {@code interrupted} by a stop request. {@code committed} is what
     * the target holds of each table (from its run state, as far as it could be read). A verification that
     * ended early writes its record only when the target knows the run: a wrong run id or target changes nothing.
     */
    public MigrationReport ended(MigrationRun run, String status, Throwable failure, List<TableProgress> committed) {
        if (run.command() == Command.VERIFY) {
            return run.knownToTarget() ? writeVerification(run, status, failure)
                    : report(run, status, failure, List.of(), List.of());
        }
        recordStatus(run, status);
        return write(run, status, failure, committed);
    }

    private static void recordStatus(MigrationRun run, String status) {
        if (run.checkpoints() == null || run.dryRun()) {
            return;
        }
        try (Connection c = run.target().connect()) {
            if (run.command() != Command.VERIFY) {
                run.checkpoints().finishRun(c, run.runId(), status);
            }
        } catch (SQLException e) {
            LOG.warn("Could not record the outcome of run {} in the target: {}", run.runId(), e.getMessage());
        }
    }

    private static Map<String, Long> sourceBytes(MigrationRun run) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        if (run.plan() != null) {
            run.plan().tables().forEach(t -> bytes.put(t.sourceName(), t.source().sizeBytes()));
        }
        return bytes;
    }

    private static Map<String, String> failureMap(Throwable failure) {
        if (failure == null) {
            return null;
        }
        Map<String, String> failureMap = new LinkedHashMap<>();
        if (failure instanceof MigrationException m) {
            failureMap.put("code", m.trouble().code());
            failureMap.put("error", m.error());
            failureMap.put("cause", m.cause());
            failureMap.put("effect", m.effect());
            failureMap.put("solution", m.solution());
        } else {
            failureMap.put("code", "UNEXPECTED");
            failureMap.put("error", String.valueOf(failure.getMessage()));
        }
        return failureMap;
    }

    private static MigrationReport report(MigrationRun run, String status, Throwable failure,
                                          List<TableProgress> committed,
                                          List<Verification> verifications) {
        List<TableResult> tables = run.results().values().stream()
                .sorted(Comparator.comparing(TableResult::name)).toList();
        return new MigrationReport(run.runId(), run.command().label(), status, run.startedAt(),
                Instant.now(), run.source().url(), run.source().version() == null ? null
                        : run.source().version().text(), run.target().displayUrl(), run.target().dialect().name(),
                run.stages(), tables, run.excluded(), run.warnings(), failureMap(failure), run.backup(),
                run.settings().redacted(), new Throughput(run.throughput().samples(), sourceBytes(run)), committed,
                verifications);
    }

    private MigrationReport write(MigrationRun run, String status, Throwable failure, List<TableProgress> committed) {
        MigrationReport report = report(run, status, failure, committed, List.of());
        try {
            // a resume writes its run's report again: the verifications made in between stay listed
            report = report.withVerifications(writer.verifications(run.reportDir()));
            writer.write(report, run.reportDir());
            new HtmlReport().write(report, run.reportDir());
            if (run.plan() != null) {
                Assessing.writeScript(run, run.plan()); // one writer of schema.sql: the dry run's, GO-separated
            }
            LOG.info("Run {} {}: report written to {}", run.runId(), status, run.reportDir().resolve("report.json"));
        } catch (java.io.UncheckedIOException e) {
            // the outcome is recorded in the target (status); a full or read-only disk must not hide it
            LOG.warn("The report of run {} ({}) could not be written: {}: {}. './run.sh status' reads the outcome "
                    + "from the target.", run.runId(), status, e.getMessage(), e.getCause() == null ? ""
                    : e.getCause().getMessage());
        }
        return report;
    }

    /**
     * The record of a verification, {@code reports/<run-id>/verify-<time>.json}, listed in the run's report.json.
     * Nothing else in the run's folder changes. The report returned lists the record it wrote (for the console).
     */
    private MigrationReport writeVerification(MigrationRun run, String status, Throwable failure) {
        MigrationReport report = report(run, status, failure, List.of(), List.of());
        try {
            Path file = verificationFile(run.reportDir(), run.startedAt());
            writer.write(report, run.reportDir(), file.getFileName().toString());
            Verification v = new Verification(file.getFileName().toString(), report.startedAt(),
                    report.finishedAt(), status, report.target(), report.tables().size(),
                    (int) report.tables().stream().filter(TableResult::verified).count());
            if (!writer.appendVerification(run.reportDir(), v)) {
                LOG.info("Run {} has no report.json in {}; the verification is recorded in {} only", run.runId(),
                        run.reportDir(), file.getFileName());
            }
            LOG.info("Run {} verification {}: recorded in {}", run.runId(), status, file);
            return report.withVerifications(List.of(v));
        } catch (java.io.UncheckedIOException e) {
            LOG.warn("The verification record of run {} ({}) could not be written: {}", run.runId(), status,
                    e.getMessage());
        }
        return report;
    }

    /** verify-<start time>.json, with -2, -3... when two verifications started in the same second. */
    private static Path verificationFile(Path dir, Instant startedAt) {
        String base = VERIFY_FILE.format(startedAt);
        Path file = dir.resolve(base + ".json");
        for (int n = 2; Files.exists(file); n++) {
            file = dir.resolve(base + "-" + n + ".json");
        }
        return file;
    }
}
