package migratedb.cli;

import migratedb.config.Home;
import migratedb.ops.ExcludedTables;
import migratedb.source.postgres.SourceSession;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@CommandLine.Command(name = "import-excluded", description = "After the migration: load an excluded table from a CSV or TXT (tab-separated) file into the target, verified.")
final class ImportExcludedCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--file", paramLabel = "FILE", required = true, description = "The CSV or TXT file (first line: the column names)")
    String file;

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE", description = "The excluded table (default: the file name without extension)")
    String table;

    @Override
    public Integer call() {
        var s = common.load();
        try (SourceSession session = SourceSession.open(s)) {
            var report = new ExcludedTables(s, session.source())
                    .importFile(Home.resolve(file), table, new ConsoleProgress(System.out));
            return Console.summary(System.out, report);
        }
    }
}
