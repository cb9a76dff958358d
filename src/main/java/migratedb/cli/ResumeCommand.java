package migratedb.cli;

import migratedb.pipeline.Command;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@CommandLine.Command(name = "resume", description = "Continue the last interrupted migration from its checkpoints.")
final class ResumeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        return Console.summary(System.out, RunSupport.execute(Command.RESUME, common.load(), null, false, false, System.out));
    }
}
