package migratedb.cli;

import migratedb.config.Home;
import migratedb.report.ExcludedTable;
import migratedb.report.MigrationReport;
import migratedb.report.TableResult;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.TroubleshootingLog;

import java.io.PrintStream;
import java.util.Map;

/** What the commands print: summaries and one-paragraph failures (stack traces go to the troubleshooting log). */
final class Console {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int REFUSED = 2;

    private Console() {
    }

    static int summary(PrintStream out, MigrationReport r) {
        out.println();
        out.printf("%-36s %12s %12s %9s  %s%n", "table", "source rows", "target rows", "rejected", "verified");
        for (TableResult t : r.tables()) {
            out.printf("%-36s %,12d %,12d %,9d  %s%n", t.name(), t.sourceRows(), t.targetRows(), t.rowsRejected(),
                    t.verified() ? "yes" : "NO");
        }
        for (ExcludedTable e : r.excluded()) {
            out.printf("%-36s %,12d %12s %9s  excluded (%s)%n", e.name(), e.rows(), "-", "-", e.reason());
        }
        r.warnings().forEach(w -> out.println("Warning: " + w));
        out.println();
        Map<String, String> f = r.failure();
        if (f != null) {
            out.println("Run " + r.runId() + " FAILED: " + f.get("error"));
            if (f.get("cause") != null) {
                out.println("  Cause:    " + f.get("cause"));
                out.println("  Effect:   " + f.get("effect"));
                out.println("  Solution: " + f.get("solution"));
            }
            out.println("Details: " + Home.logs().resolve("troubleshooting.log"));
        } else if ("completed".equals(r.status())) {
            out.printf("Run %s completed: all %d tables verified (%,d rows). Report: %s%n", r.runId(),
                    r.tables().size(), r.totalRowsWritten(), Home.resolve("reports").resolve(r.runId())
                            .resolve("report.json"));
        } else {
            out.printf("Run %s finished, but NOT every table verified. Report: %s%n", r.runId(),
                    Home.resolve("reports").resolve(r.runId()).resolve("report.json"));
        }
        return "completed".equals(r.status()) ? OK : FAILED;
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
