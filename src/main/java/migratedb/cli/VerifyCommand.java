package migratedb.cli;

import migratedb.config.Settings;
import migratedb.pipeline.Command;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@CommandLine.Command(name = "verify", description = "Re-verify a run's tables: target checksums against the copy's.")
final class VerifyCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    MigrateDbCli cli;

    @Mixin
    CommonOptions common;

    @Option(names = "--run", paramLabel = "ID", description = "Run to verify (default: the latest)")
    String runId;

    @Override
    public Integer call() throws Exception {
        Settings s = common.load();
        return Console.summary(System.out, RunSupport.execute(cli.activeRuns(), Command.VERIFY, s, runId, false,
                false, System.out), s.configFile());
    }
}
