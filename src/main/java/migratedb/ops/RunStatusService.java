package migratedb.ops;

import migratedb.config.Home;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.report.MigrationReport;
import migratedb.report.ReportWriter;
import migratedb.report.TableProgress;
import migratedb.report.Verification;
import org.apache.camel.ProducerTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The status of a target's runs, as {@code ./run.sh status} prints it and the console's status endpoint returns
 * it: the run in progress (the holder of the target's run lock), or else the last run the target records, with its
 * state, what it has committed per table, and the command that continues it. The target's run state is read
 * through the run-state routes ({@code direct:run-state-runs}, {@code direct:run-state-progress}), so any Camel
 * context that holds them can ask: the status command's own, the console's.
 */
public final class RunStatusService {
    private final ProducerTemplate template;
    private final String target;
    private final Path locksDir;
    private final Path reportsDir;
    private final Path configFile;
    private final ReportWriter reports = new ReportWriter();

    public RunStatusService(ProducerTemplate template, String target, Path locksDir, Path reportsDir,
                            Path configFile) {
        this.template = template;
        this.target = target;
        this.locksDir = locksDir;
        this.reportsDir = reportsDir;
        this.configFile = configFile;
    }

    /** For the target of these settings ({@code targetDisplay}: the target as shown, the run lock's identity). */
    public static RunStatusService of(Settings s, String targetDisplay, ProducerTemplate template) {
        return new RunStatusService(template, targetDisplay, s.path(SettingKeys.WORK_DIR).resolve("locks"),
                s.path(SettingKeys.REPORTS_DIR), s.configFile());
    }

    public RunStatus status() {
        List<String> notes = new ArrayList<>();
        Optional<RunLock.Holder> holder = RunLock.holder(locksDir, target);
        List<RunStateQueries.RunRow> read = null;
        try {
            read = runs();
        } catch (RuntimeException unreadable) {
            notes.add("The target's run state could not be read: " + rootMessage(unreadable)
                    + (holder.isPresent() ? " (a target in an embedded H2 file can be opened by the running "
                    + "process only)" : ""));
        }
        List<RunStateQueries.RunRow> runs = read;
        Optional<MigrationReport> lastHere = lastReportHere();
        if (holder.isPresent()) {
            return running(holder.get(), runs, notes);
        }
        if (runs != null && !runs.isEmpty()) {
            RunStateQueries.RunRow row = runs.get(0);
            lastHere.filter(r -> r.startedAt().isAfter(row.startedAt()) && !"verify".equals(r.command())
                            && runs.stream().noneMatch(x -> x.runId().equals(r.runId())))
                    .ifPresent(r -> notes.add("A later " + r.command() + " (run " + r.runId() + ") " + r.status()
                            + " before it started: " + error(r)));
            String state = row.status();
            if ("running".equals(state)) {
                state = "interrupted";
                notes.add("The run's process ended without recording an outcome (killed, or the machine stopped), "
                        + "or it runs on another machine. Its committed chunks are kept.");
            }
            return recorded(state, row.runId(), row, notes);
        }
        if (lastHere.isPresent()) {
            MigrationReport r = lastHere.get();
            if (runs != null) {
                notes.add("The target records no run: run " + r.runId() + " " + r.status() + " before it started.");
            } else {
                notes.add("This is the last report written here for this target.");
            }
            return new RunStatus(r.status(), r.runId(), r.command(), target, r.startedAt(), r.finishedAt(), null,
                    r.committed(), runs == null ? null : commandLine("migrate"), notes, reportPath(r.runId()),
                    r.failure(), last(r.verifications()));
        }
        if (runs == null) {
            return new RunStatus("unknown", null, null, target, null, null, null, List.of(), null, notes, null,
                    null, null);
        }
        return new RunStatus("none", null, null, target, null, null, null, List.of(), commandLine("migrate"),
                List.of("No run against this target yet."), null, null, null);
    }

    /** The run holding the lock; a resume or verify works on the target's last run (it takes its id). */
    private RunStatus running(RunLock.Holder h, List<RunStateQueries.RunRow> runs, List<String> notes) {
        RunStateQueries.RunRow row = find(runs, h.runId());
        if (row == null && runs != null && !runs.isEmpty()
                && ("resume".equals(h.command()) || "verify".equals(h.command()))) {
            row = runs.get(0);
        }
        String runId = row != null ? row.runId() : h.runId();
        List<TableProgress> tables = row == null ? List.of() : progress(runId, notes);
        if (row == null && runs != null) {
            notes.add("No chunk recorded yet: the run is in its preflight (assessment), key setup or schema stage.");
        }
        notes.add("To stop it: Ctrl-C in its terminal, or 'kill -INT " + h.pid() + "'; './run.sh resume' continues "
                + "it later from its last committed chunk.");
        Optional<MigrationReport> report = reports.find(reportsDir, runId);
        return new RunStatus("running", runId, h.command(), target, row != null ? row.startedAt() : h.since(),
                null, h, tables, null, notes, reportPath(runId), null,
                report.map(r -> last(r.verifications())).orElse(null));
    }

    private RunStatus recorded(String state, String runId, RunStateQueries.RunRow row, List<String> notes) {
        Optional<MigrationReport> report = reports.find(reportsDir, runId);
        String next = switch (state) {
            case "interrupted", "failed" -> commandLine("resume");
            case "not-verified" -> commandLine("verify --run " + runId);
            default -> null;
        };
        if ("failed".equals(state)) {
            notes.add("Fix the cause first (the failure below, logs/troubleshooting.log); resume then continues "
                    + "from the last committed chunk.");
        } else if ("not-verified".equals(state)) {
            notes.add("Some tables did not verify: see the report's mismatches; verify again after correcting the "
                    + "target, or migrate again into an empty database.");
        } else if ("completed".equals(state)) {
            notes.add("Every table verified. '" + commandLine("verify --run " + runId) + "' verifies it again.");
        }
        return new RunStatus(state, runId, report.map(MigrationReport::command).orElse(null), target,
                row.startedAt(), row.finishedAt(), null, progress(runId, notes), next, notes, reportPath(runId),
                report.map(MigrationReport::failure).orElse(null),
                report.map(r -> last(r.verifications())).orElse(null));
    }

    @SuppressWarnings("unchecked")
    private List<RunStateQueries.RunRow> runs() {
        return template.requestBody("direct:run-state-runs", null, List.class);
    }

    @SuppressWarnings("unchecked")
    private List<TableProgress> progress(String runId, List<String> notes) {
        try {
            return template.requestBodyAndHeader("direct:run-state-progress", null, RunStateQueries.RUN_ID, runId,
                    List.class);
        } catch (RuntimeException unreadable) {
            notes.add("The run's chunks could not be read from the target: " + rootMessage(unreadable));
            return List.of();
        }
    }

    private static RunStateQueries.RunRow find(List<RunStateQueries.RunRow> runs, String runId) {
        return runs == null ? null : runs.stream().filter(r -> r.runId().equals(runId)).findFirst().orElse(null);
    }

    /** The newest report written on this machine for this target (runs refused before they started included). */
    private Optional<MigrationReport> lastReportHere() {
        if (!Files.isDirectory(reportsDir)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(reportsDir)) {
            return dirs.map(d -> d.resolve(ReportWriter.REPORT)).filter(Files::isRegularFile).map(f -> {
                try {
                    return reports.read(f);
                } catch (UncheckedIOException unreadable) {
                    return null;
                }
            }).filter(Objects::nonNull).filter(r -> target.equals(r.target()) && r.startedAt() != null)
                    .max(Comparator.comparing(MigrationReport::startedAt));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private String reportPath(String runId) {
        Path file = reportsDir.resolve(runId).resolve(ReportWriter.REPORT);
        return Files.exists(file) ? file.toString() : null;
    }

    private static Verification last(List<Verification> verifications) {
        return verifications.isEmpty() ? null : verifications.get(verifications.size() - 1);
    }

    private static String error(MigrationReport r) {
        return r.failure() == null ? r.status() : r.failure().getOrDefault("error", r.status());
    }

    /** "./run.sh resume", with the --config the status was asked with when it is not the default file. */
    public String commandLine(String command) {
        return commandLine(configFile, command);
    }

    /** The command line of {@code command} for the configuration file {@code configFile}. */
    public static String commandLine(Path configFile, String command) {
        String line = "./run.sh " + command;
        if (configFile == null || configFile.equals(Home.resolve("conf/database_params.conf"))) {
            return line;
        }
        Path shown = configFile.startsWith(Home.dir()) ? Home.dir().relativize(configFile) : configFile;
        return line + " --config " + shown;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
