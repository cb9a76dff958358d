package migratedb.cli;

import migratedb.config.Home;
import migratedb.ops.ExcludedTables;
import migratedb.ops.tablefile.TableFileFormat;
import migratedb.source.postgres.SourceSession;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@CommandLine.Command(name = "export-excluded", description = "Before the migration: write the excluded tables (e.g. personal passwords) to CSV, TXT or XLSX files.")
final class ExportExcludedCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder of the files (default: ${DEFAULT-VALUE})")
    String dir = "exports";

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE", description = "Only this excluded table")
    String table;

    @Option(names = "--format", paramLabel = "csv|txt|xlsx", description = "csv (default), txt (tab-separated) or xlsx (an Excel workbook: the one to open in Excel)")
    String format;

    @Option(names = "--txt", description = "Same as --format txt")
    boolean txt;

    @Override
    public Integer call() {
        TableFileFormat f;
        try {
            f = format != null ? TableFileFormat.of(format) : txt ? TableFileFormat.TXT : TableFileFormat.CSV;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--format: " + e.getMessage());
        }
        var s = common.load();
        List<ExcludedTables.Exported> files;
        try (SourceSession session = SourceSession.open(s)) {
            files = new ExcludedTables(s, session.source()).export(Home.resolve(dir), table, f);
        }
        if (files.isEmpty()) {
            System.out.println("No table is excluded (migration.excludedTables is empty): nothing to export.");
            return Console.OK;
        }
        for (ExcludedTables.Exported e : files) {
            System.out.printf("%-36s %,10d rows -> %s%n", e.table(), e.rows(), e.file());
        }
        System.out.println("These files hold data that is never migrated (personal passwords): they are readable by "
                + "you only. After the migration, load them with './run.sh import-excluded --file FILE' (as they "
                + "are, or as Excel saved them), then delete them.");
        return Console.OK;
    }
}
