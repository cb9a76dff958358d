package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.demo.DemoDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole pipeline through the CLI and Camel Main: embedded PostgreSQL → H2 in SQL Server mode. */
class EndToEndMigrationTest {
    @TempDir
    Path dir;

    private static final Map<String, String> TABLES = Map.of(
            "public.users", "dbo.users", "public.resources", "dbo.resources", "public.accounts", "dbo.accounts",
            "public.user_resource_grants", "dbo.user_resource_grants", "public.audit_trail", "dbo.audit_trail",
            "public.app_settings", "dbo.app_settings", "public.api_keys", "dbo.api_keys");

    @Test
    void migratesTheSampleInChunksAndParallelTablesAndEveryTableVerifies() throws Exception {
        String source = TestPostgres.newDatabase("e2e");
        try (Connection c = TestPostgres.connect(source)) {
            DemoDatabase.loadSample(c, 30_000);
        }
        MigrateDbHarness h = new MigrateDbHarness(dir, source)
                .set("migration.excludedTables", "public.personal_passwords")
                // the test compares every value on both sides: the sample's password bytes are declared, not encrypted
                .set("assess.notCredential", "public.accounts.password")
                .set("copy.chunkRows", "7000")
                .set("copy.batchSize", "1000")
                .set("copy.parallelTables", "2");

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        assertEquals("completed", report.get("status").asText());
        assertEquals(7, report.get("tables").size());
        for (JsonNode t : report.get("tables")) {
            assertTrue(t.get("verified").asBoolean(), t.toString());
            assertEquals(t.get("sourceRows").asLong(), t.get("targetRows").asLong(), t.toString());
        }
        JsonNode audit = findTable(report, "public.audit_trail");
        assertTrue(audit.get("chunks").asInt() >= 4, "audit_trail must be split into chunks: " + audit);
        assertEquals("public.personal_passwords", report.get("excluded").get(0).get("name").asText());
        assertEquals(3000, report.get("excluded").get(0).get("rows").asLong());
        assertFalse(h.targetTables().contains("dbo.personal_passwords"));

        // independent of MigrateDB's own checksums: every value of every table, compared as text, row by row
        for (Map.Entry<String, String> e : TABLES.entrySet()) {
            assertSameRows(e.getKey(), rows(TestPostgres.connect(source), "SELECT * FROM " + e.getKey()),
                    rows(h.target(), "SELECT * FROM " + e.getValue()));
        }
    }

    /** Compares two sorted row lists and names the first difference (not the whole table). */
    static void assertSameRows(String table, List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), table + " row " + i);
        }
        assertEquals(expected.size(), actual.size(), table + " row count");
    }

    private static JsonNode findTable(JsonNode report, String name) {
        for (JsonNode t : report.get("tables")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no table " + name + " in the report");
    }

    /** All rows as normalized text, sorted: the same text for the same value on both sides. */
    static List<String> rows(Connection c, String sql) throws Exception {
        try (c; Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    sb.append(ValueText.of(rs, i)).append('|');
                }
                out.add(sb.toString());
            }
            out.sort(null);
            return out;
        }
    }
}
