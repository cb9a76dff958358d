package migratedb.ops.tablefile;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the export writes, and that every form reads back to the same values. */
class TableFileWriterTest {
    private static final List<String> COLUMNS = List.of("id", "title", "note");
    private static final List<List<String>> ROWS = List.of(
            Arrays.asList("1", "quote \" comma , semicolon ; tab \t", null),
            Arrays.asList("2", "line\nbreak and cr\r and crlf\r\n", ""),
            Arrays.asList("3", "  Zoë Müller Ångström € ✓ 😀  ", "_x0041_ stays as typed"),
            Arrays.asList("4", "\\N backslash \\ and \\x00ff", "12345678901234567890"));

    @TempDir
    Path dir;

    @Test
    void csvIsUtf8WithAByteOrderMarkEveryValueQuotedAndNullUnquoted() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = TableFileWriter.write(TableFileFormat.CSV, out, "t", COLUMNS, List.of(
                Arrays.asList("1", "a \"b\", c", null), Arrays.asList("2", "", "Zoë")).iterator());

        assertEquals(2, n);
        assertEquals("\uFEFF\"id\",\"title\",\"note\"\r\n\"1\",\"a \"\"b\"\", c\",\r\n\"2\",\"\",\"Zoë\"\r\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void txtIsTheSameWithTabs() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TableFileWriter.write(TableFileFormat.TXT, out, "t", COLUMNS, List.of(Arrays.asList("1", "a\tb", null))
                .iterator());

        assertEquals("\uFEFF\"id\"\t\"title\"\t\"note\"\r\n\"1\"\t\"a\tb\"\t\r\n", out.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(TableFileFormat.class)
    void everyFormatReadsBackToTheSameValues(TableFileFormat format) throws Exception {
        Path file = dir.resolve("t" + format.extension());
        try (var out = Files.newOutputStream(file)) {
            assertEquals(4, TableFileWriter.write(format, out, "public.t", COLUMNS, ROWS.iterator()));
        }

        try (TableFileReader r = TableFileReader.open(file, null, COLUMNS)) {
            assertEquals(format, r.layout().format());
            assertEquals(COLUMNS, r.header());
            List<List<String>> back = new ArrayList<>();
            for (FileRecord rec = r.next(); rec != null; rec = r.next()) {
                List<String> v = new ArrayList<>(rec.values());
                while (v.size() < COLUMNS.size()) {
                    v.add(null);
                }
                back.add(v);
            }
            assertEquals(ROWS, back);
            assertEquals(List.of(), r.warnings());
        }
    }

    @Test
    void xlsxHoldsEveryValueAsTextInAColumnFormattedAsText() throws Exception {
        Path file = dir.resolve("t.xlsx");
        try (var out = Files.newOutputStream(file)) {
            TableFileWriter.write(TableFileFormat.XLSX, out, "public.personal_passwords", COLUMNS, ROWS.iterator());
        }

        try (XSSFWorkbook wb = new XSSFWorkbook(file.toFile())) {
            assertEquals(1, wb.getNumberOfSheets());
            Sheet s = wb.getSheetAt(0);
            assertEquals("public.personal_passwords", s.getSheetName());
            assertTrue(wb.getFontAt(s.getRow(0).getCell(0).getCellStyle().getFontIndex()).getBold());
            assertEquals(4, s.getLastRowNum());
            assertEquals(CellType.STRING, s.getRow(4).getCell(2).getCellType(), "a number stays text");
            assertEquals("12345678901234567890", s.getRow(4).getCell(2).getStringCellValue());
            assertEquals("@", s.getRow(1).getCell(0).getCellStyle().getDataFormatString());
            assertNull(s.getRow(1).getCell(2), "NULL is no cell");
            assertEquals("", s.getRow(2).getCell(2).getStringCellValue(), "empty text is an empty text cell");
            assertEquals(1, s.getPaneInformation().getHorizontalSplitPosition(), "the header row stays in view");
        }
    }

    @Test
    void xlsxRefusesWhatACellWouldChange() {
        TableFileException control = assertThrows(TableFileException.class, () -> TableFileWriter.write(
                TableFileFormat.XLSX, new ByteArrayOutputStream(), "t", COLUMNS,
                List.of(Arrays.asList("1", "ok", null), Arrays.asList("2", "bell \u0007", null)).iterator()));
        assertEquals("row 3, column title: the value holds the control character U+0007, which an XLSX cell "
                + "cannot carry", control.getMessage());
        TableFileException tooLong = assertThrows(TableFileException.class, () -> TableFileWriter.write(
                TableFileFormat.XLSX, new ByteArrayOutputStream(), "t", COLUMNS,
                List.of(Arrays.asList("1", "x".repeat(32_768), null)).iterator()));
        assertTrue(tooLong.getMessage().startsWith("row 2, column title: the value has 32768 characters"),
                tooLong.getMessage());
    }

    @Test
    void xlsxRefusesMoreRowsThanASheetHolds() throws Exception {
        List<List<String>> three = List.of(List.of("1"), List.of("2"), List.of("3"));
        assertEquals(3, TableFileWriter.writeXlsx(new ByteArrayOutputStream(), "t", List.of("id"), three.iterator(), 4));
        TableFileException e = assertThrows(TableFileException.class, () -> TableFileWriter.writeXlsx(
                new ByteArrayOutputStream(), "t", List.of("id"), three.iterator(), 3));
        assertEquals("the table has more rows than an XLSX sheet holds (2 below the header)", e.getMessage());
    }

    @Test
    void aFailureOfTheRowsArrivesAsItself() {
        Iterator<List<String>> failing = new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw new IllegalStateException("the source went away");
            }

            @Override
            public List<String> next() {
                throw new AssertionError();
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TableFileWriter.write(
                TableFileFormat.XLSX, new ByteArrayOutputStream(), "t", COLUMNS, failing));
        assertEquals("the source went away", e.getMessage());
    }
}
