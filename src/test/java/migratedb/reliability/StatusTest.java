package migratedb.reliability;

import migratedb.config.Home;
import migratedb.it.MigrateDbHarness;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code status} names the right run of the target its --config names: the run in progress with its progress,
 * else the last run started with its state and the command that continues it — with two targets, whatever the
 * other one did last.
 */
@Tag("reliability-slow")
class StatusTest {
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void statusShowsTheRunOfItsOwnTargetWhileItRunsAfterItWasInterruptedAndAfterItCompleted() throws Exception {
        String source = TestPostgres.newDatabase("status");
        try (Connection c = TestPostgres.connect(source)) {
            Fixtures.load(c);
        }
        try (H2TcpTarget a = new H2TcpTarget(dir.resolve("a")); H2TcpTarget b = new H2TcpTarget(dir.resolve("b"))) {
            MigrateDbHarness targetA = new MigrateDbHarness(dir.resolve("conf-a"), source)
                    .set("target.url", a.url()).set("copy.chunkRows", "5000");
            MigrateDbHarness targetB = new MigrateDbHarness(dir.resolve("conf-b"), source)
                    .set("target.url", b.url()).set("copy.chunkRows", "5000").set("copy.batchSize", "500")
                    .set("copy.throttle.batchesPerSecond", "3").set("copy.parallelTables", "1");
            java.nio.file.Files.createDirectories(dir.resolve("conf-a"));
            java.nio.file.Files.createDirectories(dir.resolve("conf-b"));

            MigrateDbHarness.Result completed = targetA.run("migrate");
            assertEquals(0, completed.exitCode(), completed.all());
            String runA = MigrateDbHarness.report(completed.out()).get("runId").asText();

            String runB;
            try (Connection watch = b.connect();
                 ChildMigrateDb child = ChildMigrateDb.start(Home.dir(), "UTC", dir.resolve("child.out"),
                         "migrate", "--config", targetB.configFile().toString())) {
                Fixtures.await(LIMIT, "two chunks of events are committed in B",
                        () -> Fixtures.doneChunks(watch, "public.events") >= 2 || !child.alive());
                assertTrue(child.alive(), child.console());

                String during = status(targetB);
                Matcher running = Pattern.compile("Run (\\S+) \\(migrate\\): running").matcher(during);
                assertTrue(running.find(), during);
                runB = running.group(1);
                assertTrue(during.contains("in process " + child.pid() + " (migrate)"), during);
                assertTrue(Pattern.compile("public\\.events\\s+[0-9,]+\\s+[2-6] of 6").matcher(during).find(),
                        "the run's progress from its chunk table:\n" + during);
                assertTrue(during.contains("kill -INT " + child.pid()), during);
                String otherDuring = status(targetA);
                assertTrue(otherDuring.contains("Run " + runA + " (migrate): completed"), otherDuring);
                assertFalse(otherDuring.contains(runB), "the other target's run is not this one's: " + otherDuring);

                new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor();
                assertEquals(130, child.await(LIMIT.toSeconds()), child.console());
            }

            String interrupted = status(targetB);
            assertTrue(interrupted.contains("Run " + runB + " (migrate): interrupted"), interrupted);
            assertTrue(interrupted.contains("Next: ./run.sh resume --config " + targetB.configFile()), interrupted);
            assertTrue(Pattern.compile("public\\.events\\s+[0-9,]+\\s+[2-6] of 6").matcher(interrupted).find(),
                    interrupted);
            String other = status(targetA);
            assertTrue(other.contains("Run " + runA + " (migrate): completed"), other);
            assertFalse(other.contains("Next:"), "nothing to continue on a completed run: " + other);

            MigrateDbHarness.Result resumed = targetB.set("copy.throttle.batchesPerSecond", "0").run("resume");
            assertEquals(0, resumed.exitCode(), resumed.all());
            String done = status(targetB);
            assertTrue(done.contains("Run " + runB + " (resume): completed"), done);
            assertTrue(done.contains("public.events                                30,000  6 of 6"), done);
        }
    }

    @Test
    void statusOfATargetWithoutAnyRunSaysSoAndHowToStart() throws Exception {
        try (H2TcpTarget empty = new H2TcpTarget(dir.resolve("empty"))) {
            MigrateDbHarness h = new MigrateDbHarness(dir, TestPostgres.newDatabase("status_none"))
                    .set("target.url", empty.url());

            String out = status(h);

            assertTrue(out.contains("State: none"), out);
            assertTrue(out.contains("Next: ./run.sh migrate --config " + h.configFile()), out);
        }
    }

    private static String status(MigrateDbHarness h) {
        MigrateDbHarness.Result r = h.run("status");
        assertEquals(0, r.exitCode(), r.all());
        return r.out();
    }
}
