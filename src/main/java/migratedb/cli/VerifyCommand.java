package migratedb.cli;

import migratedb.pipeline.Command;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@CommandLine.Command(name = "verify", description = "Re-verify a run's tables: target checksums against the copy's.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--run", paramLabel = "ID", description = "Run to verify (default: the latest)")
    String runId;

    @Override
    public Integer call() throws Exception {
        return Console.summary(System.out, RunSupport.execute(Command.VERIFY, common.load(), runId, false, false,
                System.out));
    }
}
