package migratedb.cli;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.copy.ProgressListener;
import migratedb.lifecycle.ActiveRuns;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.pipeline.OutputFolders;
import migratedb.report.MigrationReport;
import migratedb.route.LogContext;
import migratedb.route.PipelineRuntime;
import migratedb.source.postgres.SourceSession;
import migratedb.source.postgres.bundled.BackupResult;
import migratedb.source.postgres.bundled.SourceBackup;
import migratedb.sink.TargetConnector;
import org.slf4j.MDC;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** Builds a run from settings and executes it through the Camel pipeline. */
final class RunSupport {
    /** Starts a line shown once and nowhere else (a generated master key password): the console shows it apart. */
    static final String SHOWN_ONCE = "IMPORTANT: ";

    private RunSupport() {
    }

    /**
     * Runs a command's pipeline. The run registers in {@code runs} while it works, so Ctrl-C (or the console's
     * Cancel) stops it cleanly: its report says interrupted, and a bundled PostgreSQL is stopped when the session
     * closes here.
     */
    static MigrationReport execute(ActiveRuns runs, Command command, Settings s, String runId, boolean dryRun,
                                   boolean backup, PrintStream out) throws Exception {
        return execute(runs, command, s, runId, dryRun, backup, out, null, run -> {
        });
    }

    /**
     * The same run with another progress display (the web console's; null: the command line's, made only after the
     * checks, as it starts the logging), told the run once it exists so that its caller can follow it.
     */
    static MigrationReport execute(ActiveRuns runs, Command command, Settings s, String runId, boolean dryRun,
                                   boolean backup, PrintStream out, ProgressListener progress,
                                   Consumer<MigrationRun> started) throws Exception {
        PipelineRuntime.options(s); // every tunable is checked before anything connects
        OutputFolders.check(s); // a run whose logs and reports cannot be written does not start
        SourceSession.requireSettings(s); // the source is named first: it is the first thing an administrator sets
        TargetConnector target = TargetConnector.from(s);
        // the route log names the run from its first line, the bundled PostgreSQL's start included
        String newRunId = runId == null ? MigrationRun.newRunId(Instant.now()) : null;
        MDC.put(LogContext.RUN, runId != null ? runId : newRunId);
        MDC.put(LogContext.STAGE, "start");
        try (SourceSession session = SourceSession.open(s)) {
            session.warnings().forEach(w -> out.println("WARNING: " + w));
            MigrationRun run = new MigrationRun(command, s, session.source(), target, runId, newRunId, dryRun);
            started.accept(run);
            out.printf("MigrateDB %s: %s%s -> %s%n", command.label(), run.source().url(),
                    session.bundled() ? " (bundled PostgreSQL, started by MigrateDB)" : "", target.displayUrl());
            target.warnings().forEach(w -> out.println("WARNING: " + w));
            if (backup) {
                BackupResult b = backup(s, session, run.runId(), out);
                run.backup(b.file().toString(), b.sizeBytes(), b.sha256());
            }
            try {
                return new PipelineRuntime().execute(run, progress != null ? progress : new ConsoleProgress(out),
                        runs);
            } finally {
                run.takeShownOnce().forEach(text -> out.println(SHOWN_ONCE + text));
                MDC.put(LogContext.RUN, run.runId());
                MDC.put(LogContext.STAGE, "end"); // the bundled PostgreSQL's stop
            }
        } finally {
            MDC.remove(LogContext.RUN);
            MDC.remove(LogContext.STAGE);
        }
    }

    /** A complete pg_dump of the source; a failed backup throws, so a migration never starts without it. */
    static BackupResult backup(Settings s, SourceSession session, String runId, PrintStream out) {
        out.println("Backing up the source with pg_dump...");
        SourceBackup backup = new SourceBackup(s.has(SettingKeys.SOURCE_PG_HOME) ? s.path(SettingKeys.SOURCE_PG_HOME)
                : null, Duration.ofHours(6));
        BackupResult b = backup.backup(session.login(), s.path(SettingKeys.BACKUPS_DIR), runId);
        out.printf("Backup written: %s (%,d bytes, SHA-256 %s)%n", b.file(), b.sizeBytes(), b.sha256());
        return b;
    }
}
