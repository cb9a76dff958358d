package migratedb.ops.tablefile;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CreationHelper;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A workbook's cells as the values they hold, not as a locale displays them. The workbooks are made with POI's
 * full (non-streaming) model, which writes cells the way Excel does (shared strings, styles, cached results).
 */
class XlsxFileReaderTest {
    @TempDir
    Path dir;

    @Test
    void cellsReadAsTheirValues() throws Exception {
        Path file = workbook(wb -> {
            Sheet s = wb.createSheet("data");
            Row h = s.createRow(0);
            for (String name : List.of("n", "big", "frac", "day", "at", "time", "flag", "text", "sum")) {
                h.createCell(h.getPhysicalNumberOfCells()).setCellValue(name);
            }
            CreationHelper ch = wb.getCreationHelper();
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(ch.createDataFormat().getFormat("dd.mm.yyyy"));
            CellStyle stamp = wb.createCellStyle();
            stamp.setDataFormat(ch.createDataFormat().getFormat("m/d/yy h:mm:ss"));
            CellStyle time = wb.createCellStyle();
            time.setDataFormat(ch.createDataFormat().getFormat("hh:mm"));
            CellStyle thousands = wb.createCellStyle();
            thousands.setDataFormat(ch.createDataFormat().getFormat("#,##0.00"));
            Row r = s.createRow(1);
            r.createCell(0).setCellValue(42);
            r.createCell(1).setCellValue(12345678901234.0); // General would display 1.23457E+13
            r.createCell(2).setCellValue(3.5);
            r.getCell(2).setCellStyle(thousands); // displayed 3,50 in a German Excel: the value is 3.5
            r.createCell(3).setCellValue(LocalDateTime.of(2024, 1, 5, 0, 0));
            r.getCell(3).setCellStyle(date);
            r.createCell(4).setCellValue(LocalDateTime.of(2024, 1, 5, 10, 30, 15));
            r.getCell(4).setCellStyle(stamp);
            r.createCell(5).setCellValue(0.75);
            r.getCell(5).setCellStyle(time);
            r.createCell(6).setCellValue(true);
            XSSFRichTextString rich = new XSSFRichTextString("Zoë, bold");
            XSSFFont bold = wb.createFont();
            bold.setBold(true);
            rich.applyFont(0, 3, bold);
            r.createCell(7).setCellValue(rich);
            r.createCell(8).setCellFormula("A2+1");
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
        });

        try (TableFileReader r = TableFileReader.open(file, null, List.of())) {
            assertEquals(new FileLayout(TableFileFormat.XLSX, null, null, "data"), r.layout());
            assertEquals(List.of("42", "12345678901234", "3.5", "2024-01-05", "2024-01-05T10:30:15", "18:00", "true",
                    "Zoë, bold", "43"), r.next().values());
        }
    }

    @Test
    void emptyCellsAreNullEmptyTextIsEmptyAndBlankRowsAreSkipped() throws Exception {
        Path file = workbook(wb -> {
            Sheet s = wb.createSheet("data");
            s.createRow(2).createCell(0).setCellValue("a"); // the header need not be in row 1
            s.getRow(2).createCell(1).setCellValue("b");
            s.getRow(2).createCell(2).setCellValue("c");
            Row r = s.createRow(3);
            r.createCell(1).setCellValue("");
            r.createCell(2).setCellValue("x");
            s.createRow(4).createCell(0).setCellStyle(wb.createCellStyle()); // formatted, no value
            s.createRow(6).createCell(0).setCellValue("last");
        });

        try (TableFileReader r = TableFileReader.open(file, "upload.bin", List.of())) {
            assertEquals(List.of("a", "b", "c"), r.header());
            FileRecord first = r.next();
            assertEquals(Arrays.asList(null, "", "x"), first.values());
            assertEquals("row 4", first.where());
            assertEquals("row 4, column b (cell B4)", first.where(1, "b"));
            FileRecord second = r.next();
            assertEquals(List.of("last"), second.values());
            assertEquals("row 7", second.where());
            assertEquals(null, r.next());
        }
    }

    @Test
    void excelEscapesAreDecodedAndOnlyTheFirstSheetIsReadWithAWarning() throws Exception {
        Path file = workbook(wb -> {
            Sheet s = wb.createSheet("first");
            s.createRow(0).createCell(0).setCellValue("t");
            // Excel writes a carriage return as _x000D_ and a literal "_x" sequence escaped as _x005F_
            s.createRow(1).createCell(0).setCellValue(new XSSFRichTextString("a_x000D_b _x005F_x0041_"));
            wb.createSheet("second").createRow(0).createCell(0).setCellValue("other");
        });

        try (TableFileReader r = TableFileReader.open(file, null, List.of())) {
            assertEquals(List.of("a\rb _x0041_"), r.next().values());
            assertEquals(List.of("The workbook has 2 sheets; only the first, 'first', was read."), r.warnings());
        }
    }

    @Test
    void anErrorValueOrAFormulaWithoutItsResultIsRefusedNamingTheCell() throws Exception {
        Path error = workbook(wb -> {
            Sheet s = wb.createSheet("s");
            s.createRow(0).createCell(0).setCellValue("a");
            s.getRow(0).createCell(1).setCellValue("b");
            s.createRow(1).createCell(1).setCellErrorValue(FormulaError.NA.getCode());
        });
        TableFileException e = assertThrows(TableFileException.class, () -> readAll(error));
        assertEquals("cell B2 holds the Excel error #N/A; correct or empty the cell", e.getMessage());

        Path unevaluated = workbook(wb -> {
            Sheet s = wb.createSheet("s");
            s.createRow(0).createCell(0).setCellValue("a");
            Cell c = s.createRow(1).createCell(0);
            c.setCellFormula("1+1"); // never evaluated: no saved result
        });
        TableFileException f = assertThrows(TableFileException.class, () -> readAll(unevaluated));
        assertTrue(f.getMessage().startsWith("cell A2 holds a formula whose result is not saved"), f.getMessage());
    }

    @Test
    void aZipThatIsNoWorkbookIsRefused() throws Exception {
        Path zip = dir.resolve("a.xlsx");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            out.write("hello".getBytes());
        }
        TableFileException e = assertThrows(TableFileException.class, () -> readAll(zip));
        assertTrue(e.getMessage().contains("not"), e.getMessage());
    }

    @Test
    void columnLettersAndIndexes() {
        assertEquals(0, XlsxFileReader.columnIndex("A1"));
        assertEquals(27, XlsxFileReader.columnIndex("AB12"));
        assertEquals("A", XlsxFileReader.columnName(0));
        assertEquals("Z", XlsxFileReader.columnName(25));
        assertEquals("AA", XlsxFileReader.columnName(26));
        assertEquals("XFD", XlsxFileReader.columnName(16383));
    }

    private Path workbook(Consumer<XSSFWorkbook> build) throws Exception {
        Path file = Files.createTempFile(dir, "wb", ".xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            build.accept(wb);
            wb.write(out);
        }
        return file;
    }

    private static void readAll(Path file) throws Exception {
        try (TableFileReader r = TableFileReader.open(file, null, List.of())) {
            while (r.next() != null) {
                // reading is the test
            }
        }
    }
}
