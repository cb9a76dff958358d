package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.config.Home;
import migratedb.config.Settings;
import migratedb.copy.ProgressListener;
import migratedb.demo.DemoDatabase;
import migratedb.ops.ExcludedTables;
import migratedb.ops.ImportResult;
import migratedb.ops.tablefile.TableFileFormat;
import migratedb.source.postgres.SourceSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product document's way back for personal passwords: export, open in Excel, "Save as", import. Every file
 * Excel writes imports through the real command ({@link ExcelFixtures}: CSV UTF-8, CSV with ';' in Windows-1252,
 * Text (Tab delimited), Unicode Text, .xlsx) with its values unchanged and verified, into the H2 stand-in after a
 * migration from a real PostgreSQL. A failed import leaves nothing behind and writes its report.
 */
class ExcelSavedFilesImportTest {
    private static final String TABLE = "dbo.personal_passwords";

    @TempDir
    static Path dir;
    static String source;
    static MigrateDbHarness h;

    @BeforeAll
    static void migrateEverythingButThePersonalPasswords() throws Exception {
        source = TestPostgres.newDatabase("excelsaved");
        try (Connection c = TestPostgres.connect(source)) {
            DemoDatabase.loadSample(c, 100);
        }
        h = new MigrateDbHarness(dir, source).set("migration.excludedTables", "public.personal_passwords")
                .set("migration.protectedColumns", "public.accounts.password");
        MigrateDbHarness.Result migrated = h.run("migrate");
        assertEquals(0, migrated.exitCode(), migrated.all());
    }

    @AfterEach
    void removeTheImportedTable() throws Exception {
        try (Connection c = h.target(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }

    @ParameterizedTest
    @EnumSource(ExcelFixtures.Saved.class)
    void everyFileExcelSavesImportsUnchangedAndVerified(ExcelFixtures.Saved saved) throws Exception {
        Path file = write(saved.name(), saved.extension(), saved.bytes());

        MigrateDbHarness.Result r = h.run("import-excluded", "--file", file.toString());

        assertEquals(0, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        assertEquals("completed", report.get("status").asText());
        JsonNode table = report.get("tables").get(0);
        assertTrue(table.get("verified").asBoolean(), table.toString());
        assertEquals(4, table.get("sourceRows").asLong());
        assertEquals(4, table.get("rowsWritten").asLong());
        assertEquals(ExcelFixtures.ROWS, targetRows());
        // the output says how the file was read, and that a file which is not UTF-8 was read as Windows-1252
        String read = switch (saved) {
            case CSV_UTF8 -> "CSV, UTF-8 with byte-order mark, separator comma";
            case CSV_SEMICOLON_1252 -> "CSV, Windows-1252, separator semicolon";
            case TEXT_TAB_1252 -> "TXT, Windows-1252, separator tab";
            case UNICODE_TEXT -> "TXT, UTF-16LE with byte-order mark (Unicode Text), separator tab";
            case XLSX -> "XLSX, sheet 'public.personal_passwords'";
        };
        assertTrue(r.out().contains(read), r.out());
        boolean ansi = saved == ExcelFixtures.Saved.CSV_SEMICOLON_1252 || saved == ExcelFixtures.Saved.TEXT_TAB_1252;
        assertEquals(ansi, r.out().contains("Warning: The file is not UTF-8, so it was read as Windows-1252"),
                r.out());
    }

    @Test
    void theFixturesAreTheBytesExcelWrites() {
        byte[] utf8 = ExcelFixtures.Saved.CSV_UTF8.bytes();
        byte[] ansi = ExcelFixtures.Saved.CSV_SEMICOLON_1252.bytes();
        byte[] unicode = ExcelFixtures.Saved.UNICODE_TEXT.bytes();
        assertEquals("efbbbf6964", HexFormat.of().formatHex(utf8, 0, 5), "UTF-8 byte-order mark, then 'id'");
        assertEquals("fffe690064000900", HexFormat.of().formatHex(unicode, 0, 8), "FF FE, then 'id' and a tab");
        assertEquals("0d000a00", HexFormat.of().formatHex(unicode, unicode.length - 4, unicode.length),
                "the last record ends with CRLF in UTF-16LE");
        String latin = new String(ansi, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(latin.contains("Zo\u00eb's bank"), "ë is the single byte EB");
        assertTrue(latin.contains("\u0080 100"), "€ is the single byte 80 of Windows-1252");
        assertEquals("504b0304", HexFormat.of().formatHex(ExcelFixtures.xlsx(), 0, 4), "an .xlsx is a ZIP archive");
    }

    @Test
    void aValueThatDoesNotParseIsRefusedBeforeTheTargetIsTouchedAndTheReportSaysWhere() throws Exception {
        Path file = write("badvalue", ".csv", ("\uFEFFid,user_id,title,secret,url\r\n1,1,a,\\x00,u\r\n"
                + "2,not a number,b,\\x01,v\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        MigrateDbHarness.Result r = h.run("import-excluded", "--file", file.toString());

        assertEquals(1, r.exitCode(), r.all());
        assertTrue(r.out().contains("record 3, column user_id: 'not a number' is not a whole number"), r.out());
        assertFalse(h.targetTables().contains(TABLE), "no table is left behind");
        JsonNode report = MigrateDbHarness.report(r.out());
        assertEquals("failed", report.get("status").asText());
        assertEquals("IMPORT_FILE_INVALID", report.get("failure").get("code").asText());
        assertTrue(report.get("failure").get("error").asText().contains("record 3, column user_id"));
    }

    /** A migration (or another import) holding the target's run lock refuses the import, which touches nothing. */
    @Test
    void anImportWhileARunWorksOnTheTargetIsRefusedAndTouchesNothing() throws Exception {
        Path file = write("locked", ".csv", ExcelFixtures.Saved.CSV_UTF8.bytes());
        String target = migratedb.sink.TargetConnector.from(migratedb.config.Settings.load(h.configFile(), null,
                List.of(), Map.of())).displayUrl();

        MigrateDbHarness.Result r;
        try (migratedb.ops.RunLock held = migratedb.ops.RunLock.acquire(Home.resolve("work/locks"), target,
                "20261203-120000-abcd", "migrate")) {
            r = h.run("import-excluded", "--file", file.toString());
        }

        assertEquals(1, r.exitCode(), r.all());
        assertEquals("RUN_IN_PROGRESS", MigrateDbHarness.report(r.out()).get("failure").get("code").asText());
        assertTrue(r.out().contains("run 20261203-120000-abcd"), "the holder is named: " + r.out());
        assertFalse(h.targetTables().contains(TABLE), "nothing was created");
        MigrateDbHarness.Result after = h.run("import-excluded", "--file", file.toString());
        assertEquals(0, after.exitCode(), "the lock was released with the run: " + after.all());
    }

    @Test
    void rowsTheTargetRefusesAreRolledBackAndTheTableTheImportCreatedIsRemoved() throws Exception {
        String tooLong = "x".repeat(201); // title is varchar(200)
        Path file = write("toolong", ".csv", ("id,user_id,title,secret,url\r\n1,1,ok,\\x00,\r\n2,1," + tooLong
                + ",\\x01,\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        MigrateDbHarness.Result r = h.run("import-excluded", "--file", file.toString());

        assertEquals(1, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        assertEquals("failed", report.get("status").asText());
        assertEquals("IMPORT_ROWS_REFUSED", report.get("failure").get("code").asText());
        assertTrue(report.get("failure").get("effect").asText().contains("was removed"), report.toString());
        assertFalse(h.targetTables().contains(TABLE), "the table the import created is removed");
        assertTrue(Files.exists(Home.resolve("reports").resolve(report.get("runId").asText()).resolve("rejects")
                .resolve("public.personal_passwords.csv")), "the refused row is listed");
    }

    @Test
    void keysTheTargetRefusesAfterTheLoadUndoTheImportAndAnEmptyTableThatWasThereStays() throws Exception {
        Path orphan = write("orphan", ".csv", ("id,user_id,title,secret,url\r\n1,1,ok,\\x00,\r\n"
                + "2,99999,no such user,\\x01,\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));

        MigrateDbHarness.Result created = h.run("import-excluded", "--file", orphan.toString());

        assertEquals(1, created.exitCode(), created.all());
        JsonNode report = MigrateDbHarness.report(created.out());
        assertEquals("IMPORT_KEYS_REFUSED", report.get("failure").get("code").asText(), report.toString());
        assertFalse(h.targetTables().contains(TABLE), "the rows were committed, then the table was removed");

        // a table that was there before (empty, without the foreign key) is kept, and only the rows the import
        // committed are taken back
        try (Connection c = h.target(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + TABLE + " (id INT NOT NULL PRIMARY KEY, user_id INT NOT NULL, "
                    + "title NVARCHAR(200) NOT NULL, secret VARBINARY(1000) NOT NULL, url NVARCHAR(1000))");
        }
        MigrateDbHarness.Result existing = h.run("import-excluded", "--file", orphan.toString());
        assertEquals(1, existing.exitCode(), existing.all());
        assertTrue(h.targetTables().contains(TABLE));
        assertEquals(0, h.targetCount(TABLE));
        assertTrue(existing.out().contains("(empty before the import) were deleted"), existing.out());
    }

    @Test
    void aLoadThatFailsTransientlyIsTriedAgainFromTheFilesFirstRow() throws Exception {
        Path file = write("retry", ".xlsx", ExcelFixtures.xlsx());
        assertEquals(0, h.run("import-excluded", "--file", file.toString()).exitCode());
        try (Connection c = h.target(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM " + TABLE);
        }
        try (Connection blocker = h.target(); Statement st = blocker.createStatement()) {
            // another session holds an uncommitted row with the file's first id: the import's insert waits for
            // it until H2's lock timeout, a transient failure (as a deadlock victim is on SQL Server)
            blocker.setAutoCommit(false);
            st.execute("INSERT INTO " + TABLE + " (id, user_id, title, secret) VALUES (1, 1, 'held', X'00')");
            long me;
            try (ResultSet rs = st.executeQuery("SELECT SESSION_ID()")) {
                rs.next();
                me = rs.getLong(1);
            }
            CompletableFuture<MigrateDbHarness.Result> run = CompletableFuture.supplyAsync(
                    () -> h.run("import-excluded", "--file", file.toString()));
            await(() -> blockedBy(st, me) > 0, "the import waiting for the held row");
            await(() -> blockedBy(st, me) == 0 || run.isDone(), "the first attempt's lock timeout");
            blocker.rollback();
            MigrateDbHarness.Result r = run.get(120, TimeUnit.SECONDS);

            assertEquals(0, r.exitCode(), r.all());
            assertTrue(MigrateDbHarness.report(r.out()).get("tables").get(0).get("verified").asBoolean());
            assertEquals(ExcelFixtures.ROWS, targetRows(), "every row once: the retry read the file anew");
        }
    }

    private static long blockedBy(Statement st, long session) {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID = "
                + session)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void anUploadImportsThroughTheServiceWithAStructuredResultAndTheRightCounts() throws Exception {
        Settings s = Settings.load(h.configFile(), Home.resolve("conf/migration.properties"), List.of(), Map.of());
        List<Long> announced = new ArrayList<>();
        AtomicLong copied = new AtomicLong();
        ProgressListener progress = new ProgressListener() {
            @Override
            public void tableStarted(String table, long sourceRows, long alreadyCopied) {
                announced.add(sourceRows);
            }

            @Override
            public void rowsCopied(String table, long rows) {
                copied.addAndGet(rows);
            }
        };
        ImportResult r;
        try (SourceSession session = SourceSession.open(s)) {
            r = new ExcludedTables(s, session.source()).importFile(new ByteArrayInputStream(
                    ExcelFixtures.Saved.CSV_SEMICOLON_1252.bytes()), "Personal passwords (saved by Excel).csv",
                    "public.personal_passwords", progress);
        }

        assertTrue(r.succeeded(), String.valueOf(r.failure()));
        assertEquals(List.of(4L), announced, "the progress knows the file's rows before the load (never '4 of 0')");
        assertEquals(4, copied.get());
        assertEquals("public.personal_passwords", r.table());
        assertEquals("dbo.personal_passwords", r.targetTable());
        assertEquals("Windows-1252", r.layout().encoding());
        assertEquals(";", r.layout().separator());
        assertEquals(4, r.fileRows());
        assertEquals(4, r.rowsWritten());
        assertEquals(4, r.targetRows());
        assertTrue(r.verified());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("Windows-1252")), r.warnings().toString());
        assertNotNull(r.report());
        assertTrue(Files.exists(r.reportDir().resolve("report.json")));
        assertEquals(ExcelFixtures.ROWS, targetRows());
        try (var uploads = Files.list(Home.resolve("work/uploads"))) {
            assertEquals(0, uploads.count(), "the uploaded copy is deleted");
        }
    }

    @Test
    void aDownloadedXlsxExportUploadsBackExactly() throws Exception {
        Settings s = Settings.load(h.configFile(), Home.resolve("conf/migration.properties"), List.of(), Map.of());
        ByteArrayOutputStream download = new ByteArrayOutputStream();
        ImportResult r;
        try (SourceSession session = SourceSession.open(s)) {
            ExcludedTables excluded = new ExcludedTables(s, session.source());
            assertEquals(3000, excluded.export("public.personal_passwords", TableFileFormat.XLSX, download));
            r = excluded.importFile(new ByteArrayInputStream(download.toByteArray()), "passwords.xlsx",
                    "public.personal_passwords", ProgressListener.NONE);
        }

        assertTrue(r.succeeded(), String.valueOf(r.failure()));
        assertEquals("passwords.xlsx", r.file());
        assertEquals(TableFileFormat.XLSX, r.layout().format());
        assertEquals(3000, r.rowsWritten());
        EndToEndMigrationTest.assertSameRows("public.personal_passwords",
                EndToEndMigrationTest.rows(TestPostgres.connect(source), "SELECT * FROM personal_passwords"),
                EndToEndMigrationTest.rows(h.target(), "SELECT * FROM " + TABLE));
    }

    private static Path write(String folder, String extension, byte[] bytes) throws Exception {
        Path file = dir.resolve(folder).resolve("public.personal_passwords" + extension);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

    /** The target's rows as text: id, user_id, title, secret as hex, url (null stays null), by id. */
    private static List<List<String>> targetRows() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = h.target(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, user_id, title, secret, url FROM " + TABLE + " ORDER BY id")) {
            while (rs.next()) {
                rows.add(java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3),
                        HexFormat.of().formatHex(rs.getBytes(4)), rs.getString(5)));
            }
        }
        return rows;
    }
}
