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

    @Option(names = "--rounds", description = "Interleaved rounds of the read phases (1, 2, 1a, 2a); their medians are reported (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a tunable, for example%n  --set copy.parallelTables=2")
    List<String> sets = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || rows < 1_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), rounds < 1
                    ? "--rounds must be 1 or more (got " + rounds + ")"
                    : "--rows must be 1000 or more (got " + rows + ")");
        }
        new CopyBenchmark(Home.resolve("work/bench"), rows, rounds, sets, System.out)
                .run(Home.resolve("conf/migration.properties"));
        return Console.OK;
    }
}
