package migratedb.cli;

import migratedb.config.Home;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.lifecycle.ActiveRuns;
import migratedb.ops.OpsTrouble;
import migratedb.ops.Request;
import migratedb.ops.RequestOutcome;
import migratedb.ops.RequestRunner;
import migratedb.pipeline.Command;
import migratedb.report.MigrationReport;
import migratedb.troubleshoot.MigrationException;

import java.io.PrintStream;
import java.util.Map;

/**
 * Runs a request from the inbox exactly as the command line runs the same command: same settings loading (defaults,
 * migration.properties, the config file, environment secrets, the request's set. lines as --set), same pipeline.
 */
public final class RequestDispatch implements RequestRunner {
    private final PrintStream out;
    private final ActiveRuns runs;

    public RequestDispatch(PrintStream out) {
        this(out, new ActiveRuns());
    }

    /** Runs requests whose runs register in {@code runs}: stopping the service interrupts the run in progress. */
    public RequestDispatch(PrintStream out, ActiveRuns runs) {
        this.out = out;
        this.runs = runs;
    }

    @Override
    public RequestOutcome run(Request request) throws Exception {
        Settings s = Settings.load(request.config(), Home.resolve("conf/migration.properties"), request.sets(),
                System.getenv(), Settings.Overrides.REQUEST_FILE);
        return switch (request.command()) {
            case "migrate" -> outcome(s, RunSupport.execute(runs, Command.MIGRATE, s, null, false, false, out));
            case "resume" -> outcome(s, RunSupport.execute(runs, Command.RESUME, s, null, false, false, out));
            case "verify" -> {
                VerifyCommand.requireRunId(request.runId());
                yield outcome(s, RunSupport.execute(runs, Command.VERIFY, s, request.runId(), false, false, out));
            }
            case "assess" -> assess(s);
            default -> throw new MigrationException(OpsTrouble.COMMAND_NOT_AVAILABLE,
                    Map.of("command", request.command()));
        };
    }

    /** An assessment request: "completed" when nothing blocks the migration, "blocked" otherwise. */
    private RequestOutcome assess(Settings s) {
        AssessCommand.Result r = AssessCommand.assess(s, out);
        return new RequestOutcome(r.passed() ? "completed" : "blocked", r.runId(), r.reportDir(),
                r.passed() ? null : Map.of("error", "the assessment found blocking findings",
                        "solution", "read " + r.reportDir().resolve("assessment.md")));
    }

    /** The run's report folder where the run wrote it (paths.reports). */
    private static RequestOutcome outcome(Settings s, MigrationReport r) {
        return new RequestOutcome(r.status(), r.runId(), s.path(SettingKeys.REPORTS_DIR).resolve(r.runId()),
                r.failure());
    }
}
