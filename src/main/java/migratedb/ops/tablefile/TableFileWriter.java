package migratedb.ops.tablefile;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.DeferredSXSSFSheet;
import org.apache.poi.xssf.streaming.DeferredSXSSFWorkbook;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes a table file, streamed: the records are pulled from an iterator and written as they come, so a large table
 * never sits in memory.
 *
 * <ul>
 *   <li>CSV and TXT: UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the ANSI code page and turns
 *   "Zoë" into "ZoÃ«"), comma or tab, CRLF, every value quoted and NULL as an empty unquoted field, so that NULL
 *   and empty text stay apart (Apache Commons CSV, QuoteMode.ALL_NON_NULL).</li>
 *   <li>XLSX: one sheet named after the table, a bold header row, every value a text cell in a column formatted as
 *   text, so that Excel shows and saves ids, hex bytes and timestamps exactly as written (never 1.23457E+15 or a
 *   locale's date). Written with POI's streaming SXSSF writer in its deferred form: the rows are generated while
 *   the workbook is written, at most {@link #XLSX_WINDOW} of them in memory, and no temporary file holds them
 *   (SXSSF's ordinary form keeps the sheet in a temporary file, which for personal passwords is one copy too
 *   many). A value an XLSX cell cannot hold (over 32,767 characters, a control character) or more rows than a
 *   sheet has are refused, never cut.</li>
 * </ul>
 */
public final class TableFileWriter {
    /** Rows of an XLSX sheet kept in memory before they are written out. */
    static final int XLSX_WINDOW = 100;
    private static final Pattern EXCEL_ESCAPE = Pattern.compile("_(x[0-9A-Fa-f]{4}_)");

    private TableFileWriter() {
    }

    /**
     * Writes the header and the records (nulls are NULL); returns the number of records written. The stream is
     * flushed, not closed.
     *
     * @param title the sheet's name for XLSX (cut to Excel's 31 characters)
     */
    public static long write(TableFileFormat format, OutputStream out, String title, List<String> columns,
                             Iterator<List<String>> records) throws IOException, TableFileException {
        return format == TableFileFormat.XLSX
                ? writeXlsx(out, title, columns, records, SpreadsheetVersion.EXCEL2007.getMaxRows())
                : writeDelimited(out, format == TableFileFormat.TXT ? '\t' : ',', columns, records);
    }

    private static long writeDelimited(OutputStream out, char separator, List<String> columns,
                                       Iterator<List<String>> records) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write('\uFEFF');
        CSVPrinter printer = new CSVPrinter(w, CSVFormat.Builder.create()
                .setDelimiter(separator)
                .setQuote('"')
                .setQuoteMode(QuoteMode.ALL_NON_NULL)
                .setRecordSeparator("\r\n")
                .get());
        printer.printRecord(columns);
        long rows = 0;
        while (records.hasNext()) {
            printer.printRecord(records.next());
            rows++;
        }
        printer.flush();
        return rows;
    }

    /** @param maxRows the rows a sheet holds, header included (Excel's 1,048,576; smaller in a test) */
    static long writeXlsx(OutputStream out, String title, List<String> columns, Iterator<List<String>> records,
                          int maxRows) throws IOException, TableFileException {
        long[] rows = {0};
        try (DeferredSXSSFWorkbook wb = new DeferredSXSSFWorkbook(XLSX_WINDOW)) {
            short textFormat = wb.createDataFormat().getFormat("@");
            CellStyle text = wb.createCellStyle();
            text.setDataFormat(textFormat);
            CellStyle head = wb.createCellStyle();
            head.setDataFormat(textFormat);
            Font bold = wb.createFont();
            bold.setBold(true);
            head.setFont(bold);
            DeferredSXSSFSheet sheet = wb.createSheet(WorkbookUtil.createSafeSheetName(title));
            for (int i = 0; i < columns.size(); i++) {
                sheet.setDefaultColumnStyle(i, text); // a value typed in later stays text too
                sheet.setColumnWidth(i, 256 * Math.min(60, Math.max(14, columns.get(i).length() + 4)));
            }
            sheet.createFreezePane(0, 1);
            int maxText = SpreadsheetVersion.EXCEL2007.getMaxTextLength();
            sheet.setRowGenerator(s -> {
                Row header = s.createRow(0);
                for (int i = 0; i < columns.size(); i++) {
                    header.createCell(i).setCellValue(columns.get(i));
                    header.getCell(i).setCellStyle(head);
                }
                int r = 1;
                while (records.hasNext()) {
                    List<String> values = records.next();
                    if (r >= maxRows) {
                        throw new TableFileException("the table has more rows than an XLSX sheet holds ("
                                + String.format("%,d", maxRows - 1) + " below the header)");
                    }
                    Row row = s.createRow(r);
                    for (int i = 0; i < values.size(); i++) {
                        String v = values.get(i);
                        if (v == null) {
                            continue; // NULL: no cell
                        }
                        check(v, r + 1, columns.get(i), maxText);
                        row.createCell(i).setCellValue(EXCEL_ESCAPE.matcher(v).replaceAll("_x005F_$1"));
                        row.getCell(i).setCellStyle(text);
                    }
                    r++;
                    rows[0]++;
                }
            });
            wb.writeAvoidingTempFiles(out);
        } catch (IOException e) {
            // the row generator's failures arrive wrapped: a refused value, or the source's read failure
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof TableFileException t) {
                    throw t;
                }
                if (c instanceof RuntimeException r) {
                    throw r;
                }
            }
            throw e;
        }
        out.flush();
        return rows[0];
    }

    /** Refuses what a cell would change: too long (Excel cuts), or XML-illegal characters (written as '?'). */
    private static void check(String v, int row, String column, int maxText) throws TableFileException {
        if (v.length() > maxText) {
            throw new TableFileException("row " + row + ", column " + column + ": the value has " + v.length()
                    + " characters, more than the " + String.format("%,d", maxText) + " an Excel cell holds");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if ((c < ' ' && c != '\t' && c != '\n' && c != '\r') || c == '\uFFFE' || c == '\uFFFF') {
                throw new TableFileException("row " + row + ", column " + column + ": the value holds the control "
                        + "character U+" + String.format("%04X", (int) c) + ", which an XLSX cell cannot carry");
            }
        }
    }
}
