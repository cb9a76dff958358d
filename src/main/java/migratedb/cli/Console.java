package migratedb.cli;

import migratedb.config.Home;
import migratedb.ops.RunStatusService;
import migratedb.report.ExcludedTable;
import migratedb.report.MigrationReport;
import migratedb.report.TableProgress;
import migratedb.report.TableResult;
import migratedb.report.Verification;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.TroubleshootingLog;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What the commands print: summaries and one-paragraph failures (stack traces go to the troubleshooting log). */
final class Console {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int REFUSED = 2;
    /** A run stopped by Ctrl-C (the shell's code for a process ended by SIGINT; SIGTERM's is 143). */
    static final int INTERRUPTED = 130;

    private Console() {
    }

    static int summary(PrintStream out, MigrationReport r) {
        return summary(out, r, null);
    }

    /**
     * Prints the run's summary and returns the command's exit code.
     *
     * @param configFile the configuration the run used, for the command that continues it (null: the default)
     */
    static int summary(PrintStream out, MigrationReport r, Path configFile) {
        out.println();
        if (!r.tables().isEmpty() || r.committed().isEmpty()) {
            out.printf("%-36s %12s %12s %9s  %s%n", "table", "source rows", "target rows", "rejected", "verified");
        }
        for (TableResult t : r.tables()) {
            out.printf("%-36s %,12d %,12d %,9d  %s%n", t.name(), t.sourceRows(), t.targetRows(), t.rowsRejected(),
                    t.verified() ? "yes" : "NO");
        }
        for (ExcludedTable e : r.excluded()) {
            out.printf("%-36s %,12d %12s %9s  excluded (%s)%n", e.name(), e.rows(), "-", "-", e.reason());
        }
        committed(out, r.committed());
        r.warnings().forEach(w -> out.println("Warning: " + w));
        out.println();
        Path report = Home.resolve("reports").resolve(r.runId()).resolve("report.json");
        Map<String, String> f = r.failure();
        boolean verification = "verify".equals(r.command());
        String what = verification ? "Verification of run " + r.runId() : "Run " + r.runId();
        if ("interrupted".equals(r.status())) {
            String code = f == null ? "" : f.get("code");
            out.println("Interrupted: " + (f == null ? what + " was stopped." : f.get("error")) + (verification
                    ? " Nothing was changed; run '" + RunStatusService.commandLine(configFile, "verify --run "
                    + r.runId()) + "' to verify again."
                    : "RUN_INTERRUPTED_BEFORE_COPY".equals(code)
                    ? " Nothing was copied; run '" + RunStatusService.commandLine(configFile, "migrate")
                    + "' to start again."
                    : " The committed chunks stay in the target; run '" + RunStatusService.commandLine(configFile,
                    "resume") + "' to continue."));
            return INTERRUPTED;
        }
        if (f != null) {
            out.println(what + " FAILED: " + f.get("error"));
            if (f.get("cause") != null) {
                out.println("  Cause:    " + f.get("cause"));
                out.println("  Effect:   " + f.get("effect"));
                out.println("  Solution: " + f.get("solution"));
            }
            out.println("Details: " + Home.logs().resolve("troubleshooting.log"));
        } else if (verification) {
            List<Verification> record = r.verifications();
            String file = record.isEmpty() ? "" : " Record: " + report.resolveSibling(record.get(0).file());
            out.printf("%s: %s (%d of %d tables verified).%s%n", what, "completed".equals(r.status())
                    ? "every table verified" : "NOT every table verified", r.tables().stream()
                    .filter(TableResult::verified).count(), r.tables().size(), file);
        } else if ("completed".equals(r.status())) {
            out.printf("Run %s completed: all %d tables verified (%,d rows). Report: %s%n", r.runId(),
                    r.tables().size(), r.totalRowsWritten(), report);
        } else {
            out.printf("Run %s finished, but NOT every table verified. Report: %s%n", r.runId(), report);
        }
        return "completed".equals(r.status()) ? OK : FAILED;
    }

    /** What the target holds of each table of a run that did not finish. */
    static void committed(PrintStream out, List<TableProgress> tables) {
        if (!tables.isEmpty()) {
            out.printf("%-36s %12s  %s%n", "table", "committed", "in the target");
        }
        for (TableProgress t : tables) {
            out.printf("%-36s %,12d  rows in %d of %d chunks%n", t.table(), t.rowsWritten(), t.chunksDone(),
                    t.chunks());
        }
    }

    /** A failure before or outside the pipeline: one paragraph on the console, the stack in the log. */
    static int refused(PrintStream err, Throwable failure) {
        MigrationException m = TroubleshootingLog.catalogued(failure);
        try {
            new TroubleshootingLog(Home.logs()).write("(not started)", failure);
        } catch (RuntimeException logFailure) {
            err.println("(The troubleshooting log could not be written: " + logFailure.getMessage() + ")");
        }
        err.println(m.consoleText());
        err.println("Details: " + Home.logs().resolve("troubleshooting.log"));
        return REFUSED;
    }
}
