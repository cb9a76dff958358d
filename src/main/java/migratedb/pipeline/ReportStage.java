package migratedb.pipeline;

import migratedb.report.HtmlReport;
import migratedb.report.MigrationReport;
import migratedb.report.TableProgress;
import migratedb.report.Throughput;
import migratedb.report.ReportWriter;
import migratedb.report.TableResult;
import migratedb.config.Home;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.TroubleshootingLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Aggregates the run into its report, records the run's outcome in the target and writes report.json. */
public final class ReportStage {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.report");

    private final ReportWriter writer = new ReportWriter();

    public MigrationReport succeeded(MigrationRun run) {
        boolean verified = !run.results().isEmpty() && run.results().values().stream().allMatch(TableResult::verified)
                && run.results().size() == run.plan().tables().size();
        String status = verified ? "completed" : "not-verified";
        try {
            // a table that did not verify is a failure like any other: its entry goes to the troubleshooting log
            run.verificationFailures().forEach(f -> logVerificationFailure(run.runId(), f));
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
     * the target holds of each table (from its run state, as far as it could be read).
     */
    public MigrationReport ended(MigrationRun run, String status, Throwable failure, List<TableProgress> committed) {
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

    private MigrationReport write(MigrationRun run, String status, Throwable failure, List<TableProgress> committed) {
        Map<String, String> failureMap = null;
        if (failure != null) {
            failureMap = new LinkedHashMap<>();
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
        }
        List<TableResult> tables = run.results().values().stream()
                .sorted(Comparator.comparing(TableResult::name)).toList();
        MigrationReport report = new MigrationReport(run.runId(), run.command().label(), status, run.startedAt(),
                Instant.now(), run.source().url(), run.target().displayUrl(), run.target().dialect().name(),
                run.stages(), tables, run.excluded(), run.warnings(), failureMap, run.backup(),
                run.settings().redacted(), new Throughput(run.throughput().samples(), sourceBytes(run)), committed);
        try {
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
}
