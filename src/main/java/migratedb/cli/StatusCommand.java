package migratedb.cli;

import migratedb.config.Home;
import migratedb.report.MigrationReport;
import migratedb.report.ReportWriter;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@CommandLine.Command(name = "status", description = "Print the last run's summary from its report.")
final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
        Path reports = Home.resolve("reports");
        Optional<Path> last = Optional.empty();
        if (Files.isDirectory(reports)) {
            try (Stream<Path> runs = Files.list(reports)) {
                last = runs.filter(p -> Files.exists(p.resolve("report.json")))
                        .max(Comparator.comparing(p -> p.resolve("report.json").toFile().lastModified()));
            }
        }
        if (last.isEmpty()) {
            System.out.println("No run yet: " + reports + " holds no report. Run './run.sh migrate' or './run.sh demo'.");
            return Console.OK;
        }
        MigrationReport r = new ReportWriter().read(last.get().resolve("report.json"));
        System.out.printf("Last run %s (%s): %s, started %s%n", r.runId(), r.command(), r.status(), r.startedAt());
        Console.summary(System.out, r);
        if (Files.exists(last.get().resolve("report.html"))) {
            System.out.println("Readable report: " + last.get().resolve("report.html"));
        }
        return Console.OK;
    }
}
