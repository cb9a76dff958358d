package migratedb.cli;

import migratedb.config.Settings;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.pipeline.RunTrouble;
import migratedb.troubleshoot.MigrationException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

@CommandLine.Command(name = "verify", description = "Re-verify a run's tables: target checksums against the copy's. "
        + "Writes reports/<run-id>/verify-<time>.json; the run's own report stays as it is.")
final class VerifyCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    MigrateDbCli cli;

    @Mixin
    CommonOptions common;

    @Option(names = "--run", paramLabel = "ID", description = "Run to verify (default: the latest run of the target)")
    String runId;

    @Override
    public Integer call() throws Exception {
        requireRunId(runId);
        Settings s = common.load();
        return Console.summary(System.out, RunSupport.execute(cli.activeRuns(), Command.VERIFY, s, runId, false,
                false, System.out), s.configFile());
    }

    /** Refused before anything starts: a run id names a folder under reports/, so only a run id may pass. */
    static void requireRunId(String runId) {
        if (runId != null && !MigrationRun.isRunId(runId)) {
            throw new MigrationException(RunTrouble.RUN_ID_INVALID, Map.of("runId", runId));
        }
    }
}
