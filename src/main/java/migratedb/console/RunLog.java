package migratedb.console;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import migratedb.config.SecretRedactor;
import migratedb.route.LogContext;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The status textbox of the product document: the route log's lines of the console's current job (a migration, a
 * resume, an import) as they are written, and the lines the command line would print. Kept in memory (the last
 * {@link #CAPACITY}), each with a sequence number so the page asks only for what it has not seen; every line passes
 * the secret redactor.
 */
final class RunLog extends AppenderBase<ILoggingEvent> {
    static final int CAPACITY = 5_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** One line of the textbox; {@code level} is the log level, or OUT for a line the command line prints. */
    record Line(long seq, String time, String level, String stage, String table, String text) {
    }

    private final Deque<Line> lines = new ArrayDeque<>();
    private volatile SecretRedactor redactor = SecretRedactor.standard();
    private long next = 1;
    private volatile boolean capturing;
    private volatile String runId;

    /** Listens to the root logger, where the route log's appender is, from now on. */
    static RunLog attach() {
        RunLog log = new RunLog();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            log.setContext(context);
            log.setName("migratedb-console-status");
            log.start();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(log);
        }
        return log;
    }

    void detach() {
        if (getContext() instanceof LoggerContext context) {
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.detachAppender(this);
        }
        stop();
    }

    /**
     * A new job: the textbox starts empty and takes the lines written from now on, masking the job's own secrets
     * wherever they would appear.
     */
    synchronized void begin(java.util.Collection<migratedb.config.Secret> secrets) {
        lines.clear();
        redactor = SecretRedactor.standard().withKnownSecrets(secrets);
        runId = null;
        capturing = true;
    }

    /** The job's run id, once known: lines another run logs (a run of the inbox in this process) stay out. */
    void run(String id) {
        runId = id;
    }

    /** The job ended: its lines stay to be read, no new ones are taken. */
    void end() {
        capturing = false;
    }

    @Override
    protected void append(ILoggingEvent e) {
        if (!capturing || e.getLoggerName().startsWith("io.vertx")
                || e.getLoggerName().startsWith("org.apache.camel.component.platform.http")) {
            return; // the console's own web server is not the job's story
        }
        String lineRun = e.getMDCPropertyMap().get(LogContext.RUN);
        String current = runId;
        if (lineRun != null && current != null && !lineRun.equals(current)) {
            return;
        }
        add(e.getLevel().toString(), e.getMDCPropertyMap().get(LogContext.STAGE), e.getMDCPropertyMap().get("table"),
                e.getFormattedMessage(), Instant.ofEpochMilli(e.getTimeStamp()));
    }

    /** A line the command line would print on its console. */
    void console(String text) {
        add("OUT", null, null, text, Instant.now());
    }

    private synchronized void add(String level, String stage, String table, String text, Instant at) {
        String clean = text == null ? "" : redactor.redact(text);
        lines.addLast(new Line(next++, TIME.format(at), level, stage, table, clean));
        while (lines.size() > CAPACITY) {
            lines.removeFirst();
        }
    }

    /** The lines after sequence number {@code seq} (0: all that are kept). */
    synchronized List<Line> after(long seq) {
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
            if (l.seq() > seq) {
                out.add(l);
            }
        }
        return out;
    }
}
