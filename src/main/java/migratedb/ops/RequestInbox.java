package migratedb.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import migratedb.report.ReportWriter;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.TroubleshootingLog;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The logic behind the file-drop route (routes/file-drop.yaml): {@link #inspect} reads and checks a request file,
 * {@link #execute} runs it. Each sets the header {@value #OUTCOME} to the folder the file consumer moves the file to
 * ({@code .done}, {@code .failed} or {@code .quarantine}) and writes {@code <name>.result.json} there first.
 * Neither method throws: every failure ends as a result file and a troubleshooting entry.
 */
public final class RequestInbox {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.watch");

    /** Header: the inbox subfolder the request file moves to. */
    public static final String OUTCOME = "MigrateDbOutcome";
    /** Header: true when the request is valid and may run. */
    public static final String ACCEPTED = "MigrateDbAccepted";
    /** Header: the request's identity for the idempotent repository (name and content hash). */
    public static final String KEY = "MigrateDbRequestKey";
    /** Header: one line saying what happened, for notifications added to the route. */
    public static final String SUMMARY = "MigrateDbSummary";

    public static final String DONE = ".done";
    public static final String FAILED = ".failed";
    public static final String QUARANTINE = ".quarantine";

    private static final String REQUEST = "migratedb.request";
    private static final String RECEIVED = "migratedb.receivedAt";

    private final Path inbox;
    private final RequestFile reader;
    private final RequestRunner runner;
    private final TroubleshootingLog troubleshooting;
    private final String repository;
    private final ObjectMapper json = ReportWriter.mapper();

    public RequestInbox(Path inbox, RequestFile reader, RequestRunner runner, TroubleshootingLog troubleshooting,
                        Path repository) {
        this.inbox = inbox;
        this.reader = reader;
        this.runner = runner;
        this.troubleshooting = troubleshooting;
        this.repository = repository.toString();
    }

    /** Reads and checks the request file; an invalid one is quarantined with the reason. */
    public void inspect(Exchange exchange) {
        Path file = file(exchange);
        exchange.setProperty(RECEIVED, Instant.now());
        exchange.getMessage().setHeader(ACCEPTED, false);
        try {
            Request r = reader.read(file);
            exchange.setProperty(REQUEST, r);
            exchange.getMessage().setHeader(KEY, r.key());
            exchange.getMessage().setHeader(ACCEPTED, true);
            LOG.info("Request {} accepted: command={} config={}{}", r.file(), r.command(), r.config(),
                    r.sets().isEmpty() ? "" : " set " + String.join(", ", r.sets()));
        } catch (MigrationException refused) {
            quarantine(exchange, file.getFileName().toString(), null, refused);
        } catch (RuntimeException unexpected) {
            quarantine(exchange, file.getFileName().toString(), null, TroubleshootingLog.catalogued(unexpected));
        }
    }

    /** Runs an accepted request, or quarantines it when the idempotent repository has seen it before. */
    public void execute(Exchange exchange) {
        Request r = exchange.getProperty(REQUEST, Request.class);
        if (Boolean.TRUE.equals(exchange.getProperty(Exchange.DUPLICATE_MESSAGE, Boolean.class))) {
            quarantine(exchange, r.file(), r, new MigrationException(OpsTrouble.REQUEST_DUPLICATE, Map.of(
                    "file", r.file(), "quarantine", inbox.resolve(QUARANTINE), "repository", repository)));
            return;
        }
        LOG.info("Request {}: running {}", r.file(), r.command());
        RequestOutcome outcome;
        try {
            outcome = runner.run(r);
        } catch (Exception | LinkageError e) {
            MigrationException m = troubleshooting.write("(request " + r.file() + ")", e);
            outcome = new RequestOutcome("failed", null, null, failureOf(m));
        }
        String folder = outcome.succeeded() ? DONE : FAILED;
        finish(exchange, r.file(), r, folder, outcome.status(), outcome.runId(), outcome.report(), outcome.failure());
    }

    /**
     * A request dropped again under the same name would replace the earlier one's file and result: the earlier pair
     * is kept under its name with the time it was archived.
     */
    private static void keepEarlier(Path dir, String name) throws IOException {
        Path request = dir.resolve(name);
        Path result = dir.resolve(name + ".result.json");
        if (!Files.exists(request) && !Files.exists(result)) {
            return;
        }
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
        if (Files.exists(request)) {
            Files.move(request, dir.resolve(name + "." + stamp));
        }
        if (Files.exists(result)) {
            Files.move(result, dir.resolve(name + "." + stamp + ".result.json"));
        }
    }

    private void quarantine(Exchange exchange, String name, Request r, MigrationException reason) {
        troubleshooting.write("(request " + name + ")", reason);
        LOG.warn("Request {} quarantined: {}", name, reason.getMessage());
        finish(exchange, name, r, QUARANTINE, "quarantined", null, null, failureOf(reason));
    }

    private void finish(Exchange exchange, String name, Request r, String folder, String status, String runId,
                        Path report, Map<String, String> failure) {
        RequestResult result = new RequestResult(name, outcomeOf(folder), status, r == null ? null : r.command(),
                r == null ? null : r.config().toString(), r == null ? List.of() : r.sets(), runId,
                report == null ? null : report.toString(), exchange.getProperty(RECEIVED, Instant.class),
                Instant.now(), failure);
        Path dir = inbox.resolve(folder);
        try {
            Files.createDirectories(dir);
            keepEarlier(dir, name);
            json.writeValue(dir.resolve(name + ".result.json").toFile(), result);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the result of " + name + " into " + dir, e);
        }
        String summary = "Request " + name + ": " + status + (runId == null ? "" : ", run " + runId)
                + (failure == null ? "" : " - " + failure.get("error"));
        exchange.getMessage().setHeader(OUTCOME, folder);
        exchange.getMessage().setHeader(SUMMARY, summary);
        LOG.info("{} (moved to {})", summary, dir);
    }

    /** The result's outcome, as docs/operations.md names it: done, failed or quarantined. */
    static String outcomeOf(String folder) {
        return switch (folder) {
            case DONE -> "done";
            case FAILED -> "failed";
            case QUARANTINE -> "quarantined";
            default -> throw new IllegalArgumentException("not an inbox folder: " + folder);
        };
    }

    static Map<String, String> failureOf(MigrationException m) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("code", m.trouble().code());
        f.put("error", m.error());
        f.put("cause", m.cause());
        f.put("effect", m.effect());
        f.put("solution", m.solution());
        return f;
    }

    private static Path file(Exchange exchange) {
        GenericFile<?> f = exchange.getMessage().getBody(GenericFile.class);
        if (f != null) {
            return Path.of(f.getAbsoluteFilePath());
        }
        return Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class)).toAbsolutePath();
    }
}
