package migratedb.ops.tablefile;

import migratedb.it.ExcelFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Table files in every form Excel (and MigrateDB's export) writes, read into the same records. */
class TableFileReaderTest {
    private static final List<String> COLUMNS = List.of("id", "user_id", "title", "secret", "url");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ExcelFixtures.Saved.class)
    void everyExcelFormReadsToTheSameRecords(ExcelFixtures.Saved saved) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (List<String> r : read(file("public.personal_passwords" + saved.extension(), saved.bytes()))) {
            List<String> padded = new ArrayList<>(r);
            while (padded.size() < COLUMNS.size()) {
                padded.add(null); // a sheet has no cell for an empty value at the end of a row
            }
            rows.add(padded);
        }

        List<List<String>> expected = new ArrayList<>();
        expected.add(COLUMNS);
        for (List<String> r : ExcelFixtures.ROWS) {
            List<String> e = new ArrayList<>(r);
            e.set(3, "\\x" + r.get(3)); // the secret as written in the file
            expected.add(e);
        }
        assertEquals(expected, rows);
    }

    @Test
    void theSeparatorComesFromTheHeaderLine() throws Exception {
        assertEquals(";", layout("a.csv", "id;user_id;title;secret;url\r\n1;1;a,b;\\x;\r\n").separator());
        assertEquals("\t", layout("a.csv", "id\tuser_id\ttitle\tsecret\turl\n").separator());
        assertEquals("|", layout("a.txt", "id|user_id|title|secret|url\n").separator());
        assertEquals(",", layout("a.txt", "id,user_id,title,secret,url\n").separator());
        // a comma inside a quoted column name is no separator; the split that finds the table's names wins
        assertEquals(";", layout("a.csv", "\"id,x\";id;user_id;title;secret;url\n").separator());
        assertEquals(";", layout("a.csv", "id;user_id;title,x;secret;url\n").separator());
    }

    @Test
    void aTableOfOneColumnTakesTheSeparatorOfTheFileName() throws Exception {
        assertEquals("\t", DelimitedFileReader.separator("title", TableFileFormat.TXT, List.of("title")) + "");
        assertEquals(",", DelimitedFileReader.separator("title", TableFileFormat.CSV, List.of("title")) + "");
    }

    @Test
    void anExcelSepLineNamesTheSeparatorAndIsNoRecord() throws Exception {
        List<List<String>> rows = read(file("a.csv", "sep=;\r\nid;title\r\n1;a,b\r\n"));
        assertEquals(List.of(List.of("id", "title"), List.of("1", "a,b")), rows);
    }

    @Test
    void theEncodingComesFromTheByteOrderMarkOrTheBytes() throws Exception {
        String text = "id,title\r\n1,Zoë €\r\n";
        assertEquals("UTF-8 with byte-order mark", layout("a.csv", bytes("\uFEFF" + text, StandardCharsets.UTF_8))
                .encoding());
        assertEquals("UTF-16LE with byte-order mark (Unicode Text)", layout("a.csv",
                bytes("\uFEFF" + text, StandardCharsets.UTF_16LE)).encoding());
        assertEquals("UTF-16BE with byte-order mark", layout("a.csv", bytes("\uFEFF" + text,
                StandardCharsets.UTF_16BE)).encoding());
        assertEquals("UTF-8", layout("a.csv", bytes(text, StandardCharsets.UTF_8)).encoding());
        assertEquals("Windows-1252", layout("a.csv", bytes(text, Charset.forName("windows-1252"))).encoding());
        for (Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            assertEquals(List.of("1", "Zoë €"), read(file("b.csv", bytes("\uFEFF" + text, cs))).get(1));
        }
        assertEquals(List.of("1", "Zoë €"), read(file("c.csv", bytes(text, Charset.forName("windows-1252"))))
                .get(1));
    }

    @Test
    void aFileReadAsWindows1252SaysSo() throws Exception {
        try (TableFileReader r = TableFileReader.open(file("a.csv", bytes("id\r\nZoë\r\n",
                Charset.forName("windows-1252"))), null, List.of("id"))) {
            assertEquals(1, r.warnings().size());
            assertTrue(r.warnings().get(0).contains("read as Windows-1252"), r.warnings().toString());
        }
        try (TableFileReader r = TableFileReader.open(file("b.csv", bytes("id\r\nZoë\r\n", StandardCharsets.UTF_8)),
                null, List.of("id"))) {
            assertEquals(List.of(), r.warnings());
        }
    }

    @Test
    void lineEndsMayBeCrlfLfOrCr() throws Exception {
        List<List<String>> expected = List.of(List.of("id", "title"), List.of("1", "a"), List.of("2", "b\nc"));
        assertEquals(expected, read(file("a.csv", "id,title\r\n1,a\r\n2,\"b\nc\"\r\n")));
        assertEquals(expected, read(file("b.csv", "id,title\n1,a\n2,\"b\nc\"")));
        assertEquals(expected, read(file("c.csv", "id,title\r1,a\r2,\"b\nc\"\r")));
    }

    @Test
    void anEmptyUnquotedFieldIsNullAndAnEmptyQuotedOneIsEmptyText() throws Exception {
        List<List<String>> rows = read(file("a.csv", "a,b,c\r\n,\"\",x\r\n"));
        assertEquals(Arrays.asList(null, "", "x"), rows.get(1));
    }

    @Test
    void blankLinesAreNoRecords() throws Exception {
        assertEquals(List.of(List.of("id"), List.of("1"), List.of("2")), read(file("a.csv", "id\r\n\r\n1\r\n\r\n2\r\n")));
    }

    @Test
    void aBrokenQuoteIsRefusedNamingTheRecordAndWhatToDo() throws Exception {
        TableFileException unclosed = assertThrows(TableFileException.class,
                () -> read(file("a.csv", "id,title\r\n1,a\r\n2,\"open\r\n3,c\r\n")));
        assertTrue(unclosed.getMessage().startsWith("record 3"), unclosed.getMessage());
        assertTrue(unclosed.getMessage().contains("a quoted value is never closed"), unclosed.getMessage());
        TableFileException trailing = assertThrows(TableFileException.class,
                () -> read(file("b.csv", "id,title\r\n1,\"a\"b\r\n")));
        assertTrue(trailing.getMessage().startsWith("record 2"), trailing.getMessage());
        assertTrue(trailing.getMessage().contains("doubled"), trailing.getMessage());
    }

    @Test
    void bytesThatAreNeitherUtf8NorWindows1252AreRefusedNamingTheRecord() throws Exception {
        byte[] b = bytes("id,title\r\n1,a\r\n2,b\r\n", StandardCharsets.US_ASCII);
        byte[] bad = Arrays.copyOf(b, b.length + 5);
        System.arraycopy(new byte[]{'3', ',', (byte) 0x81, '\r', '\n'}, 0, bad, b.length, 5);
        TableFileException e = assertThrows(TableFileException.class, () -> read(file("a.csv", bad)));
        assertTrue(e.getMessage().startsWith("record 4, field 2: the bytes are not valid Windows-1252"),
                e.getMessage());
    }

    @Test
    void filesThatAreNoTableFileAreRefusedWithWhatToDo() throws Exception {
        byte[] ole2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        TableFileException xls = assertThrows(TableFileException.class, () -> read(file("a.xls", ole2)));
        assertTrue(xls.getMessage().contains("Excel 97-2003"), xls.getMessage());
        TableFileException fake = assertThrows(TableFileException.class, () -> read(file("a.xlsx", "id\r\n1\r\n")));
        assertTrue(fake.getMessage().contains("not a workbook"), fake.getMessage());
        TableFileException utf16 = assertThrows(TableFileException.class,
                () -> read(file("a.txt", bytes("id\ttitle\r\n", StandardCharsets.UTF_16LE))));
        assertTrue(utf16.getMessage().contains("UTF-16 text without a byte-order mark"), utf16.getMessage());
        TableFileException empty = assertThrows(TableFileException.class, () -> read(file("a.csv", new byte[0])));
        assertEquals("the file is empty", empty.getMessage());
    }

    private Path file(String name, String text) throws Exception {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private Path file(String name, byte[] bytes) throws Exception {
        Path f = Files.createTempDirectory(dir, "f").resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static byte[] bytes(String s, Charset cs) {
        return s.getBytes(cs);
    }

    private FileLayout layout(String name, String text) throws Exception {
        return layout(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private FileLayout layout(String name, byte[] bytes) throws Exception {
        try (TableFileReader r = TableFileReader.open(file(name, bytes), null, COLUMNS)) {
            return r.layout();
        }
    }

    /** Header and records, as read. */
    static List<List<String>> read(Path file) throws Exception {
        try (TableFileReader r = TableFileReader.open(file, null, COLUMNS)) {
            List<List<String>> out = new ArrayList<>();
            out.add(r.header());
            for (FileRecord rec = r.next(); rec != null; rec = r.next()) {
                out.add(rec.values());
            }
            return out;
        }
    }
}
