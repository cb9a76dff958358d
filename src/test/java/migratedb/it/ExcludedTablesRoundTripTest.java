package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.demo.DemoDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The excluded tables' way around the migration: export before (CSV, TXT or XLSX), migrate without them, import
 * after into the target with the copy's checks and verification; the rows arrive exactly, including NULL versus
 * empty text, quotes, separators, tabs, line breaks, carriage returns, backslashes, non-ASCII text and bytes.
 * (Files as Excel saves them, and failed imports: ExcelSavedFilesImportTest.)
 */
class ExcludedTablesRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void exportMigrateImportRoundTripsThePersonalPasswordsExactlyAsCsvTxtAndXlsx() throws Exception {
        String source = TestPostgres.newDatabase("excluded");
        try (Connection c = TestPostgres.connect(source); Statement st = c.createStatement()) {
            DemoDatabase.loadSample(c, 500);
            st.execute("INSERT INTO personal_passwords (user_id, title, secret, url) VALUES "
                    + "(1, E'quote \" comma , tab \\t newline \\n cr \\r backslash \\\\ \\\\N ünïcødé ✓', "
                    + "'\\x00ff0a2c22'::bytea, ''), (2, 'plain', ''::bytea, NULL)");
        }
        MigrateDbHarness h = new MigrateDbHarness(dir, source)
                .set("migration.excludedTables", "public.personal_passwords")
                .set("migration.protectedColumns", "public.accounts.password");
        Path exports = dir.resolve("exports");

        MigrateDbHarness.Result csv = h.run("export-excluded", "--dir", exports.toString());
        MigrateDbHarness.Result txt = h.run("export-excluded", "--dir", exports.toString(), "--txt");
        MigrateDbHarness.Result xlsx = h.run("export-excluded", "--dir", exports.toString(), "--format", "xlsx");
        assertEquals(0, csv.exitCode(), csv.all());
        assertEquals(0, txt.exitCode(), txt.all());
        assertEquals(0, xlsx.exitCode(), xlsx.all());
        Path csvFile = exports.resolve("public.personal_passwords.csv");
        Path txtFile = exports.resolve("public.personal_passwords.txt");
        Path xlsxFile = exports.resolve("public.personal_passwords.xlsx");
        for (Path f : List.of(csvFile, txtFile, xlsxFile)) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(f), "personal data must be readable by its owner only: " + f);
        }
        try (var files = Files.list(exports)) {
            assertEquals(3, files.count(), "no partial file is left beside the exports");
        }

        assertEquals(0, h.run("migrate").exitCode());
        assertTrue(!h.targetTables().contains("dbo.personal_passwords"));

        // the export starts with a byte-order mark (Excel needs it to read UTF-8); a tool that adds one more
        // (Windows PowerShell 5's Set-Content -Encoding UTF8 on the file's text) changes nothing
        Files.writeString(csvFile, "\uFEFF" + Files.readString(csvFile));
        MigrateDbHarness.Result imported = h.run("import-excluded", "--file", csvFile.toString());
        assertEquals(0, imported.exitCode(), imported.all());
        JsonNode report = MigrateDbHarness.report(imported.out());
        assertEquals("import-excluded", report.get("command").asText());
        JsonNode table = report.get("tables").get(0);
        assertTrue(table.get("verified").asBoolean(), table.toString());
        assertEquals(3002, table.get("rowsWritten").asLong());
        assertSameRows(source, h);

        // the table now has rows: a second import is refused, nothing is doubled
        MigrateDbHarness.Result again = h.run("import-excluded", "--file", txtFile.toString());
        assertEquals(1, again.exitCode(), again.all());
        assertTrue(again.out().contains("already has 3002 row(s)"), again.out());
        assertEquals(3002, h.targetCount("dbo.personal_passwords"));
        assertEquals("IMPORT_TARGET_NOT_EMPTY", MigrateDbHarness.report(again.out()).get("failure").get("code")
                .asText());

        try (Connection c = h.target(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM dbo.personal_passwords");
        }
        MigrateDbHarness.Result fromTxt = h.run("import-excluded", "--file", txtFile.toString(),
                "--table", "public.personal_passwords");
        assertEquals(0, fromTxt.exitCode(), fromTxt.all());
        assertSameRows(source, h);

        try (Connection c = h.target(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE dbo.personal_passwords");
        }
        MigrateDbHarness.Result fromXlsx = h.run("import-excluded", "--file", xlsxFile.toString());
        assertEquals(0, fromXlsx.exitCode(), fromXlsx.all());
        assertTrue(fromXlsx.out().contains("as XLSX, sheet 'public.personal_passwords': 3,002 row(s)"),
                fromXlsx.out());
        assertTrue(MigrateDbHarness.report(fromXlsx.out()).get("tables").get(0).get("verified").asBoolean());
        assertSameRows(source, h);

        // the serial id is an IDENTITY again, continuing where PostgreSQL's sequence would
        long sourceNext;
        try (Connection pg = TestPostgres.connect(source); Statement st = pg.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT last_value + 1 FROM personal_passwords_id_seq")) {
            rs.next();
            sourceNext = rs.getLong(1);
        }
        try (Connection c = h.target(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO dbo.personal_passwords (user_id, title, secret) "
                    + "SELECT user_id, N'added in the target', secret FROM dbo.personal_passwords WHERE id = 1");
            try (java.sql.ResultSet rs = st.executeQuery("SELECT MAX(id) FROM dbo.personal_passwords")) {
                rs.next();
                assertEquals(sourceNext, rs.getLong(1), "a row added after the import takes the next id");
            }
        }
    }

    private static void assertSameRows(String source, MigrateDbHarness h) throws Exception {
        EndToEndMigrationTest.assertSameRows("public.personal_passwords",
                EndToEndMigrationTest.rows(TestPostgres.connect(source), "SELECT * FROM personal_passwords"),
                EndToEndMigrationTest.rows(h.target(), "SELECT * FROM dbo.personal_passwords"));
    }
}
