package migratedb.cli;

import migratedb.lifecycle.ActiveRuns;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point of run.sh / run.bat: {@code migratedb <command> [--config FILE] [--set key=value ...]}. */
@Command(name = "run.sh", mixinStandardHelpOptions = true, version = "MigrateDB 0.1.0",
        scope = CommandLine.ScopeType.INHERIT, // --help and --version on every command, as the README says
        description = "Moves a PostgreSQL database to Microsoft SQL Server: schema, data and keys, verified.",
        subcommands = {DemoCommand.class, SetupCommand.class, TestCommand.class, AssessCommand.class,
                BackupCommand.class, MigrateCommand.class, ResumeCommand.class, VerifyCommand.class,
                StatusCommand.class, WatchCommand.class, ExportExcludedCommand.class, ImportExcludedCommand.class,
                DiagnoseCommand.class, BenchCommand.class, ShowKeyRecreateCommand.class, ConsoleCommand.class})
public final class MigrateDbCli implements java.util.concurrent.Callable<Integer> {
    private final ActiveRuns activeRuns;

    MigrateDbCli(ActiveRuns activeRuns) {
        this.activeRuns = activeRuns;
    }

    public static void main(String[] args) {
        ActiveRuns runs = new ActiveRuns();
        // Ctrl-C and SIGTERM stop the run and let it write its report before the process ends
        StopSignals signals = StopSignals.install(runs, System.err);
        System.exit(signals.exitCode(run(runs, args)));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return run(new ActiveRuns(), args);
    }

    /** Runs a command line whose runs register in {@code runs}, so that a stop reaches them. */
    public static int run(ActiveRuns runs, String... args) {
        DriverLogging.toRouteLog();
        CommandLine cl = new CommandLine(new MigrateDbCli(runs));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) ->
                Console.refused(commandLine.getErr() == null ? System.err : System.err, e));
        cl.setParameterExceptionHandler((e, a) -> {
            System.err.println(e.getMessage() + ". Run './run.sh --help' for the commands and their options.");
            return Console.REFUSED;
        });
        return cl.execute(args);
    }

    /** The runs of this process: a command's run registers here while it works. */
    ActiveRuns activeRuns() {
        return activeRuns;
    }

    /** No command: the usage on the error stream and a refusal's exit code, so a script notices the mistake. */
    @Override
    public Integer call() {
        System.err.println("No command given.");
        new CommandLine(this).usage(System.err);
        return Console.REFUSED;
    }
}
