package migratedb.reliability;

import migratedb.config.Home;
import migratedb.it.MigrateDbHarness;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault 5: MigrateDB's JVM killed with SIGKILL (no shutdown hook, no rollback from its side) right after a chunk
 * commit, and in the middle of a chunk. {@code resume} must continue from the checkpoints exactly: chunks committed
 * before the kill are not copied again (their checkpoint rows are untouched), the rest is copied once.
 */
@Tag("reliability-slow")
class CrashResumeTest {
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void killedRightAfterAChunkCommitResumeContinuesFromThatCheckpointExactly() throws Exception {
        crashAndResume("crash_after_commit", false);
    }

    @Test
    void killedInTheMiddleOfAChunkTheHalfWrittenChunkIsGoneAndResumeRedoesItExactlyOnce() throws Exception {
        crashAndResume("crash_mid_chunk", true);
    }

    private void crashAndResume(String prefix, boolean midChunk) throws Exception {
        String source = TestPostgres.newDatabase(prefix);
        try (Connection c = TestPostgres.connect(source)) {
            Fixtures.load(c);
        }
        try (H2TcpTarget target = new H2TcpTarget(dir.resolve("h2"))) {
            MigrateDbHarness h = new MigrateDbHarness(dir, source)
                    .set("target.url", target.url())
                    .set("copy.chunkRows", "5000")
                    .set("copy.batchSize", "500")
                    .set("copy.throttle.batchesPerSecond", "10")
                    .set("copy.parallelTables", "1");
            Map<Long, String> committedAtKill;
            try (Connection watch = target.connect();
                 ChildMigrateDb child = ChildMigrateDb.start(Home.dir(), "UTC", dir.resolve("child.out"),
                         "migrate", "--config", h.configFile().toString())) {
                Fixtures.await(LIMIT, "two chunks of events are committed",
                        () -> Fixtures.doneChunks(watch, "public.events") >= 2 || !child.alive());
                if (midChunk) {
                    Fixtures.await(LIMIT, "a chunk is half written",
                            () -> TargetFaultTest.uncommittedSessions(watch) > 0 || !child.alive());
                } else {
                    long done = Fixtures.doneChunks(watch, "public.events");
                    Fixtures.await(LIMIT, "the next chunk commits",
                            () -> Fixtures.doneChunks(watch, "public.events") > done || !child.alive());
                }
                assertTrue(child.alive(), "the child must still be copying: " + child.console());
                child.kill();
                committedAtKill = checkpoints(watch);
            }
            long rowsAtKill = target.count("SELECT COUNT(*) FROM dbo.events");
            assertTrue(committedAtKill.size() < 6, "the kill left chunks of events to copy: " + committedAtKill);
            assertEquals(5000L * committedAtKill.size(), rowsAtKill,
                    "only committed chunks are in the target (a half-written chunk rolled back with the session)");

            MigrateDbHarness.Result r = h.set("copy.throttle.batchesPerSecond", "0").run("resume");

            assertEquals(0, r.exitCode(), r.all());
            SourceFaultTest.assertCompletedAndVerified(r);
            try (Connection s = TestPostgres.connect(source); Connection t = target.connect()) {
                Fixtures.assertNothingLostNothingDuplicated(s, t);
                Map<Long, String> after = checkpoints(t);
                committedAtKill.forEach((chunk, at) -> assertEquals(at, after.get(chunk),
                        "chunk " + chunk + " was committed before the kill and must not be copied again"));
                assertEquals(6, after.size(), "every chunk of events done once");
                assertEquals(1, target.count("SELECT COUNT(*) FROM dbo.migratedb_run"), "resume continues the run");
            }
        }
    }

    /** chunk number → commit time of the committed chunks of events. */
    private static Map<Long, String> checkpoints(Connection target) throws Exception {
        Map<Long, String> out = new TreeMap<>();
        try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT chunk_no, committed_at FROM dbo.migratedb_chunk WHERE table_name = 'public.events' "
                        + "AND status = 'done'")) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getString(2));
            }
        }
        return out;
    }
}
