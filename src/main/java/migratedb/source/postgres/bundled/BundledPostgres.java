package migratedb.source.postgres.bundled;

import migratedb.troubleshoot.MigrationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The PostgreSQL bundled in the application's installation folder, brought up by MigrateDB for one run while the
 * application is shut down, and stopped again at the end, on failure, on Ctrl-C, or by the next run if MigrateDB
 * was killed.
 *
 * <p>The server runs as the data directory's owner, listens on 127.0.0.1 only, on a port of its own, with its
 * unix socket in a private folder and a connection limit that leaves the application no room. All of that is
 * given as command-line settings: nothing in the data directory's configuration changes.</p>
 *
 * <pre>{@code
 * try (BundledPostgres source = BundledPostgres.start(options)) {
 *     source.warnings().forEach(w -> log.warn(w.consoleText()));
 *     DataSource ds = ... source.login() ...;
 * }
 * }</pre>
 */
public final class BundledPostgres implements AutoCloseable {
    public static final String MARKER_FILE = "bundled-postgres.json";
    public static final String SERVER_LOG_FILE = "bundled-postgres.log";

    private static final Logger LOG = LoggerFactory.getLogger(BundledPostgres.class);
    private static final Duration PROGRAM_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;
    private static final String RUN_DIR_PREFIX = "migratedb-pg-";

    private final BundledPostgresOptions options;
    private final Path dataDir;
    private final ServerUser serverUser;
    private final Path runDir;
    private final int port;
    private final long postmasterPid;
    private final Long postmasterStartEpoch;
    private final Path markerFile;
    private final List<MigrationException> warnings;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object stopLock = new Object();
    private final Thread shutdownHook;

    private BundledPostgres(BundledPostgresOptions options, Path dataDir, ServerUser serverUser, Path runDir, int port,
                            PostmasterPidFile started, Path markerFile, List<MigrationException> warnings) {
        this.options = options;
        this.dataDir = dataDir;
        this.serverUser = serverUser;
        this.runDir = runDir;
        this.port = port;
        this.postmasterPid = started.pid();
        this.postmasterStartEpoch = started.startEpochSeconds().isPresent() ? started.startEpochSeconds().getAsLong() : null;
        this.markerFile = markerFile;
        this.warnings = List.copyOf(warnings);
        this.shutdownHook = new Thread(this::closeFromShutdownHook, "bundled-postgres-shutdown");
    }

    /**
     * Checks that the bundled database is not in use, then starts it for MigrateDB alone.
     *
     * @throws MigrationException with a {@link BundledTrouble} when the database is in use or cannot be started;
     *                            nothing is left running then
     */
    public static BundledPostgres start(BundledPostgresOptions options) {
        Path pgHome = options.pgHome().toAbsolutePath().normalize();
        requireExecutable(pgHome, "bin/pg_ctl");
        requireExecutable(pgHome, "bin/postgres");
        Path dataDir = realDataDir(options.dataDir());
        ServerUser serverUser = ServerUser.forDataDirectory(dataDir);
        Path markerFile = options.stateDir().toAbsolutePath().resolve(MARKER_FILE);

        List<MigrationException> warnings = new ArrayList<>();
        new Preflight(pgHome, dataDir, serverUser, markerFile, options.stopTimeout()).check(warnings);

        for (int attempt = 1; ; attempt++) {
            int port = options.port() != 0 ? options.port() : freeLoopbackPort();
            try {
                return startOnce(options, pgHome, dataDir, serverUser, markerFile, port, warnings);
            } catch (PortTaken e) {
                // Another program took the free port between our probe and the server's bind: pick another.
                if (options.port() != 0 || attempt >= START_ATTEMPTS) {
                    throw e.failure;
                }
                LOG.info("Port {} was taken before PostgreSQL could bind it; trying another port.", port);
            }
        }
    }

    /** Where to connect: 127.0.0.1, the port picked for this run, the configured database, user and password. */
    public PostgresLogin login() {
        return new PostgresLogin("127.0.0.1", port, options.database(), options.user(), options.password());
    }

    public String jdbcUrl() {
        return login().jdbcUrl();
    }

    public int port() {
        return port;
    }

    public long postmasterPid() {
        return postmasterPid;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Conditions found at start that did not stop it (a stale postmaster.pid, a server left by a killed run). */
    public List<MigrationException> warnings() {
        return warnings;
    }

    /**
     * Stops the server: a fast shutdown (sessions cut, clean checkpoint), then an immediate one if that does not
     * finish in time. Idempotent. A server this object did not start is never stopped.
     *
     * @throws MigrationException {@link BundledTrouble#BUNDLED_STOP_FAILED} if the server is still running
     */
    @Override
    public void close() {
        // One lock for the caller and the shutdown hook: a Ctrl-C during close() makes the hook wait for the
        // stop in progress instead of letting the JVM exit half-way through it.
        synchronized (stopLock) {
            if (closed.get()) {
                return;
            }
            try {
                stopIfStillOurs();
            } finally {
                closed.set(true);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is what called us.
        }
    }

    private void stopIfStillOurs() {
        try {
            Optional<PostmasterPidFile> current = PostmasterPidFile.read(dataDir);
            if (current.isPresent() && current.get().pid() == postmasterPid && Processes.isAlive(postmasterPid)) {
                new ServerControl(options.pgHome().toAbsolutePath().normalize(), dataDir, serverUser, runDir)
                        .stop(postmasterPid, options.stopTimeout());
                LOG.info("Bundled PostgreSQL (process {}) stopped.", postmasterPid);
            } else {
                LOG.info("Bundled PostgreSQL (process {}) is no longer running; nothing to stop.", postmasterPid);
            }
            // Only after a successful stop: a server that would not stop keeps its marker for the next run.
            Files.deleteIfExists(markerFile);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", markerFile, e.toString());
        } finally {
            keepServerLogAndRemove(runDir, options.stateDir());
        }
    }

    private void closeFromShutdownHook() {
        if (!closed.get()) {
            LOG.warn("MigrateDB is shutting down: stopping the bundled PostgreSQL (process {}).", postmasterPid);
        }
        try {
            close();
        } catch (RuntimeException e) {
            LOG.error("Stopping the bundled PostgreSQL failed: {}", e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static BundledPostgres startOnce(BundledPostgresOptions options, Path pgHome, Path dataDir, ServerUser serverUser,
                                             Path markerFile, int port, List<MigrationException> warnings) {
        Path runDir = createRunDir(serverUser);
        ServerControl control = new ServerControl(pgHome, dataDir, serverUser, runDir);
        ProcessHandle self = ProcessHandle.current();
        BundledPostgresMarker marker = new BundledPostgresMarker(dataDir.toString(), port, null, null,
                self.pid(), self.info().startInstant().orElse(null), Instant.now(), runDir.toString());
        writeMarker(marker, markerFile, options.stateDir());
        boolean started = false;
        try {
            LOG.info("Starting the bundled PostgreSQL on {} as {} (127.0.0.1:{}, max_connections={}).",
                    dataDir, serverUser.name(), port, options.maxConnections());
            PostmasterPidFile pidFile = control.start(port, options.maxConnections(), options.startTimeout());
            writeMarker(marker.withPostmaster(pidFile.pid(),
                    pidFile.startEpochSeconds().isPresent() ? pidFile.startEpochSeconds().getAsLong() : null), markerFile, options.stateDir());
            BundledPostgres server = new BundledPostgres(options, dataDir, serverUser, runDir, port, pidFile, markerFile, warnings);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            started = true;
            try {
                server.checkLogin();
            } catch (MigrationException e) {
                server.close();
                throw e;
            }
            LOG.info("Bundled PostgreSQL is up: process {}, {}", pidFile.pid(), server.jdbcUrl());
            return server;
        } finally {
            if (!started) {
                deleteQuietly(markerFile);
                keepServerLogAndRemove(runDir, options.stateDir());
            }
        }
    }

    private void checkLogin() {
        PostgresLogin login = login();
        try (Connection connection = DriverManager.getConnection(login.jdbcUrl(), login.jdbcProperties())) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new MigrationException(BundledTrouble.BUNDLED_LOGIN_FAILED,
                    Map.of("user", login.user(), "database", login.database(), "reason", String.valueOf(e.getMessage())));
        }
    }

    private static void requireExecutable(Path pgHome, String program) {
        if (!Files.isExecutable(pgHome.resolve(program))) {
            throw new MigrationException(BundledTrouble.BUNDLED_INSTALLATION_INVALID, Map.of("pgHome", pgHome, "missing", program));
        }
    }

    private static Path realDataDir(Path configured) {
        Path absolute = configured.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute.resolve("PG_VERSION"))) {
            throw new MigrationException(BundledTrouble.BUNDLED_DATA_DIR_INVALID, Map.of("dataDir", absolute, "missing", "PG_VERSION"));
        }
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks the kernel for a free port on loopback; the server binds it a moment later. */
    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
        }
    }

    static boolean somethingListensOn(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A private folder for the unix socket and the server log, owned by the server's user, closed to others. */
    private static Path createRunDir(ServerUser serverUser) {
        try {
            Path dir = Files.createTempDirectory(RUN_DIR_PREFIX, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            serverUser.own(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a private temporary folder for the server's socket", e);
        }
    }

    private static void writeMarker(BundledPostgresMarker marker, Path markerFile, Path stateDir) {
        try {
            marker.write(markerFile);
        } catch (IOException e) {
            throw new MigrationException(BundledTrouble.BUNDLED_STATE_DIR_UNUSABLE,
                    Map.of("file", markerFile, "reason", e.toString(), "stateDir", stateDir), e);
        }
    }

    /** The server log goes to the work folder for later reading; the private folder goes away. */
    private static void keepServerLogAndRemove(Path runDir, Path stateDir) {
        try {
            Path log = runDir.resolve(ServerControl.LOG_NAME);
            if (Files.exists(log)) {
                Files.createDirectories(stateDir);
                Files.copy(log, stateDir.resolve(SERVER_LOG_FILE), StandardCopyOption.REPLACE_EXISTING);
            }
            try (Stream<Path> all = Files.walk(runDir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not clean up {}: {}", runDir, e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", file, e.toString());
        }
    }

    /** Thrown inside start when the picked port was taken meanwhile; start then retries with another port. */
    static final class PortTaken extends RuntimeException {
        final MigrationException failure;

        PortTaken(MigrationException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Decides, before anything starts, whether the data directory is free for MigrateDB. */
    private record Preflight(Path pgHome, Path dataDir, ServerUser serverUser, Path markerFile, Duration stopTimeout) {

        void check(List<MigrationException> warnings) {
            Optional<BundledPostgresMarker> marker = readMarker();
            Optional<PostmasterPidFile> pidFile = PostmasterPidFile.read(dataDir);
            if (pidFile.isPresent()) {
                PostmasterPidFile pid = pidFile.get();
                Optional<BundledPostgresMarker> ours = marker.filter(m -> m.dataDir().equals(dataDir.toString()) && m.describes(pid));
                if (pid.pid() > 0 && Processes.isAlive(pid.pid())) {
                    if (ours.isPresent()) {
                        stopLeftOver(pid, ours.get(), warnings);
                        return;
                    }
                    refuseRunning(pid);
                } else {
                    explainStale(pid, warnings);
                }
            }
            marker.ifPresent(m -> {
                LOG.info("Removing {}: the server it describes is no longer running.", markerFile);
                deleteQuietly(markerFile);
                if (!m.writerAlive()) {
                    removeRunDirOf(m);
                }
            });
        }

        private void stopLeftOver(PostmasterPidFile pid, BundledPostgresMarker marker, List<MigrationException> warnings) {
            Map<String, Object> details = details(pid);
            details.put("jvmPid", marker.jvmPid());
            details.put("marker", markerFile);
            if (marker.writerAlive()) {
                throw new MigrationException(BundledTrouble.BUNDLED_ANOTHER_MIGRATEDB_RUNNING, details);
            }
            Path runDir = createRunDir(serverUser);
            try {
                new ServerControl(pgHome, dataDir, serverUser, runDir).stop(pid.pid(), stopTimeout);
            } finally {
                keepServerLogAndRemove(runDir, markerFile.getParent());
            }
            deleteQuietly(markerFile);
            removeRunDirOf(marker);
            MigrationException notice = new MigrationException(BundledTrouble.BUNDLED_LEFTOVER_STOPPED, details);
            LOG.warn("{}", notice.consoleText());
            warnings.add(notice);
        }

        private void refuseRunning(PostmasterPidFile pid) {
            Map<String, Object> details = details(pid);
            Optional<String> command = Processes.command(pid.pid());
            // A process we cannot see into is taken for PostgreSQL: refusing wrongly is cheap, starting wrongly is not.
            if (command.isPresent() && !looksLikePostgres(command.get())) {
                details.put("command", command.get());
                throw new MigrationException(BundledTrouble.BUNDLED_PID_FILE_PROCESS_NOT_POSTGRES, details);
            }
            throw new MigrationException(BundledTrouble.BUNDLED_SERVER_RUNNING, details);
        }

        private void explainStale(PostmasterPidFile pid, List<MigrationException> warnings) {
            Map<String, Object> details = details(pid);
            if (pid.port().isPresent() && somethingListensOn(pid.port().getAsInt())) {
                details.put("port", pid.port().getAsInt());
                throw new MigrationException(BundledTrouble.BUNDLED_PORT_IN_USE, details);
            }
            MigrationException notice = new MigrationException(BundledTrouble.BUNDLED_STALE_PID_FILE, details);
            LOG.warn("{}", notice.consoleText());
            warnings.add(notice);
        }

        /** The killed run's socket folder; its server log is kept as the work folder's server log. */
        private void removeRunDirOf(BundledPostgresMarker marker) {
            if (marker.runDir() == null) {
                return;
            }
            Path runDir = Path.of(marker.runDir());
            // Only ever a folder we made: a damaged marker must not make us delete anything else.
            if (runDir.getFileName() != null && runDir.getFileName().toString().startsWith(RUN_DIR_PREFIX) && Files.isDirectory(runDir)) {
                keepServerLogAndRemove(runDir, markerFile.getParent());
            }
        }

        private Optional<BundledPostgresMarker> readMarker() {
            try {
                return BundledPostgresMarker.read(markerFile);
            } catch (IOException e) {
                LOG.warn("Ignoring unreadable {}: {}", markerFile, e.toString());
                return Optional.empty();
            }
        }

        private Map<String, Object> details(PostmasterPidFile pid) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("pid", pid.pid());
            details.put("pidFile", pid.file());
            details.put("dataDir", dataDir);
            return details;
        }

        private static boolean looksLikePostgres(String command) {
            String program = Path.of(command).getFileName().toString();
            return program.startsWith("postgres") || program.startsWith("postmaster");
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** pg_ctl, run as the data directory's owner. */
    private record ServerControl(Path pgHome, Path dataDir, ServerUser serverUser, Path runDir) {
        static final String LOG_NAME = "postgres.log";

        PostmasterPidFile start(int port, int maxConnections, Duration timeout) {
            Path log = runDir.resolve(LOG_NAME);
            // Every setting rides on the command line, so postgresql.conf and postgresql.auto.conf stay as they are.
            String serverOptions = String.join(" ",
                    "-c listen_addresses=127.0.0.1",
                    "-c port=" + port,
                    "-c unix_socket_directories=" + shellQuote(runDir.toString()),
                    "-c max_connections=" + maxConnections);
            // -w explicitly: before PostgreSQL 10, pg_ctl start returns at once unless told to wait. Every option
            // here, and of stop below, means the same from 9.6 to 18 (PostgresVersionsTest runs them on 9.6).
            List<String> command = List.of(pgCtl(), "start", "-w",
                    "-t", Long.toString(Math.max(1, timeout.toSeconds())),
                    "-D", dataDir.toString(), "-l", log.toString(), "-o", serverOptions);
            Processes.Result result = run(command, timeout.plus(PROGRAM_TIMEOUT));
            Optional<PostmasterPidFile> pidFile = PostmasterPidFile.read(dataDir);
            if (!result.succeeded() || pidFile.isEmpty() || !Processes.isAlive(pidFile.get().pid())) {
                String logTail = Processes.lastLines(readQuietly(log), 8);
                if (pidFile.isPresent() && Processes.isAlive(pidFile.get().pid())) {
                    stopQuietly(pidFile.get().pid()); // started but pg_ctl gave up waiting: do not leave it behind
                }
                MigrationException failure = new MigrationException(BundledTrouble.BUNDLED_START_FAILED, Map.of(
                        "exitCode", result.timedOut() ? "none, timed out after " + timeout : Integer.toString(result.exitCode()),
                        "logTail", logTail.isEmpty() ? Processes.lastLines(result.output(), 8) : logTail,
                        "serverLog", BundledPostgres.SERVER_LOG_FILE));
                if (logTail.contains("could not bind") || logTail.contains("Address already in use")) {
                    throw new PortTaken(failure);
                }
                throw failure;
            }
            return pidFile.get();
        }

        /** Fast shutdown; immediate if that does not finish in time; fails if the process still lives after both. */
        void stop(long pid, Duration timeout) {
            for (String mode : List.of("fast", "immediate")) {
                Duration wait = mode.equals("fast") ? timeout : Duration.ofSeconds(30);
                List<String> command = List.of(pgCtl(), "stop", "-w", "-m", mode,
                        "-t", Long.toString(Math.max(1, wait.toSeconds())), "-D", dataDir.toString());
                Processes.Result result = run(command, wait.plus(PROGRAM_TIMEOUT));
                if (Processes.await(Duration.ofSeconds(10), () -> !Processes.isAlive(pid))) {
                    return;
                }
                LOG.warn("pg_ctl stop -m {} did not stop process {} (exit {}): {}", mode, pid, result.exitCode(),
                        Processes.lastLines(result.output(), 3));
            }
            throw new MigrationException(BundledTrouble.BUNDLED_STOP_FAILED, Map.of("pid", pid, "timeout", timeout, "dataDir", dataDir));
        }

        private void stopQuietly(long pid) {
            try {
                stop(pid, Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                LOG.error("Could not stop the half-started PostgreSQL (process {}): {}", pid, e.getMessage());
            }
        }

        private Processes.Result run(List<String> command, Duration timeout) {
            try {
                return Processes.run(serverUser.command(command), serverEnvironment(), runDir, timeout);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot run " + command.get(0), e);
            }
        }

        private String pgCtl() {
            return pgHome.resolve("bin/pg_ctl").toString();
        }

        /** Our environment without PG* variables (no password, no stray PGDATA/PGPORT), plus the bundled libraries. */
        private Map<String, String> serverEnvironment() {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.keySet().removeIf(name -> name.startsWith("PG"));
            String lib = pgHome.resolve("lib").toString();
            String existing = env.get("LD_LIBRARY_PATH");
            env.put("LD_LIBRARY_PATH", existing == null || existing.isEmpty() ? lib : lib + ":" + existing);
            return env;
        }

        private static String readQuietly(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        /** pg_ctl hands -o to a shell; the folder name comes from createTempDirectory, so plain quotes suffice. */
        private static String shellQuote(String value) {
            return "'" + value.replace("'", "'\\''") + "'";
        }
    }
}
