package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.demo.DemoDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end scenario against a REAL SQL Server: opt-in, because no SQL Server can run on our CI machines.
 * Set MIGRATEDB_TEST_MSSQL_URL (a jdbc:sqlserver:// URL to an EMPTY database, e.g.
 * {@code jdbc:sqlserver://host:1433;databaseName=MigrateDbTest;encrypt=true;trustServerCertificate=true}),
 * MIGRATEDB_TEST_MSSQL_USER and MIGRATEDB_TEST_MSSQL_PASSWORD; JUnit reports the test as skipped otherwise.
 * It covers key setup (default mode), protected columns, TLS, bulk copy, finalize and verification.
 */
@EnabledIfEnvironmentVariable(named = "MIGRATEDB_TEST_MSSQL_URL", matches = "jdbc:sqlserver:.*",
        disabledReason = "no real SQL Server given: set MIGRATEDB_TEST_MSSQL_URL, _USER and _PASSWORD to run it")
class RealSqlServerEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void migratesTheSampleIntoSqlServerAndEveryTableVerifies() throws Exception {
        String source = TestPostgres.newDatabase("mssql");
        try (Connection c = TestPostgres.connect(source)) {
            DemoDatabase.loadSample(c, 20_000);
        }
        Map<String, String> env = System.getenv();
        MigrateDbHarness h = new MigrateDbHarness(dir, source)
                .set("target.url", env.get("MIGRATEDB_TEST_MSSQL_URL"))
                .set("target.user", env.getOrDefault("MIGRATEDB_TEST_MSSQL_USER", "sa"))
                .set("target.password", env.getOrDefault("MIGRATEDB_TEST_MSSQL_PASSWORD", ""))
                .set("migration.excludedTables", "public.personal_passwords")
                .set("migration.protectedColumns", "public.accounts.password")
                .set("copy.chunkRows", "5000");
        Files.setPosixFilePermissions(h.configFile(), PosixFilePermissions.fromString("rw-------"));

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        assertEquals("completed", report.get("status").asText());
        for (JsonNode t : report.get("tables")) {
            assertTrue(t.get("verified").asBoolean(), t.toString());
        }
        for (String table : new String[]{"users", "resources", "audit_trail", "app_settings", "api_keys"}) {
            EndToEndMigrationTest.assertSameRows(table,
                    EndToEndMigrationTest.rows(TestPostgres.connect(source), "SELECT * FROM public." + table),
                    EndToEndMigrationTest.rows(h.target(), "SELECT * FROM dbo." + table));
        }
    }
}
