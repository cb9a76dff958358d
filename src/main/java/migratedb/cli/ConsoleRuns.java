package migratedb.cli;

import migratedb.config.Settings;
import migratedb.console.RunLauncher;
import migratedb.pipeline.Command;
import migratedb.report.MigrationReport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A console's migrate or resume is the command line's own run ({@link RunSupport}): the same checks, the same source
 * session (a bundled PostgreSQL started and stopped), the same run lock and pipeline. What it prints becomes the
 * console's status lines; a text shown once goes apart.
 */
public final class ConsoleRuns implements RunLauncher {
    @Override
    public MigrationReport run(Command command, Settings s, Hooks hooks) throws Exception {
        try (PrintStream out = new PrintStream(new LineSink(hooks), true, StandardCharsets.UTF_8)) {
            return RunSupport.execute(hooks.activeRuns(), command, s, null, false, false, out, hooks.progress(),
                    hooks::started);
        }
    }

    /** What the run prints, line by line, to the console's status textbox; a shown-once text apart. */
    private static final class LineSink extends OutputStream {
        private final Hooks hooks;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSink(Hooks hooks) {
            this.hooks = hooks;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else if (b != '\r') {
                line.write(b);
            }
        }

        private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.startsWith(RunSupport.SHOWN_ONCE)) {
                hooks.shownOnce(text.substring(RunSupport.SHOWN_ONCE.length()));
            } else if (!text.isBlank()) {
                hooks.line(text);
            }
        }

        @Override
        public synchronized void close() {
            if (line.size() > 0) {
                flushLine();
            }
        }
    }
}
