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
@CommandLine.Command(name = "bench", description = "Measure the copy: raw COPY, read pipeline, target-only write, end to end, peak heap (see BENCHMARKS.md).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--rows", description = "Rows to generate over the benchmark's tables (default: ${DEFAULT-VALUE})")
    long rows = 5_000_000;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a tunable, e.g. --set copy.parallelTables=2")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        new CopyBenchmark(Home.resolve("work/bench"), rows, sets, System.out)
                .run(Home.resolve("conf/migration.properties"));
        return Console.OK;
    }
}
