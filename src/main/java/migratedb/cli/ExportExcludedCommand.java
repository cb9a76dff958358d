package migratedb.cli;

import migratedb.config.Home;
import migratedb.ops.ExcludedTables;
import migratedb.source.postgres.SourceSession;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@CommandLine.Command(name = "export-excluded", description = "Before the migration: write the excluded tables (e.g. personal passwords) to CSV or TXT files.")
final class ExportExcludedCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--dir", paramLabel = "DIR", description = "Folder of the files (default: ${DEFAULT-VALUE})")
    String dir = "exports";

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE", description = "Only this excluded table")
    String table;

    @Option(names = "--txt", description = "Tab-separated TXT instead of CSV")
    boolean txt;

    @Override
    public Integer call() {
        var s = common.load();
        List<ExcludedTables.Exported> files;
        try (SourceSession session = SourceSession.open(s)) {
            files = new ExcludedTables(s, session.source()).export(Home.resolve(dir), table, txt);
        }
        if (files.isEmpty()) {
            System.out.println("No table is excluded (migration.excludedTables is empty): nothing to export.");
            return Console.OK;
        }
        for (ExcludedTables.Exported e : files) {
            System.out.printf("%-36s %,10d rows -> %s%n", e.table(), e.rows(), e.file());
        }
        System.out.println("These files hold data that is never migrated (personal passwords): they are readable by "
                + "you only. After the migration, load them with './run.sh import-excluded --file FILE', then "
                + "delete them.");
        return Console.OK;
    }
}
