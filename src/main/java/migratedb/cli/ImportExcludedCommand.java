package migratedb.cli;

import migratedb.config.Home;
import migratedb.ops.ExcludedTables;
import migratedb.ops.ImportResult;
import migratedb.source.postgres.SourceSession;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@CommandLine.Command(name = "import-excluded", description = "After the migration: load an excluded table from a CSV, TXT or XLSX file (as exported, or as Excel saved it) into the target, verified.")
final class ImportExcludedCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--file", paramLabel = "FILE", required = true, description = "The CSV, TXT or XLSX file (first line or row: the column names); its encoding and separator are detected")
    String file;

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE", description = "The excluded table (default: the file name without extension)")
    String table;

    @Override
    public Integer call() {
        var s = common.load();
        try (SourceSession session = SourceSession.open(s)) {
            ImportResult r = new ExcludedTables(s, session.source())
                    .importFile(Home.resolve(file), table, new ConsoleProgress(System.out));
            if (r.layout() != null) {
                System.out.printf("Read %s as %s: %,d row(s).%n", r.file(), r.layout().describe(), r.fileRows());
            }
            return Console.summary(System.out, r.report());
        }
    }
}
