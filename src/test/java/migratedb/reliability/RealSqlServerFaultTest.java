package migratedb.reliability;

import migratedb.demo.DemoDatabase;
import migratedb.it.MigrateDbHarness;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reliability cases only a real SQL Server can show (opt-in, like RealSqlServerEndToEndTest: set
 * MIGRATEDB_TEST_MSSQL_URL, _USER and _PASSWORD; the URL must name host and port): a certificate whose host name
 * does not match is refused, a stalled network to the target ends the run within its timeouts instead of
 * hanging, and statements SQL Server refuses in finalize are reported by their error number (a duplicate key,
 * 1505; a conflict with existing rows, 547). JUnit reports them as skipped, with the reason, when no server is
 * given.
 */
@EnabledIfEnvironmentVariable(named = "MIGRATEDB_TEST_MSSQL_URL", matches = "jdbc:sqlserver://[^;]+:\\d+;.*",
        disabledReason = "no real SQL Server given: set MIGRATEDB_TEST_MSSQL_URL (with host:port), _USER and _PASSWORD")
class RealSqlServerFaultTest {
    private static final Pattern HOST_PORT = Pattern.compile("jdbc:sqlserver://([^;:]+):(\\d+)(;.*)");

    @TempDir
    Path dir;

    private MigrateDbHarness harness(String targetUrl) throws Exception {
        String source = TestPostgres.newDatabase("mssql_fault");
        try (Connection c = TestPostgres.connect(source)) {
            DemoDatabase.loadSample(c, 1_000);
        }
        Map<String, String> env = System.getenv();
        MigrateDbHarness h = new MigrateDbHarness(dir, source)
                .set("target.url", targetUrl)
                .set("target.user", env.getOrDefault("MIGRATEDB_TEST_MSSQL_USER", "sa"))
                .set("target.password", env.getOrDefault("MIGRATEDB_TEST_MSSQL_PASSWORD", ""))
                .set("migration.excludedTables", "public.personal_passwords")
                .set("migration.protectedColumns", "public.accounts.password")
                .set("copy.retry.maxAttempts", "2")
                .set("copy.retry.initialDelayMs", "100");
        Files.setPosixFilePermissions(h.configFile(), PosixFilePermissions.fromString("rw-------"));
        return h;
    }

    @Test
    void aCertificateWhoseHostNameDoesNotMatchIsRefusedBeforeAnythingIsWritten() throws Exception {
        String url = System.getenv("MIGRATEDB_TEST_MSSQL_URL")
                .replaceAll("(?i);trustServerCertificate=true", "")
                .replaceAll("(?i);hostNameInCertificate=[^;]*", "") + ";hostNameInCertificate=wrong-host.invalid";

        MigrateDbHarness.Result r = harness(url).run("migrate");

        assertNotEquals(0, r.exitCode(), r.all());
        assertTrue(r.all().toLowerCase().contains("certificate") || r.all().contains("TLS"), r.all());
        assertFalse(r.all().contains("\tat "), "one paragraph, no stack trace");
    }

    @Test
    void aStalledNetworkToTheTargetEndsTheRunWithinItsTimeoutsInsteadOfHanging() throws Exception {
        Matcher m = HOST_PORT.matcher(System.getenv("MIGRATEDB_TEST_MSSQL_URL"));
        assertTrue(m.matches(), "the URL must name host and port");
        try (TcpProxy proxy = new TcpProxy(m.group(1), Integer.parseInt(m.group(2)))) {
            MigrateDbHarness h = harness("jdbc:sqlserver://127.0.0.1:" + proxy.port() + m.group(3)
                    + ";loginTimeout=5").set("target.socketTimeoutSeconds", "5");
            proxy.stall();
            long start = System.nanoTime();

            MigrateDbHarness.Result r = h.run("migrate");

            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertNotEquals(0, r.exitCode(), r.all());
            assertTrue(seconds < 120, "ended after " + seconds + " s: the timeouts must fire, not hang");
            assertFalse(r.all().contains("\tat "), "one paragraph, no stack trace");
        }
    }

    /**
     * A harness from the given source into a database of its own (MigrateDB creates it: the login needs CREATE ANY
     * DATABASE), with target.encryption=none.
     */
    private MigrateDbHarness ownDatabase(String source, String suffix) throws Exception {
        Map<String, String> env = System.getenv();
        MigrateDbHarness h = new MigrateDbHarness(dir, source)
                .set("target.url", System.getenv("MIGRATEDB_TEST_MSSQL_URL").replaceAll(
                        "(?i)(databaseName|database)=([^;]*)", "$1=$2_" + suffix + (System.currentTimeMillis() % 100_000)))
                .set("target.user", env.getOrDefault("MIGRATEDB_TEST_MSSQL_USER", "sa"))
                .set("target.password", env.getOrDefault("MIGRATEDB_TEST_MSSQL_PASSWORD", ""))
                .set("target.encryption", "none");
        Files.setPosixFilePermissions(h.configFile(), PosixFilePermissions.fromString("rw-------"));
        return h;
    }

    /**
     * The failure seen over TDS, now classified: a case-only duplicate the assessment did not stop (its collation
     * check switched off, test-only) is copied, then SQL Server refuses the unique index in finalize (error 1505):
     * the entry is the duplicate key's, naming the value SQL Server names, and says nothing about permissions.
     */
    @Test
    void aUniqueIndexSqlServerRefusesInFinalizeIsReportedAsADuplicateKeyWithItsValue() throws Exception {
        String source = TestPostgres.newDatabase("mssql_dup");
        TestPostgres.execute(source, """
                CREATE TABLE users (id int PRIMARY KEY, login varchar(40) NOT NULL UNIQUE);
                INSERT INTO users VALUES (1, 'Alice'), (2, 'alice')""");
        MigrateDbHarness h = ownDatabase(source, "dup");
        MigrateDbHarness.Result r;
        System.setProperty("migratedb.test.skipChecks", "collation-duplicate");
        try {
            r = h.run("migrate");
        } finally {
            System.clearProperty("migratedb.test.skipChecks");
        }

        assertNotEquals(0, r.exitCode(), r.all());
        com.fasterxml.jackson.databind.JsonNode failure = MigrateDbHarness.report(r.out()).get("failure");
        assertEquals("DDL_DUPLICATE_KEY", failure.get("code").asText(), failure.toString());
        assertTrue(failure.get("error").asText().toLowerCase().contains("(alice)"), failure.toString());
        assertFalse(failure.toString().toLowerCase().contains("permission"), failure.toString());
    }

    /**
     * A CHECK PostgreSQL holds (code <> 'ADMIN', with a row 'admin') compares case-insensitively in SQL Server:
     * created WITH CHECK in finalize it conflicts with that row (error 547), reported as a constraint conflict.
     */
    @Test
    void aCheckThatComparesDifferentlyUnderTheCollationIsReportedAsAConstraintConflict() throws Exception {
        String source = TestPostgres.newDatabase("mssql_check");
        TestPostgres.execute(source, """
                CREATE TABLE roles (id int PRIMARY KEY, code varchar(20) NOT NULL CONSTRAINT roles_not_admin
                                    CHECK (code <> 'ADMIN'));
                INSERT INTO roles VALUES (1, 'admin'), (2, 'user')""");

        MigrateDbHarness.Result r = ownDatabase(source, "check").run("migrate");

        assertNotEquals(0, r.exitCode(), r.all());
        com.fasterxml.jackson.databind.JsonNode failure = MigrateDbHarness.report(r.out()).get("failure");
        assertEquals("DDL_CONSTRAINT_CONFLICT", failure.get("code").asText(), failure.toString());
        assertTrue(failure.get("error").asText().contains("roles_not_admin"), failure.toString());
    }
}
