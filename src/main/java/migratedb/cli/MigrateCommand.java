package migratedb.cli;

import migratedb.pipeline.Command;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@CommandLine.Command(name = "migrate", description = "Migrate the source into an empty target, then verify every table.")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Option(names = "--backup", description = "pg_dump the source into backups/<run-id>/ first; "
            + "the migration does not start if the backup fails")
    boolean backup;

    @Override
    public Integer call() throws Exception {
        return Console.summary(System.out, RunSupport.execute(Command.MIGRATE, common.load(), null, false, backup,
                System.out));
    }
}
