package migratedb.cli;

import migratedb.config.Settings;
import migratedb.pipeline.Command;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@CommandLine.Command(name = "resume", description = "Continue the last interrupted migration from its checkpoints.")
final class ResumeCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    MigrateDbCli cli;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Settings s = common.load();
        return Console.summary(System.out, RunSupport.execute(cli.activeRuns(), Command.RESUME, s, null, false, false,
                System.out), s.configFile());
    }
}
