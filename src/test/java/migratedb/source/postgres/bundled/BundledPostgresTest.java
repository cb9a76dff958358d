package migratedb.source.postgres.bundled;

import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleshootingCatalogue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bundled-database mode against real PostgreSQL 16 processes, laid out like an application's installation. */
class BundledPostgresTest {
    private static final Duration GONE_WITHIN = Duration.ofSeconds(20);

    private static Path root;
    private static BundledInstallation installation;

    private Path dataDir;
    private Path stateDir;
    private final List<BundledPostgres> toClose = new ArrayList<>();
    private final List<Process> standIns = new ArrayList<>();

    @BeforeAll
    static void layOutInstallation() throws Exception {
        root = BundledInstallation.createRoot("migratedb-bundled-");
        installation = BundledInstallation.fromMavenBinaries(root);
    }

    @AfterAll
    static void removeInstallation() {
        BundledInstallation.deleteTree(root);
    }

    @BeforeEach
    void freshCopy(TestInfo test) throws Exception {
        String name = test.getTestMethod().orElseThrow().getName();
        dataDir = installation.freshDataDir(name);
        stateDir = root.resolve("work-" + name);
    }

    @AfterEach
    void leaveNothingRunning() {
        standIns.forEach(Process::destroyForcibly);
        toClose.forEach(BundledPostgres::close);
        installation.stopIfRunning(dataDir);
    }

    private BundledPostgresOptions options() {
        return BundledPostgresOptions.of(installation.pgHome, dataDir, stateDir,
                BundledInstallation.DATABASE, BundledInstallation.USER, BundledInstallation.PASSWORD);
    }

    private BundledPostgres start(BundledPostgresOptions options) {
        BundledPostgres server = BundledPostgres.start(options);
        toClose.add(server);
        return server;
    }

    @Test
    void startsTheBundledDatabaseServesItsRowsAndLeavesNoProcessWhenClosed() throws Exception {
        BundledPostgres server = start(options());
        long pid = server.postmasterPid();
        assertTrue(Processes.isAlive(pid));
        assertEquals("jdbc:postgresql://127.0.0.1:" + server.port() + "/" + BundledInstallation.DATABASE, server.jdbcUrl());
        assertTrue(Files.exists(stateDir.resolve(BundledPostgres.MARKER_FILE)));

        assertEquals(List.of("alice", "bob", "carol"), names(server.login()));

        server.close();
        assertTrue(Processes.await(GONE_WITHIN, () -> !Processes.isAlive(pid)), "postmaster " + pid + " still alive");
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains(dataDir.toString())),
                "a process still names the data directory");
        assertFalse(Files.exists(dataDir.resolve(PostmasterPidFile.NAME)), "clean shutdown removes postmaster.pid");
        assertFalse(Files.exists(stateDir.resolve(BundledPostgres.MARKER_FILE)), "marker removed");
        assertTrue(Files.exists(stateDir.resolve(BundledPostgres.SERVER_LOG_FILE)), "server log kept in the work folder");
        server.close(); // idempotent
    }

    @Test
    void listensOnLoopbackOnlyWithTheMigrationsConnectionLimitAndChangesNoConfigurationFile() throws Exception {
        Map<String, byte[]> before = configurationHashes();
        BundledPostgres server = start(options().withMigrationConnections(4));

        try (Connection c = connect(server.login()); Statement s = c.createStatement()) {
            assertEquals("127.0.0.1", show(s, "listen_addresses"));
            assertEquals(Integer.toString(4 + BundledPostgresOptions.RESERVED_AND_HEADROOM), show(s, "max_connections"));
            assertNotEquals("5433", show(s, "port"));
            assertTrue(show(s, "unix_socket_directories").contains("migratedb-pg-"));
        }
        List<String> listening = listeningAddresses(server.port());
        assertEquals(List.of("127.0.0.1"), listening, "the server must listen on loopback only");

        server.close();
        Map<String, byte[]> after = configurationHashes();
        for (String file : before.keySet()) {
            assertArrayEquals(before.get(file), after.get(file), file + " changed");
        }
    }

    @Test
    void refusesWhileTheApplicationsDatabaseRunsAndLeavesItRunning() throws Exception {
        long pid = installation.startLikeTheApplication(dataDir, BundledInstallation.freePort());

        MigrationException refused = assertThrows(MigrationException.class, () -> start(options()));

        assertEquals(BundledTrouble.BUNDLED_SERVER_RUNNING, refused.trouble());
        assertEquals("The bundled PostgreSQL seems to be running (postmaster.pid names process " + pid + "). "
                + "Shutdown the application server and its database and try again.", refused.getMessage());
        assertTrue(refused.solution().contains("never stops a server it did not start"));
        assertTrue(Processes.isAlive(pid), "a server MigrateDB did not start is never stopped");
        assertFalse(Files.exists(stateDir.resolve(BundledPostgres.MARKER_FILE)));
        installation.stopLikeTheApplication(dataDir);
    }

    @Test
    void explainsAPostmasterPidLeftByACrashAndStartsWithCrashRecovery() throws Exception {
        long crashedPid = crashTheApplicationsDatabase();
        assertTrue(Files.exists(dataDir.resolve(PostmasterPidFile.NAME)));

        BundledPostgres server = start(options());

        assertEquals(1, server.warnings().size());
        MigrationException warning = server.warnings().get(0);
        assertEquals(BundledTrouble.BUNDLED_STALE_PID_FILE, warning.trouble());
        assertTrue(warning.getMessage().contains("process " + crashedPid + " is gone"), warning.getMessage());
        assertTrue(warning.effect().contains("crash recovery"));
        assertNotEquals(crashedPid, server.postmasterPid());
        assertEquals(List.of("alice", "bob", "carol"), names(server.login()));
    }

    @Test
    void refusesWhenSomethingListensOnThePortNamedByAStalePostmasterPid() throws Exception {
        crashTheApplicationsDatabase();
        int namedPort = PostmasterPidFile.read(dataDir).orElseThrow().port().orElseThrow();
        try (java.net.ServerSocket squatter = new java.net.ServerSocket(namedPort, 1, java.net.InetAddress.getLoopbackAddress())) {

            MigrationException refused = assertThrows(MigrationException.class, () -> start(options()));

            assertEquals(BundledTrouble.BUNDLED_PORT_IN_USE, refused.trouble());
            assertTrue(refused.getMessage().contains("port " + namedPort), refused.getMessage());
        }
        assertTrue(Files.exists(dataDir.resolve(PostmasterPidFile.NAME)), "MigrateDB never removes postmaster.pid");
    }

    @Test
    void stopsAServerLeftBehindByAKilledMigrateDbThenStartsAgain() throws Exception {
        BundledPostgres orphaned = start(options());
        long orphanPid = orphaned.postmasterPid();
        // "Kill" MigrateDB: the object is dropped without close, and the marker now names a dead JVM.
        Path marker = stateDir.resolve(BundledPostgres.MARKER_FILE);
        BundledPostgresMarker written = BundledPostgresMarker.read(marker).orElseThrow();
        long deadPid = deadPid();
        new BundledPostgresMarker(written.dataDir(), written.port(), written.postmasterPid(), written.postmasterStartEpoch(),
                deadPid, written.jvmStartedAt(), written.startedAt(), written.runDir()).write(marker);

        BundledPostgres next = start(options());

        assertTrue(Processes.await(GONE_WITHIN, () -> !Processes.isAlive(orphanPid)), "left-over server stopped");
        assertNotEquals(orphanPid, next.postmasterPid());
        assertEquals(List.of(BundledTrouble.BUNDLED_LEFTOVER_STOPPED), next.warnings().stream().map(MigrationException::trouble).toList());
        assertTrue(next.warnings().get(0).getMessage().contains("MigrateDB process " + deadPid));
        assertEquals(List.of("alice", "bob", "carol"), names(next.login()));

        orphaned.close(); // what its shutdown hook would do: it must not touch the new server
        assertTrue(Processes.isAlive(next.postmasterPid()));
        next.close();
        assertTrue(Processes.await(GONE_WITHIN, () -> !Processes.isAlive(next.postmasterPid())));
    }

    @Test
    void aMigrateDbStoppedWithCtrlCStopsItsServerThroughTheShutdownHook() throws Exception {
        Process migrateDb = startMigrateDbStandIn();
        long pid = readyPostmasterPid(migrateDb);
        assertTrue(Processes.isAlive(pid));

        migrateDb.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
        assertTrue(migrateDb.waitFor(GONE_WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));

        assertTrue(Processes.await(GONE_WITHIN, () -> !Processes.isAlive(pid)), "postmaster " + pid + " outlived MigrateDB");
        assertFalse(Files.exists(stateDir.resolve(BundledPostgres.MARKER_FILE)), standInOutputText());
        assertTrue(standInOutputText().contains("MigrateDB is shutting down: stopping the bundled PostgreSQL"), standInOutputText());
    }

    @Test
    void aServerLeftByAMigrateDbKilledWithSigkillIsStoppedByTheNextRun() throws Exception {
        Process migrateDb = startMigrateDbStandIn();
        long orphanPid = readyPostmasterPid(migrateDb);
        migrateDb.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(migrateDb.waitFor(GONE_WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(Processes.isAlive(orphanPid), "the orphaned server runs on after a kill -9");

        Path orphanRunDir = Path.of(BundledPostgresMarker.read(stateDir.resolve(BundledPostgres.MARKER_FILE)).orElseThrow().runDir());
        assertTrue(Files.isDirectory(orphanRunDir));

        BundledPostgres next = start(options());

        assertTrue(Processes.await(GONE_WITHIN, () -> !Processes.isAlive(orphanPid)));
        assertEquals(BundledTrouble.BUNDLED_LEFTOVER_STOPPED, next.warnings().get(0).trouble());
        assertFalse(Files.exists(orphanRunDir), "the killed run's socket folder is cleaned up");
        assertEquals(List.of("alice", "bob", "carol"), names(next.login()));
    }

    @Test
    void aServerThatCannotStartIsReportedWithTheTailOfItsLog() throws Exception {
        Path conf = dataDir.resolve("postgresql.conf");
        Files.writeString(conf, Files.readString(conf) + "\nshared_buffers = 'plenty'\n");

        MigrationException refused = assertThrows(MigrationException.class, () -> start(options()));

        assertEquals(BundledTrouble.BUNDLED_START_FAILED, refused.trouble());
        assertTrue(refused.getMessage().contains("shared_buffers"), refused.getMessage());
        assertFalse(Files.exists(stateDir.resolve(BundledPostgres.MARKER_FILE)));
        assertTrue(Files.exists(stateDir.resolve(BundledPostgres.SERVER_LOG_FILE)));
    }

    @Test
    void refusesWhileAnotherMigrateDbRunUsesTheBundledDatabase() {
        BundledPostgres first = start(options());

        MigrationException refused = assertThrows(MigrationException.class, () -> start(options()));

        assertEquals(BundledTrouble.BUNDLED_ANOTHER_MIGRATEDB_RUNNING, refused.trouble());
        assertTrue(Processes.isAlive(first.postmasterPid()), "the other run's server is not disturbed");
    }

    @Test
    void wrongPasswordIsRefusedWithoutRevealingAnyPasswordAndLeavesNothingRunning() {
        String wrong = "not-the-Password-42";
        BundledPostgresOptions options = BundledPostgresOptions.of(installation.pgHome, dataDir, stateDir,
                BundledInstallation.DATABASE, BundledInstallation.USER, wrong);

        MigrationException refused = assertThrows(MigrationException.class, () -> start(options));

        assertEquals(BundledTrouble.BUNDLED_LOGIN_FAILED, refused.trouble());
        String everything = refused.consoleText() + refused.effect() + options;
        assertFalse(everything.contains(wrong), everything);
        assertFalse(Files.exists(dataDir.resolve(PostmasterPidFile.NAME)), "server stopped after the failed login");
        assertFalse(Files.exists(stateDir.resolve(BundledPostgres.MARKER_FILE)));
    }

    @Test
    void thePasswordNeverAppearsInTheProcessList() throws Exception {
        BundledPostgres server = start(options());
        assertEquals(3, names(server.login()).size());
        List<String> leaking = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(BundledInstallation.PASSWORD)).toList();
        assertEquals(List.of(), leaking);
        assertFalse(server.login().toString().contains(BundledInstallation.PASSWORD));
    }

    @Test
    void refusesADataDirectoryOwnedByRoot() throws Exception {
        Assumptions.assumeTrue(BundledInstallation.isRoot(), "only meaningful when the tests run as root");
        Path rootOwned = root.resolve("root-owned-data");
        Files.createDirectories(rootOwned);
        Files.writeString(rootOwned.resolve("PG_VERSION"), "16\n");
        BundledPostgresOptions options = BundledPostgresOptions.of(installation.pgHome, rootOwned, stateDir, "db", "u", null);

        MigrationException refused = assertThrows(MigrationException.class, () -> start(options));

        assertEquals(BundledTrouble.BUNDLED_RUN_AS_OWNER_IMPOSSIBLE, refused.trouble());
        assertTrue(refused.getMessage().contains("owned by root"), refused.getMessage());
    }

    @Test
    void refusesAnIncompleteInstallation() {
        BundledPostgresOptions options = BundledPostgresOptions.of(root.resolve("no-such-pgsql"), dataDir, stateDir, "db", "u", null);

        MigrationException refused = assertThrows(MigrationException.class, () -> start(options));

        assertEquals(BundledTrouble.BUNDLED_INSTALLATION_INVALID, refused.trouble());
        assertTrue(refused.getMessage().contains("bin/pg_ctl"));
    }

    @Test
    void backupRefusesAPgDumpOlderThanTheBundledServer() {
        Optional<Path> olderClient = BundledInstallation.debianInstallation()
                .filter(p -> Integer.parseInt(p.getFileName().toString()) < 16);
        Assumptions.assumeTrue(olderClient.isPresent(), "needs a pg_dump older than 16 (Debian 12's postgresql-client-15)");
        BundledPostgres server = start(options());
        // The Maven binaries have no pg_dump, so the one found on the "PATH" is used: version 15.
        SourceBackup backup = new SourceBackup(installation.pgHome, List.of(olderClient.get().resolve("bin")), Duration.ofMinutes(1));

        MigrationException refused = assertThrows(MigrationException.class,
                () -> backup.backup(server.login(), stateDir.resolve("backups"), "run-1"));

        assertEquals(BundledTrouble.BACKUP_PG_DUMP_TOO_OLD, refused.trouble());
        assertTrue(refused.getMessage().contains("older than the source PostgreSQL (version 16)"), refused.getMessage());
    }

    @Test
    void everyBundledTroubleIsInTheCatalogueWithAllFourParts() {
        List<Trouble> all = TroubleshootingCatalogue.all();
        for (BundledTrouble trouble : BundledTrouble.values()) {
            assertTrue(all.contains(trouble), trouble + " not registered");
            for (String part : List.of(trouble.error(), trouble.cause(), trouble.effect(), trouble.solution())) {
                assertFalse(part.isBlank(), trouble + " has an empty part");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Starts the database as the application would, then kills its postmaster with SIGKILL. */
    private long crashTheApplicationsDatabase() throws Exception {
        long pid = installation.startLikeTheApplication(dataDir, BundledInstallation.freePort());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> children = postmaster.descendants().toList();
        BundledInstallation.run(List.of("kill", "-KILL", Long.toString(pid)));
        // The server's helper processes notice their postmaster is gone and exit; PostgreSQL refuses to start before.
        assertTrue(Processes.await(GONE_WITHIN, () -> !postmaster.isAlive() && children.stream().noneMatch(ProcessHandle::isAlive)),
                "crashed server's processes did not exit");
        return pid;
    }

    /** A second JVM that plays MigrateDB on this test's data directory; its output goes to the work folder. */
    private Process startMigrateDbStandIn() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.createDirectories(stateDir);
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                MigrateDbStandIn.class.getName(), installation.pgHome.toString(), dataDir.toString(), stateDir.toString())
                .redirectErrorStream(true).redirectOutput(standInOutput().toFile()).start();
        standIns.add(process);
        return process;
    }

    private Path standInOutput() {
        return stateDir.resolve("stand-in.out");
    }

    /** Polls the stand-in's output for its "READY <pid>" line. */
    private long readyPostmasterPid(Process process) {
        long[] pid = {-1};
        boolean ready = Processes.await(Duration.ofSeconds(60), () -> {
            try {
                Optional<String> line = Files.readAllLines(standInOutput()).stream().filter(l -> l.startsWith("READY ")).findFirst();
                line.ifPresent(l -> pid[0] = Long.parseLong(l.substring("READY ".length()).trim()));
                return line.isPresent() || !process.isAlive();
            } catch (IOException e) {
                return false;
            }
        });
        assertTrue(ready && pid[0] > 0, "MigrateDB stand-in did not get its database ready: " + standInOutputText());
        return pid[0];
    }

    private String standInOutputText() {
        try {
            return Files.readString(standInOutput());
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The pid of a process that has just ended. */
    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        long pid = process.pid();
        assertTrue(Processes.await(GONE_WITHIN, () -> !Processes.isAlive(pid)));
        return pid;
    }

    private Map<String, byte[]> configurationHashes() throws Exception {
        Map<String, byte[]> hashes = new java.util.TreeMap<>();
        for (String file : List.of("postgresql.conf", "pg_hba.conf", "pg_ident.conf", "postgresql.auto.conf")) {
            Path path = dataDir.resolve(file);
            hashes.put(file, HexFormat.of().parseHex(SourceBackup.sha256(path)));
        }
        return hashes;
    }

    /** Local addresses of sockets in LISTEN state on {@code port}, read from /proc/net/tcp and tcp6. */
    private static List<String> listeningAddresses(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        String portHex = String.format("%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            List<String> lines = Files.readAllLines(path); // read once: the table changes while we look
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (local[1].equals(portHex) && f[3].equals("0A")) {
                    addresses.add(decodeAddress(local[0]));
                }
            }
        }
        return addresses;
    }

    private static String decodeAddress(String hex) {
        if (hex.length() == 8) { // IPv4, little-endian
            return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
                    + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
        }
        return "ipv6:" + hex;
    }

    static List<String> names(PostgresLogin login) throws SQLException {
        try (Connection c = connect(login); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM account ORDER BY id")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    private static Connection connect(PostgresLogin login) throws SQLException {
        Properties properties = login.jdbcProperties();
        return DriverManager.getConnection(login.jdbcUrl(), properties);
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
