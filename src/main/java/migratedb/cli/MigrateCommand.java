package migratedb.cli;

import migratedb.assess.AssessmentWriter;
import migratedb.config.Settings;
import migratedb.pipeline.Assessing;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.sink.TargetConnector;
import migratedb.source.postgres.SourceSession;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@CommandLine.Command(name = "migrate", description = "Migrate the source into an empty target, then verify every table.")
final class MigrateCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    MigrateDbCli cli;

    @Mixin
    CommonOptions common;

    @Option(names = "--backup", description = "pg_dump the source into backups/<run-id>/ first; "
            + "the migration does not start if the backup fails")
    boolean backup;

    @Option(names = "--dry-run", description = "Write the T-SQL script (reports/<run-id>/schema.sql) and the "
            + "assessment without touching the target")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        if (dryRun) {
            return dryRun(common.load());
        }
        Settings s = common.load();
        return Console.summary(System.out, RunSupport.execute(cli.activeRuns(), Command.MIGRATE, s, null, false,
                backup, System.out), s.configFile());
    }

    /** The schema script and the assessment; the target is never connected to. */
    static int dryRun(Settings s) {
        try (SourceSession session = SourceSession.open(s)) {
            return withSource(s, session);
        }
    }

    private static int withSource(Settings s, SourceSession session) {
        MigrationRun run = new MigrationRun(Command.MIGRATE, s, session.source(), TargetConnector.from(s), null,
                true);
        System.out.printf("MigrateDB migrate --dry-run: %s -> %s (not connected)%n", run.source().url(),
                run.target().displayUrl());
        Assessing.Outcome outcome = Assessing.standalone(run, false);
        Path script = Assessing.writeScript(run, outcome.plan());
        AssessmentWriter.printSummary(System.out, outcome.assessment(), run.reportDir());
        System.out.printf("Run %s dry run: %d statements written to %s%n", run.runId(),
                outcome.plan().allStatements().size(), script);
        if (!outcome.assessment().stopping().isEmpty()) {
            System.out.println("'./run.sh migrate' would refuse to start: see the blocking findings above.");
            return Console.FAILED;
        }
        return Console.OK;
    }
}
