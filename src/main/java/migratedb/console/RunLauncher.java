package migratedb.console;

import migratedb.config.Settings;
import migratedb.copy.ProgressListener;
import migratedb.lifecycle.ActiveRuns;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.report.MigrationReport;

/**
 * Runs a migrate or resume exactly as the command line runs it (the command line supplies it, see
 * {@code migratedb.cli.ConsoleCommand}): the same settings checks, source session, run lock and pipeline. The
 * console follows the run through the hooks.
 */
@FunctionalInterface
public interface RunLauncher {
    /** Runs to the end and returns the run's report; a refusal before the run starts is thrown. */
    MigrationReport run(Command command, Settings settings, Hooks hooks) throws Exception;

    /** What the console learns while the run works. */
    interface Hooks {
        /** The copy's progress, per table. */
        ProgressListener progress();

        /** Where the run registers while it works: the console's Cancel stops what is registered there. */
        ActiveRuns activeRuns();

        /** The run exists (its id, its stop request): called once, before the pipeline starts. */
        void started(MigrationRun run);

        /** A line the command line would print on its console. */
        void line(String text);

        /** A text shown once and nowhere else (a generated master key password). */
        void shownOnce(String text);
    }
}
