package migratedb.ops.tablefile;

import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.xml.sax.SAXException;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first worksheet of an XLSX workbook, streamed: POI opens the package and its shared strings and styles, and
 * the sheet's XML is pulled row by row with StAX, so a large sheet never sits in memory as cells (only its shared
 * strings do).
 *
 * <p>A cell becomes text the way it was meant, not the way Excel happens to display it: text as stored (shared,
 * inline or rich text, with Excel's {@code _xHHHH_} escapes decoded), numbers in full ({@code 12345678901234}, not
 * {@code 1.23457E+13}; {@code 3.5}, never a locale's {@code 3,5}), date-formatted numbers as ISO dates and times,
 * booleans as true/false, a formula as its saved result. An empty cell is NULL, an empty text cell empty text. An
 * error value ({@code #N/A}) or a formula without a saved result is refused, naming the cell.
 */
final class XlsxFileReader implements TableFileReader {
    private final OPCPackage pkg;
    private final InputStream sheetData;
    private final XMLStreamReader xml;
    private final ReadOnlySharedStringsTable strings;
    private final StylesTable styles;
    private final boolean date1904;
    private final Map<Integer, Boolean> dateStyles = new HashMap<>();
    private final FileLayout layout;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> header;
    private int lastRow;
    private boolean ended;

    private XlsxFileReader(OPCPackage pkg) throws IOException, TableFileException, OpenXML4JException,
            SAXException, XMLStreamException {
        this.pkg = pkg;
        XSSFReader reader = new XSSFReader(pkg);
        this.styles = reader.getStylesTable();
        this.strings = new ReadOnlySharedStringsTable(pkg, false);
        Workbook wb = workbook(reader);
        this.date1904 = wb.date1904;
        XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
        if (!sheets.hasNext()) {
            throw new TableFileException("the workbook has no worksheet");
        }
        this.sheetData = sheets.next();
        String sheetName = sheets.getSheetName();
        this.layout = new FileLayout(TableFileFormat.XLSX, null, null, sheetName);
        if (wb.sheets > 1) {
            warnings.add("The workbook has " + wb.sheets + " sheets; only the first, '" + sheetName + "', was read.");
        }
        this.xml = XMLHelper.newXMLInputFactory().createXMLStreamReader(sheetData);
        FileRecord first = next();
        while (first != null && first.values().stream().allMatch(v -> v == null || v.isBlank())) {
            first = next();
        }
        if (first == null) {
            throw new TableFileException("its first sheet, '" + sheetName + "', is empty");
        }
        this.header = first.values();
    }

    static XlsxFileReader open(Path file) throws IOException, TableFileException {
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (OpenXML4JException | RuntimeException e) {
            throw new TableFileException("it is a ZIP archive but not an Excel workbook (" + e.getMessage() + ")", e);
        }
        try {
            return new XlsxFileReader(pkg);
        } catch (OpenXML4JException | SAXException | XMLStreamException | RuntimeException e) {
            pkg.revert();
            throw new TableFileException("it is not a readable Excel workbook (" + e.getMessage() + "); open it in "
                    + "Excel and save it as 'Excel Workbook (*.xlsx)'", e);
        } catch (IOException | TableFileException e) {
            pkg.revert();
            throw e;
        }
    }

    private record Workbook(boolean date1904, int sheets) {
    }

    /** From workbook.xml: the date system (1900 or 1904) and the number of sheets. */
    private static Workbook workbook(XSSFReader reader) throws IOException, OpenXML4JException,
            XMLStreamException {
        boolean date1904 = false;
        int sheets = 0;
        try (InputStream in = reader.getWorkbookData()) {
            XMLStreamReader x = XMLHelper.newXMLInputFactory().createXMLStreamReader(in);
            while (x.hasNext()) {
                if (x.next() == XMLStreamConstants.START_ELEMENT) {
                    if (x.getLocalName().equals("workbookPr")) {
                        String v = x.getAttributeValue(null, "date1904");
                        date1904 = "1".equals(v) || "true".equalsIgnoreCase(v);
                    } else if (x.getLocalName().equals("sheet")) {
                        sheets++;
                    }
                }
            }
            x.close();
        }
        return new Workbook(date1904, sheets);
    }

    @Override
    public FileLayout layout() {
        return layout;
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    /** The next row that has cells (rows Excel keeps only for their height or format are not records). */
    @Override
    public FileRecord next() throws TableFileException {
        try {
            while (!ended && xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("row")) {
                    String r = xml.getAttributeValue(null, "r");
                    lastRow = r == null ? lastRow + 1 : Integer.parseInt(r);
                    List<String> values = row(lastRow);
                    if (!values.isEmpty()) {
                        return new FileRecord(lastRow, true, values);
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("sheetData")) {
                    ended = true;
                }
            }
            ended = true;
            return null;
        } catch (XMLStreamException | NumberFormatException e) {
            throw new TableFileException("row " + (lastRow + 1) + ": the sheet's XML cannot be read ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The cells of the current row, up to its last cell; positions without a cell are NULL. */
    private List<String> row(int rowNumber) throws XMLStreamException, TableFileException {
        List<String> values = new ArrayList<>();
        int column = -1;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("c")) {
                String ref = xml.getAttributeValue(null, "r");
                column = ref == null ? column + 1 : columnIndex(ref);
                String value = cell(ref == null ? columnName(column) + rowNumber : ref,
                        xml.getAttributeValue(null, "t"), xml.getAttributeValue(null, "s"));
                while (values.size() <= column) {
                    values.add(null);
                }
                values.set(column, value);
            } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("row")) {
                break;
            }
        }
        while (!values.isEmpty() && values.get(values.size() - 1) == null) {
            values.remove(values.size() - 1);
        }
        return values;
    }

    /** Reads one {@code <c>} element to its end and returns its value as text (null for no value). */
    private String cell(String ref, String type, String style) throws XMLStreamException, TableFileException {
        String v = null;
        StringBuilder inline = null;
        boolean formula = false;
        int depth = 1;
        boolean inPhonetic = false;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                switch (xml.getLocalName()) {
                    case "v" -> {
                        v = xml.getElementText();
                        depth--;
                    }
                    case "f" -> formula = true;
                    case "is" -> inline = new StringBuilder();
                    case "rPh" -> inPhonetic = true;
                    case "t" -> {
                        String t = xml.getElementText();
                        depth--;
                        if (inline != null && !inPhonetic) {
                            inline.append(t);
                        }
                    }
                    default -> {
                        // formatting of rich text runs, extensions: no value
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if (xml.getLocalName().equals("rPh")) {
                    inPhonetic = false;
                }
            }
        }
        if ("inlineStr".equals(type)) {
            return inline == null ? v : new XSSFRichTextString(inline.toString()).getString();
        }
        if (v == null) {
            if (formula) {
                throw new TableFileException("cell " + ref + " holds a formula whose result is not saved in the "
                        + "file; open the workbook in Excel and save it, or replace the formula by its value");
            }
            return null;
        }
        return switch (type == null ? "n" : type) {
            case "s" -> sharedString(ref, v);
            case "str", "d" -> v;
            case "b" -> "1".equals(v.strip()) || "true".equalsIgnoreCase(v.strip()) ? "true" : "false";
            case "e" -> throw new TableFileException("cell " + ref + " holds the Excel error " + v + "; correct or "
                    + "empty the cell");
            default -> number(ref, v, style);
        };
    }

    private String sharedString(String ref, String index) throws TableFileException {
        try {
            return strings.getItemAt(Integer.parseInt(index.strip())).getString();
        } catch (RuntimeException e) {
            throw new TableFileException("cell " + ref + " refers to shared string " + index + ", which the "
                    + "workbook does not have", e);
        }
    }

    /** A number in full, or an ISO date/time when the cell's format is a date format. */
    private String number(String ref, String raw, String style) throws TableFileException {
        double d;
        BigDecimal exact;
        try {
            exact = new BigDecimal(raw.strip());
            d = exact.doubleValue();
        } catch (NumberFormatException e) {
            throw new TableFileException("cell " + ref + " holds '" + raw + "', which is not a number", e);
        }
        if (style != null && isDateStyle(Integer.parseInt(style)) && DateUtil.isValidExcelDate(d)) {
            LocalDateTime t = DateUtil.getLocalDateTime(d, date1904, false);
            if (d < 1 && !date1904) {
                return t.toLocalTime().toString(); // a time of day without a date
            }
            return t.toLocalTime().equals(LocalTime.MIDNIGHT) ? t.toLocalDate().toString() : t.toString();
        }
        return exact.signum() == 0 ? "0" : exact.stripTrailingZeros().toPlainString();
    }

    private boolean isDateStyle(int index) {
        if (styles == null) {
            return false;
        }
        return dateStyles.computeIfAbsent(index, i -> {
            if (i >= styles.getNumCellStyles()) {
                return false;
            }
            XSSFCellStyle s = styles.getStyleAt(i);
            return s != null && DateUtil.isADateFormat(s.getDataFormat(), s.getDataFormatString());
        });
    }

    /** "C12" → 2. */
    static int columnIndex(String ref) {
        int col = 0;
        for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
            col = col * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
        }
        return col - 1;
    }

    /** 2 → "C". */
    static String columnName(int index) {
        StringBuilder sb = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            sb.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // the stream below is closed next
        } finally {
            try {
                sheetData.close();
            } finally {
                pkg.revert(); // opened read-only: nothing to save
            }
        }
    }
}
