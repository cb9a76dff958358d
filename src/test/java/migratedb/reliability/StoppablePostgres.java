package migratedb.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL server of its own (not the shared {@code TestPostgres}), so a test can stop it and start it again:
 * the real binaries from Maven, stopped with a fast shutdown (as an administrator or a reboot does) and started
 * again with the same command line.
 */
final class StoppablePostgres implements AutoCloseable {
    private final EmbeddedPostgres embedded;
    private final Path dataDir;
    private final int port;

    private StoppablePostgres(EmbeddedPostgres embedded, Path dataDir, int port) {
        this.embedded = embedded;
        this.dataDir = dataDir;
        this.port = port;
    }

    static StoppablePostgres start(Path dataDir) throws IOException {
        int port = freePort();
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "off")
                .start();
        return new StoppablePostgres(pg, dataDir, port);
    }

    int port() {
        return port;
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    String createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), "postgres", "");
    }

    /**
     * Fast shutdown, as {@code pg_ctl stop -m fast} does it (pg_ctl refuses to run as root, the test runs as root in
     * CI): SIGINT to the postmaster, which terminates every session, rolls back open transactions and exits.
     */
    void stopFast() throws Exception {
        long pid = postmasterPid();
        commandLine = Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0");
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -INT " + pid + " failed");
        }
        Fixtures.await(java.time.Duration.ofSeconds(60), "the postmaster " + pid + " has exited",
                () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true) && !running());
    }

    /** Starts the server again with the same program, data directory and options (so the same port). */
    void startAgain() throws Exception {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // as the embedded library does: PostgreSQL refuses root, a new user namespace makes it unprivileged
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(commandLine));
        restarted = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling("restart.log").toFile()).start();
        Fixtures.await(java.time.Duration.ofSeconds(60), "the restarted server accepts connections", () -> {
            if (!restarted.isAlive()) {
                throw new IllegalStateException("the server did not start: "
                        + Files.readString(dataDir.resolveSibling("restart.log")));
            }
            try (Connection c = connect("postgres")) {
                return c.isValid(5);
            } catch (SQLException e) {
                return false;
            }
        });
    }

    private String[] commandLine;
    private Process restarted;

    boolean running() {
        return Files.exists(dataDir.resolve("postmaster.pid"));
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        if (restarted != null) {
            if (running()) {
                stopFast();
            }
        } else {
            embedded.close();
        }
    }
}
