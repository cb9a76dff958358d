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

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two reliability cases only a real SQL Server can show (opt-in, like RealSqlServerEndToEndTest: set
 * MIGRATEDB_TEST_MSSQL_URL, _USER and _PASSWORD; the URL must name host and port): a certificate whose host name
 * does not match is refused, and a stalled network to the target ends the run within its timeouts instead of
 * hanging. JUnit reports them as skipped, with the reason, when no server is given.
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
}
