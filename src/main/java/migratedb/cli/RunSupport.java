package migratedb.cli;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.report.MigrationReport;
import migratedb.route.PipelineRuntime;
import migratedb.source.postgres.PostgresSource;
import migratedb.target.TargetConnector;

import java.io.PrintStream;

/** Builds a run from settings and executes it through the Camel pipeline. */
final class RunSupport {
    private RunSupport() {
    }

    static PostgresSource source(Settings s) {
        return new PostgresSource(s.require(SettingKeys.SOURCE_URL, "to read the source",
                "The PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/passtrix."),
                s.get(SettingKeys.SOURCE_USER), s.get(SettingKeys.SOURCE_PASSWORD));
    }

    static MigrationReport execute(Command command, Settings s, String runId, boolean dryRun, PrintStream out)
            throws Exception {
        MigrationRun run = new MigrationRun(command, s, source(s), TargetConnector.from(s), runId, dryRun);
        out.printf("MigrateDB %s: %s -> %s%n", command.label(), run.source().url(), run.target().displayUrl());
        run.target().warnings().forEach(w -> out.println("WARNING: " + w));
        try {
            return new PipelineRuntime().execute(run, new ConsoleProgress(out));
        } finally {
            run.takeShownOnce().forEach(text -> out.println("IMPORTANT: " + text));
        }
    }
}
