package migratedb.reliability;

import migratedb.it.ManyTablesFixture;
import migratedb.it.MigrateDbHarness;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection lost outside the copy is retried as a chunk is: in the preflight (while the assessment scans the
 * source's data), in finalize (a table's foreign keys) and in verify (a table's count), each by its stage's route
 * with the run's retry settings and the same line, never reported as an unreachable server; the same in the assess
 * command, which runs outside the routes. A proxy cuts the
 * connection that sends the named statement, once, before the statement reaches the server.
 */
class StageRetryTest {
    private static final int TABLES = 6;

    @TempDir
    Path dir;

    private static String source(String name) throws Exception {
        String url = TestPostgres.newDatabase(name);
        ManyTablesFixture.load(url, TABLES, 50);
        return url;
    }

    private MigrateDbHarness harness(String source) {
        return new MigrateDbHarness(dir, source)
                .set("copy.retry.initialDelayMs", "100")
                .set("preflight.allowSourceSessions", "true");
    }

    @Test
    void aSourceConnectionLostWhileTheAssessmentScansTheDataRetriesThePreflight() throws Exception {
        String direct = source("retry_preflight");
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", TestPostgres.port())) {
            // the assessment's check of a unique key against the target's collation
            proxy.cutOnceWhenSent("HAVING count(DISTINCT ".getBytes(StandardCharsets.UTF_8));
            MigrateDbHarness h = harness("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"
                    + Fixtures.databaseName(direct));
            long mark = Fixtures.troubleshootingMark();

            MigrateDbHarness.Result r = h.run("migrate");

            assertTrue(proxy.cutDone(), "the preflight's connection was cut during the data scan");
            assertEquals(0, r.exitCode(), r.all());
            assertTrue(r.all().contains("Retrying the preflight (reading the source's catalog and data) (attempt 2 "
                    + "of 6) after a transient failure: "), r.all());
            assertCompleted(h, r, direct, mark);
        }
    }

    /** With no retry left, the lost connection is reported as what it is, through the error channel and the report. */
    @Test
    void aConnectionLostInThePreflightWithNoRetryLeftIsReportedByNameNotAsAnUnreachableServer() throws Exception {
        String direct = source("retry_preflight_exhausted");
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", TestPostgres.port())) {
            proxy.cutOnceWhenSent("HAVING count(DISTINCT ".getBytes(StandardCharsets.UTF_8));
            MigrateDbHarness h = harness("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"
                    + Fixtures.databaseName(direct)).set("copy.retry.maxAttempts", "0");
            long mark = Fixtures.troubleshootingMark();

            MigrateDbHarness.Result r = h.run("migrate");

            assertTrue(proxy.cutDone());
            assertEquals(1, r.exitCode(), r.all());
            com.fasterxml.jackson.databind.JsonNode failure = MigrateDbHarness.report(r.out()).get("failure");
            assertEquals("RETRIES_EXHAUSTED", failure.get("code").asText(), failure.toString());
            assertTrue(failure.get("error").asText().startsWith("Gave up on the preflight (reading the source's catalog "
                    + "and data) after all attempts: "), failure.toString());
            assertEquals(Set.of("RETRIES_EXHAUSTED"), Fixtures.troubleshootingCodesSince(mark));
            Fixtures.assertNoStackTrace(r.all());
        }
    }

    /** The assess command (and migrate --dry-run) runs outside the pipeline's routes, and retries the same way. */
    @Test
    void aSourceConnectionLostWhileTheAssessCommandScansTheDataRetriesTheAssessment() throws Exception {
        String direct = source("retry_assess");
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", TestPostgres.port())) {
            proxy.cutOnceWhenSent("HAVING count(DISTINCT ".getBytes(StandardCharsets.UTF_8));
            MigrateDbHarness h = harness("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"
                    + Fixtures.databaseName(direct));

            MigrateDbHarness.Result r = h.run("assess");

            assertTrue(proxy.cutDone(), "the assessment's connection was cut during the data scan");
            assertEquals(0, r.exitCode(), r.all());
            assertTrue(r.all().contains("Retrying the assessment (reading the source's catalog and data) (attempt 2 "
                    + "of 6) after a transient failure: "), r.all());
        }
    }

    @Test
    void aTargetConnectionLostWhileFinalizeCreatesAForeignKeyRetriesThatTable() throws Exception {
        String source = source("retry_finalize");
        try (H2TcpTarget target = new H2TcpTarget(dir.resolve("h2"));
             TcpProxy proxy = new TcpProxy("127.0.0.1", target.port())) {
            proxy.cutOnceWhenSent("FOREIGN KEY".getBytes(StandardCharsets.UTF_16BE));
            MigrateDbHarness h = harness(source).set("target.url", target.url(proxy.port()));
            long mark = Fixtures.troubleshootingMark();

            MigrateDbHarness.Result r = h.run("migrate");

            assertTrue(proxy.cutDone(), "a finalize connection was cut while it sent a foreign key");
            assertEquals(0, r.exitCode(), r.all());
            assertTrue(r.all().matches("(?s).*Retrying the finalize of public\\.item_\\d+ \\(foreign keys\\) \\(attempt 2 "
                    + "of 6\\) after a transient failure: .*"), r.all());
            assertCompleted(h, r, source, mark, target);
            assertEquals(TABLES, target.count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE "
                    + "CONSTRAINT_TYPE = 'FOREIGN KEY'"), "every foreign key exists once");
        }
    }

    @Test
    void aTargetConnectionLostWhileVerifyCountsATableRetriesThatTable() throws Exception {
        String source = source("retry_verify");
        try (H2TcpTarget target = new H2TcpTarget(dir.resolve("h2"));
             TcpProxy proxy = new TcpProxy("127.0.0.1", target.port())) {
            proxy.cutOnceWhenSent("SELECT COUNT(*) FROM ".getBytes(StandardCharsets.UTF_16BE));
            MigrateDbHarness h = harness(source).set("target.url", target.url(proxy.port()));
            long mark = Fixtures.troubleshootingMark();

            MigrateDbHarness.Result r = h.run("migrate");

            assertTrue(proxy.cutDone(), "a verification's connection was cut while it counted a table");
            assertEquals(0, r.exitCode(), r.all());
            assertTrue(r.all().matches("(?s).*Retrying the verification of public\\.\\w+ \\(attempt 2 of 6\\) after a "
                    + "transient failure: .*"), r.all());
            assertCompleted(h, r, source, mark, target);
        }
    }

    private static void assertCompleted(MigrateDbHarness h, MigrateDbHarness.Result r, String source, long mark)
            throws Exception {
        SourceFaultTest.assertCompletedAndVerified(r);
        try (Connection s = TestPostgres.connect(source); Connection t = h.target()) {
            assertSameData(s, t);
        }
        assertEquals(Set.of(), Fixtures.troubleshootingCodesSince(mark), "a cured fault is no failure");
    }

    private static void assertCompleted(MigrateDbHarness h, MigrateDbHarness.Result r, String source, long mark,
                                        H2TcpTarget target) throws Exception {
        SourceFaultTest.assertCompletedAndVerified(r);
        try (Connection s = TestPostgres.connect(source); Connection t = target.connect()) {
            assertSameData(s, t);
        }
        assertEquals(Set.of(), Fixtures.troubleshootingCodesSince(mark), "a cured fault is no failure");
    }

    private static void assertSameData(Connection source, Connection target) throws Exception {
        for (String table : ManyTablesFixture.tableNames(TABLES)) {
            Fixtures.assertSameRows(table, Fixtures.rows(source, ManyTablesFixture.select("public", table)),
                    Fixtures.rows(target, ManyTablesFixture.select("dbo", table)));
        }
    }
}
