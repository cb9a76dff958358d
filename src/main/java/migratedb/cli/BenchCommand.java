package migratedb.cli;

import migratedb.bench.CopyBenchmark;
import migratedb.config.Home;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./run.sh bench}: the copy benchmark of BENCHMARKS.md on generated data in an embedded PostgreSQL, into the
 * H2 stand-in under work/bench. run.sh gives it -Xmx256m, the heap the whole run must fit in.
 */
@CommandLine.Command(name = "bench", description = "Measure the copy: raw COPY, read pipeline, target-only write, end to end, peak heap, many tables (see BENCHMARKS.md).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--rows", description = "Rows to generate over the benchmark's tables (default: ${DEFAULT-VALUE})")
    long rows = 5_000_000;

    @Option(names = "--rounds", description = "Interleaved rounds of the read phases (1, 2, 1a, 2a); their medians are reported (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a tunable, for example%n  --set copy.parallelTables=2")
    List<String> sets = new ArrayList<>();

    @Option(names = "--one-table", description = "Phases 1 to 5 on one table of 9 mixed columns (e.g. --rows 2000000) instead of a narrow, a wide and a keyless table")
    boolean oneTable;

    @Option(names = "--tables", description = "Phase 6: this many tables of an application's shape against the same rows in one table; 0 leaves it out (default: ${DEFAULT-VALUE})")
    int tables = 1_000;

    @Option(names = "--table-rows", description = "Phase 6: rows per table, on average (default: ${DEFAULT-VALUE})")
    int tableRows = 200;

    @Option(names = "--many-tables-only", description = "Run phase 6 only")
    boolean manyOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || rows < 1_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), rounds < 1
                    ? "--rounds must be 1 or more (got " + rounds + ")"
                    : "--rows must be 1000 or more (got " + rows + ")");
        }
        if (tables < 0 || tables > 20_000 || tableRows < 4) {
            throw new CommandLine.ParameterException(spec.commandLine(), tableRows < 4
                    ? "--table-rows must be 4 or more (got " + tableRows + ")"
                    : "--tables must be between 0 and 20000 (got " + tables + ")");
        }
        if (manyOnly && tables == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--many-tables-only needs --tables above 0");
        }
        new CopyBenchmark(Home.resolve("work/bench"), rows, rounds, sets, System.out).oneTable(oneTable)
                .manyTables(tables, tableRows, manyOnly)
                .run(Home.resolve("conf/migration.properties"));
        return Console.OK;
    }
}
