package migratedb.reliability;

import migratedb.it.MigrateDbHarness;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * logs/migration.log is worth tailing: with the logging configuration run.sh uses, every line of a run names the
 * run and the stage (the copy workers' lines too), and the framework's start and stop chatter stays out.
 */
@Tag("reliability-slow")
class RouteLogTest {
    private static final Pattern LINE = Pattern.compile("^\\S+ (\\S+)\\s+\\[[^]]*] (\\S+) run=(\\S+) stage=(\\S+) "
            + "table=(\\S+) - .*$");

    @TempDir
    Path dir;

    @Test
    void everyLineOfARunNamesTheRunAndTheCopyLinesTheirStageWithoutFrameworkChatter() throws Exception {
        String source = TestPostgres.newDatabase("route_log");
        try (Connection c = TestPostgres.connect(source)) {
            Fixtures.load(c);
        }
        Path home = dir.resolve("home");
        MigrateDbHarness h = new MigrateDbHarness(dir, source).set("copy.chunkRows", "5000")
                .set("copy.parallelTables", "2");
        String console;
        try (ChildMigrateDb child = ChildMigrateDb.start(List.of("-Dlogback.configurationFile="
                + Path.of("conf/logback.xml").toAbsolutePath()), home, "UTC", dir.resolve("child.out"), "migrate",
                "--config", h.configFile().toString())) {
            assertEquals(0, child.await(120), child.console());
            console = child.console();
        }
        Matcher id = Pattern.compile("Run (\\S+) completed").matcher(console);
        assertTrue(id.find(), console);
        String runId = id.group(1);

        List<String> lines = Files.readAllLines(home.resolve("logs/migration.log"));
        assertFalse(lines.isEmpty());
        long copyLines = 0;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            assertTrue(m.matches(), "a line of the route log without its context: " + line);
            assertEquals(runId, m.group(3), "every line names the run: " + line);
            assertFalse(m.group(2).startsWith("o.a.c") || m.group(2).startsWith("org.apache.camel"),
                    "Camel's chatter stays out of the route log: " + line);
            if (line.contains("Committed public.events chunk")) {
                assertEquals("copy", m.group(4), "a copy worker's line names its stage: " + line);
                assertEquals("public.events", m.group(5), line);
                copyLines++;
            }
        }
        assertEquals(6, copyLines, "one line per committed chunk of events");
        assertTrue(lines.stream().anyMatch(l -> l.contains("stage=verify")), "the verify stage is named");
        assertTrue(lines.size() < 80, "a small run's log reads in one screen or two: " + lines.size() + " lines");
    }

    @Test
    void theLoggingConfigurationOfRunShIsTheOneInTheJar() throws Exception {
        assertEquals(Files.readString(Path.of("src/main/resources/logback.xml")),
                Files.readString(Path.of("conf/logback.xml")),
                "conf/logback.xml is the same file as the default, for administrators to adapt");
    }
}
