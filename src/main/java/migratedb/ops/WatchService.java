package migratedb.ops;

import migratedb.config.Home;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.TroubleshootingLog;
import org.apache.camel.main.Main;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ./run.sh watch}: a Camel Main that stays up and runs the requests dropped into the inbox, one at a time.
 * The routes come from the operator-editable routes/ folder (YAML, loaded at start); the beans they call are bound
 * here: {@code requestInbox} (reads, checks and runs requests) and {@code requestRepository} (the requests already
 * taken, in a file under work/ so a restart never runs one twice).
 */
public final class WatchService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.watch");

    private final Main main = new Main();
    private final Path inbox;

    public WatchService(Settings s, RequestRunner runner) {
        this.inbox = s.path(SettingKeys.WATCH_INBOX);
        Path routes = s.path(SettingKeys.WATCH_ROUTES_DIR);
        prepareInbox(inbox);
        requireRoutes(routes);
        long minAge = s.getLong(SettingKeys.WATCH_READ_LOCK_MIN_AGE_MS, 0, 3_600_000);
        Path repositoryFile = s.path(SettingKeys.WORK_DIR).resolve("watch").resolve("requests-taken.txt");
        FileIdempotentRepository repository = new FileIdempotentRepository(repositoryFile.toFile(),
                new java.util.concurrent.ConcurrentHashMap<>());
        repository.setMaxFileStoreSize(10L * 1024 * 1024);
        repository.setCacheSize(100_000);
        RequestFile reader = new RequestFile(s.getLong(SettingKeys.WATCH_MAX_REQUEST_BYTES, 64, 10_000_000),
                Home.resolve("conf"), inbox.resolve(RequestInbox.QUARANTINE).toString());
        RequestInbox requests = new RequestInbox(inbox, reader, runner, new TroubleshootingLog(Home.logs()),
                repositoryFile);

        main.configure().withName("migratedb-watch").withJmxEnabled(false).withShutdownTimeout(30)
                .withRoutesIncludePattern("file:" + routes.toAbsolutePath() + "/*.yaml");
        main.bind("requestInbox", requests);
        main.bind("requestRepository", repository);
        main.addInitialProperty("migratedb.watch.inbox", inbox.toString());
        main.addInitialProperty("migratedb.watch.readLockMinAgeMs", Long.toString(minAge));
        main.addInitialProperty("migratedb.watch.readLockTimeoutMs", Long.toString(minAge + 10_000));
        main.addInitialProperty("migratedb.watch.pollDelayMs",
                Long.toString(s.getLong(SettingKeys.WATCH_POLL_DELAY_MS, 10, 3_600_000)));
        if (s.getBoolean(SettingKeys.WATCH_DONE_FILE)) {
            main.addInitialProperty("migratedb.watch.doneFileName", "${file:name}.done");
        }
    }

    public Path inbox() {
        return inbox;
    }

    /** Starts watching and returns (tests, embedding). */
    public void start() throws Exception {
        main.start();
        LOG.info("Watching {} for *.request files", inbox);
    }

    /** Starts watching and blocks until the process is asked to stop (Ctrl-C, SIGTERM). */
    public void runUntilStopped() throws Exception {
        LOG.info("Watching {} for *.request files", inbox);
        main.run();
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }

    private static void prepareInbox(Path inbox) {
        try {
            Files.createDirectories(inbox);
            for (String d : new String[]{RequestInbox.DONE, RequestInbox.FAILED, RequestInbox.QUARANTINE}) {
                Files.createDirectories(inbox.resolve(d));
            }
        } catch (IOException e) {
            throw new MigrationException(OpsTrouble.INBOX_UNUSABLE, Map.of("inbox", inbox, "reason",
                    e.getClass().getSimpleName() + " " + e.getMessage()), e);
        }
        if (!Files.isWritable(inbox)) {
            throw new MigrationException(OpsTrouble.INBOX_UNUSABLE, Map.of("inbox", inbox, "reason",
                    "the folder is not writable"));
        }
    }

    private static void requireRoutes(Path routes) {
        boolean any = false;
        if (Files.isDirectory(routes)) {
            try (Stream<Path> files = Files.list(routes)) {
                any = files.anyMatch(p -> p.getFileName().toString().endsWith(".yaml"));
            } catch (IOException e) {
                any = false;
            }
        }
        if (!any) {
            throw new MigrationException(OpsTrouble.ROUTES_MISSING, Map.of("dir", routes));
        }
    }
}
