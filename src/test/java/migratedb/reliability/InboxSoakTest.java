package migratedb.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import migratedb.cli.RequestDispatch;
import migratedb.config.Home;
import migratedb.config.Settings;
import migratedb.it.TestPostgres;
import migratedb.ops.RequestInbox;
import migratedb.ops.WatchService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load: 20 request files dropped in a row into the inbox of one watch service, against one target — valid ones
 * (a migrate, verifies, a resume with nothing to resume), invalid ones (empty, cut off mid-line, a symbolic link,
 * an unknown setting, a secret, too large, not UTF-8) and duplicates of requests already run. Every valid request
 * runs exactly once, every invalid one is quarantined with its reason, and the service leaks no database
 * connection, thread or file handle (counted before and after).
 */
@Tag("reliability-slow")
class InboxSoakTest {
    private static final Duration LIMIT = Duration.ofMinutes(4);

    @TempDir
    Path dir;

    private Path inbox;
    private String h2Url;

    @Test
    void twentyRequestsInARowRunOnceEachQuarantineTheInvalidAndLeakNothing() throws Exception {
        String source = TestPostgres.newDatabase("soak");
        try (Connection c = TestPostgres.connect(source)) {
            Fixtures.load(c);
        }
        String config = config(source);
        inbox = dir.resolve("inbox");
        Files.createDirectories(inbox);
        Map<String, String> valid = new LinkedHashMap<>(); // name -> folder it must end in
        Map<String, String> invalid = new LinkedHashMap<>(); // name -> catalogue code

        try (WatchService watch = start()) {
            drop("01-migrate.request", "command=migrate\nconfig=" + config + "\nset.copy.chunkRows=5000\n");
            valid.put("01-migrate.request", RequestInbox.DONE);
            result(RequestInbox.DONE, "01-migrate.request");
            // the service is warm (its pools, the drivers, the stand-in): the counts every later request must keep
            Counts before = Counts.take(source, h2Url);

            for (int i = 2; i <= 9; i++) {
                String name = String.format("%02d-verify.request", i);
                drop(name, "command=verify\nconfig=" + config + "\n# request " + i + "\n");
                valid.put(name, RequestInbox.DONE);
            }
            drop("10-resume.request", "command=resume\nconfig=" + config + "\n");
            valid.put("10-resume.request", RequestInbox.FAILED); // runs, and says there is nothing to resume
            drop("11-empty.request", "");
            invalid.put("11-empty.request", "REQUEST_PARTIAL");
            drop("12-cut-off.request", "command=verify\nconfig=" + config + "\nset.copy.batch");
            invalid.put("12-cut-off.request", "REQUEST_MALFORMED");
            Path elsewhere = Files.writeString(dir.resolve("elsewhere.txt"), "command=migrate\nconfig=" + config + "\n");
            Files.createSymbolicLink(inbox.resolve("13-link.request"), elsewhere);
            invalid.put("13-link.request", "REQUEST_SYMLINK");
            drop("14-unknown-setting.request", "command=verify\nconfig=" + config + "\nset.copy.bachSize=5\n");
            invalid.put("14-unknown-setting.request", "REQUEST_MALFORMED");
            drop("15-secret.request", "command=migrate\nconfig=" + config + "\nset.target.password=hunter2hunter2\n");
            invalid.put("15-secret.request", "REQUEST_FORBIDDEN");
            drop("16-huge.request", "command=verify\n# " + "x".repeat(20_000) + "\n");
            invalid.put("16-huge.request", "REQUEST_TOO_LARGE");
            dropBytes("17-latin1.request", "command=verify\n# caf\u00e9\n".getBytes("ISO-8859-1"));
            invalid.put("17-latin1.request", "REQUEST_MALFORMED");
            // duplicates: the same name and content as requests already taken
            for (String original : List.of("02-verify.request", "03-verify.request", "04-verify.request")) {
                result(RequestInbox.DONE, original);
            }
            Map<String, String> duplicates = Map.of("02-verify.request", "command=verify\nconfig=" + config
                    + "\n# request 2\n", "03-verify.request", "command=verify\nconfig=" + config + "\n# request 3\n",
                    "04-verify.request", "command=verify\nconfig=" + config + "\n# request 4\n");
            for (String name : duplicates.keySet()) {
                drop(name, duplicates.get(name));
            }

            // every valid request ran, once, with its outcome
            for (Map.Entry<String, String> v : valid.entrySet()) {
                JsonNode r = result(v.getValue(), v.getKey());
                assertEquals(v.getValue().substring(1), r.get("outcome").asText(), r.toString());
            }
            assertEquals("NOTHING_TO_RESUME", result(RequestInbox.FAILED, "10-resume.request").get("failure")
                    .get("code").asText());
            for (String name : duplicates.keySet()) {
                JsonNode again = result(RequestInbox.QUARANTINE, name);
                assertEquals("REQUEST_DUPLICATE", again.get("failure").get("code").asText(), again.toString());
            }
            for (Map.Entry<String, String> bad : invalid.entrySet()) {
                JsonNode r = result(RequestInbox.QUARANTINE, bad.getKey());
                assertEquals(bad.getValue(), r.get("failure").get("code").asText(), r.toString());
            }
            assertEquals(20, valid.size() + invalid.size() + duplicates.size(), "20 requests in all");
            assertEquals(1, count("SELECT COUNT(*) FROM dbo.migratedb_run"), "one migration ran, once");
            try (Connection s = TestPostgres.connect(source);
                 Connection t = DriverManager.getConnection(queryUrl(), "sa", "")) {
                Fixtures.assertNothingLostNothingDuplicated(s, t);
            }
            assertFalse(Files.readString(Home.logs().resolve("troubleshooting.log")).contains("hunter2"));

            // nothing grew while 19 more requests went through
            Counts after = Counts.settle(source, h2Url, before);
            assertEquals(before.sourceConnections, after.sourceConnections, "MigrateDB's PostgreSQL sessions");
            assertEquals(before.targetSessions, after.targetSessions, "sessions of the target");
            assertTrue(after.threads <= before.threads, "threads: " + before.threads + " -> " + after.threads);
            assertTrue(after.fileHandles <= before.fileHandles,
                    "file handles: " + before.fileHandles + " -> " + after.fileHandles);
        }
        Fixtures.await(Duration.ofSeconds(30), "the stopped service's Camel threads are gone",
                () -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("Camel")));
        assertEquals(0, Counts.take(source, h2Url).sourceConnections, "no PostgreSQL session left");
    }

    /** What the service holds: PostgreSQL sessions of MigrateDB, target sessions, JVM threads, open files. */
    record Counts(long sourceConnections, long targetSessions, int threads, long fileHandles) {
        static Counts take(String source, String h2Url) throws Exception {
            long pg;
            try (Connection c = DriverManager.getConnection(Fixtures.maintenanceUrl(source), "postgres", "");
                 PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity "
                         + "WHERE datname = ? AND application_name = 'MigrateDB'")) {
                ps.setString(1, Fixtures.databaseName(source));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    pg = rs.getLong(1);
                }
            }
            long sessions;
            try (Connection c = DriverManager.getConnection(h2Url + ";IFEXISTS=TRUE", "sa", "");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) - 1 FROM INFORMATION_SCHEMA.SESSIONS")) {
                rs.next();
                sessions = rs.getLong(1);
            }
            long fds;
            try (var list = Files.list(Path.of("/proc/self/fd"))) {
                fds = list.count();
            }
            return new Counts(pg, sessions, ManagementFactory.getThreadMXBean().getThreadCount(), fds);
        }

        /** Counts once pools have wound down: polls until nothing exceeds the baseline, or the deadline passes. */
        static Counts settle(String source, String h2Url, Counts baseline) throws Exception {
            Counts[] last = new Counts[1];
            try {
                Fixtures.await(Duration.ofSeconds(30), "counts back at the baseline " + baseline, () -> {
                    last[0] = take(source, h2Url);
                    return last[0].sourceConnections <= baseline.sourceConnections
                            && last[0].targetSessions <= baseline.targetSessions
                            && last[0].threads <= baseline.threads && last[0].fileHandles <= baseline.fileHandles;
                });
            } catch (AssertionError e) {
                // the assertions name what leaked
            }
            return last[0];
        }
    }

    private WatchService start() throws Exception {
        Settings s = Settings.of(Map.of(
                "watch.inbox", inbox.toString(),
                "watch.routesDir", Path.of("routes").toAbsolutePath().toString(),
                "watch.readLockMinAgeMs", "200",
                "watch.pollDelayMs", "100",
                "paths.work", dir.resolve("work").toString()));
        WatchService w = new WatchService(s, new RequestDispatch(System.out));
        w.start();
        return w;
    }

    private String config(String source) throws IOException {
        h2Url = "jdbc:h2:file:" + dir.resolve("target-db") + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE";
        String name = "conf/soak-" + UUID.randomUUID() + ".conf";
        Path conf = Home.resolve(name);
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "source.url=" + source + "\nsource.user=postgres\ntarget.url=" + h2Url
                + "\ntarget.user=sa\n");
        return name;
    }

    private String queryUrl() {
        return h2Url + ";CASE_INSENSITIVE_IDENTIFIERS=TRUE;INIT=CREATE SCHEMA IF NOT EXISTS dbo\\;SET SCHEMA dbo";
    }

    private void drop(String name, String content) throws IOException {
        dropBytes(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Written beside the inbox and moved in, as a scheduler should. */
    private void dropBytes(String name, byte[] content) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, inbox.resolve(name));
    }

    private JsonNode result(String folder, String name) throws Exception {
        Path result = inbox.resolve(folder).resolve(name + ".result.json");
        Fixtures.await(LIMIT, name + " ends in " + folder, () -> Files.exists(result)
                && Files.exists(inbox.resolve(folder).resolve(name)));
        return new ObjectMapper().readTree(result.toFile());
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(queryUrl(), "sa", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
