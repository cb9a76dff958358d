package migratedb.cli;

import migratedb.assess.AssessmentWriter;
import migratedb.config.Settings;
import migratedb.pipeline.Assessing;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.target.TargetConnector;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

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
        MigrationRun run = new MigrationRun(Command.MIGRATE, s, RunSupport.source(s), TargetConnector.from(s), null,
                true);
        System.out.printf("MigrateDB assess: %s -> %s%n", run.source().url(), run.target().displayUrl());
        Assessing.Outcome outcome = Assessing.standalone(run, true);
        Assessing.writeScript(run, outcome.plan());
        AssessmentWriter.printSummary(System.out, outcome.assessment(), run.reportDir());
        return outcome.assessment().stopping().isEmpty() ? Console.OK : Console.FAILED;
    }
}
