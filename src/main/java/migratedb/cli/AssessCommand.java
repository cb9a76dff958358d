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

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Before a single row moves: what converts, what does not, and which of the source's values SQL Server will refuse
 * or treat differently. Writes reports/<run-id>/assessment.md and assessment.json; exits 1 on a blocking finding
 * that assess.allow does not allow.
 */
@CommandLine.Command(name = "assess", description = "Assess schema and data against SQL Server's rules; writes reports/<run-id>/assessment.md and .json.")
final class AssessCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return assess(common.load());
    }

    static int assess(Settings s) {
        return assess(s, System.out).passed() ? Console.OK : Console.FAILED;
    }

    /** What an assessment run left: whether nothing blocks the migration, and where its files are. */
    record Result(boolean passed, String runId, Path reportDir) {
    }

    static Result assess(Settings s, PrintStream out) {
        try (SourceSession session = SourceSession.open(s)) {
            MigrationRun run = new MigrationRun(Command.MIGRATE, s, session.source(), TargetConnector.from(s), null,
                    true);
            out.printf("MigrateDB assess: %s -> %s%n", run.source().url(), run.target().displayUrl());
            Assessing.Outcome outcome = Assessing.standalone(run, true);
            Assessing.writeScript(run, outcome.plan());
            AssessmentWriter.printSummary(out, outcome.assessment(), run.reportDir());
            return new Result(outcome.assessment().stopping().isEmpty(), run.runId(), run.reportDir());
        }
    }
}
