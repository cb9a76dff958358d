package migratedb.cli;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.ops.RunStatus;
import migratedb.ops.RunStatusService;
import migratedb.report.TableProgress;
import migratedb.report.Verification;
import migratedb.route.RunStateRoute;
import migratedb.sink.TargetConnector;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The run in progress on the configuration's target, or else the last run started there: its state, what it has
 * committed, and the command that continues it. The same status the console's status endpoint returns.
 */
@CommandLine.Command(name = "status", description = "Show the run in progress on the target (or the last run "
        + "started), its state, what is committed, and the command that continues it.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Settings s = common.load();
        TargetConnector target = TargetConnector.from(s);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.disableJMX();
            RunStateRoute.addTo(context, target, s.get(SettingKeys.TARGET_SCHEMA));
            context.start();
            print(System.out, RunStatusService.of(s, target.displayUrl(), context.createProducerTemplate()).status());
        }
        return Console.OK;
    }

    static void print(PrintStream out, RunStatus st) {
        out.println("Target: " + st.target());
        if (st.runId() != null) {
            out.printf("Run %s%s: %s%s%s%n", st.runId(), st.command() == null ? "" : " (" + st.command() + ")",
                    st.state(), st.startedAt() == null ? "" : ", started " + st.startedAt(),
                    st.finishedAt() == null ? "" : ", ended " + st.finishedAt());
        } else {
            out.println("State: " + st.state());
        }
        if (st.holder() != null) {
            out.printf("  in process %d (%s), since %s%n", st.holder().pid(), st.holder().command(),
                    st.holder().since());
        }
        if (!st.tables().isEmpty()) {
            out.printf("  %-36s %14s  %s%n", "table", "rows committed", "chunks committed");
            for (TableProgress t : st.tables()) {
                out.printf("  %-36s %,14d  %d of %d%n", t.table(), t.rowsWritten(), t.chunksDone(), t.chunks());
            }
        }
        Map<String, String> f = st.failure();
        if (f != null) {
            out.println("  Failure:  " + f.get("error"));
            if (f.get("solution") != null) {
                out.println("  Solution: " + f.get("solution"));
            }
        }
        Verification v = st.lastVerification();
        if (v != null) {
            out.printf("  Last verification: %s, %s (%d of %d tables verified), %s%n", v.startedAt(), v.status(),
                    v.tablesVerified(), v.tables(), v.file());
        }
        st.notes().forEach(n -> out.println("Note: " + n));
        if (st.next() != null) {
            out.println("Next: " + st.next());
        }
        if (st.report() != null) {
            out.println("Report: " + st.report());
        }
    }
}
