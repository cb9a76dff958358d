package migratedb.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The personal-passwords table (id, user_id, title, secret, url) as Excel saves it after an administrator opened
 * the export and chose File » Save as. The same four rows in each of the five forms, built byte for byte as Excel
 * writes them:
 *
 * <ul>
 *   <li>Excel's delimited text quotes a value only when it holds the separator, a double quote or a line break,
 *   and doubles the quotes inside; a value with only a comma is not quoted in a file separated by semicolons or
 *   tabs. Leading and trailing spaces are kept, unquoted.</li>
 *   <li>A line break typed in a cell (Alt+Enter) is a lone LF inside the quoted value; records end with CRLF,
 *   the last one too.</li>
 *   <li>An empty cell is nothing between two separators (and is NULL on import).</li>
 *   <li>Numbers are written as Excel shows them in the General format ({@code 1}); text as it is.</li>
 * </ul>
 *
 * The expected rows, as the target must hold them, are {@link #ROWS}.
 */
public final class ExcelFixtures {
    private ExcelFixtures() {
    }

    /** The rows every fixture holds: id, user_id, title, secret (hex), url (null: NULL). */
    public static final List<List<String>> ROWS = List.of(
            java.util.Arrays.asList("1", "1", "Zoë's bank", "01ab", "https://bank.example/Zoë"),
            java.util.Arrays.asList("2", "2", "Müller, Hans \"Mail\"", "02", null),
            java.util.Arrays.asList("3", "3", "Ångström; lab\nline two", "03ff", "https://lab.example/"),
            java.util.Arrays.asList("4", "1", "  € 100 and spaces  ", "", "C:\\new\\path"));

    /** Each "Save as" type of Excel that the import must take. */
    public enum Saved {
        /**
         * "CSV UTF-8 (Comma delimited) (*.csv)": a UTF-8 byte-order mark (EF BB BF), commas, minimal quoting,
         * CRLF after every record.
         */
        CSV_UTF8(".csv"),
        /**
         * "CSV (Comma delimited) (*.csv)" on a Windows whose list separator is ';' (German, French, Dutch...
         * locales): the ANSI code page Windows-1252 without byte-order mark ('ë' is the single byte EB, '€' is 80),
         * semicolons, minimal quoting (the value with ';' is quoted, the one with only ',' is quoted for its
         * quotes), CRLF after every record.
         */
        CSV_SEMICOLON_1252(".csv"),
        /**
         * "Text (Tab delimited) (*.txt)": Windows-1252 without byte-order mark, tabs, the same minimal quoting
         * (quotes and line breaks), CRLF after every record.
         */
        TEXT_TAB_1252(".txt"),
        /**
         * "Unicode Text (*.txt)": UTF-16 little-endian with byte-order mark (FF FE), tabs, the same minimal
         * quoting, CRLF (0D 00 0A 00) after every record.
         */
        UNICODE_TEXT(".txt"),
        /**
         * "Excel Workbook (*.xlsx)": see {@link #xlsx()}.
         */
        XLSX(".xlsx");

        private final String extension;

        Saved(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        public byte[] bytes() {
            return switch (this) {
                case CSV_UTF8 -> text("\uFEFF" + COMMA, StandardCharsets.UTF_8);
                case CSV_SEMICOLON_1252 -> text(SEMICOLON, Charset.forName("windows-1252"));
                case TEXT_TAB_1252 -> text(TAB, Charset.forName("windows-1252"));
                case UNICODE_TEXT -> text("\uFEFF" + TAB, StandardCharsets.UTF_16LE);
                case XLSX -> xlsx();
            };
        }
    }

    private static final String COMMA = "id,user_id,title,secret,url\r\n"
            + "1,1,Zoë's bank,\\x01ab,https://bank.example/Zoë\r\n"
            + "2,2,\"Müller, Hans \"\"Mail\"\"\",\\x02,\r\n"
            + "3,3,\"Ångström; lab\nline two\",\\x03ff,https://lab.example/\r\n"
            + "4,1,  € 100 and spaces  ,\\x,C:\\new\\path\r\n";

    private static final String SEMICOLON = "id;user_id;title;secret;url\r\n"
            + "1;1;Zoë's bank;\\x01ab;https://bank.example/Zoë\r\n"
            + "2;2;\"Müller, Hans \"\"Mail\"\"\";\\x02;\r\n"
            + "3;3;\"Ångström; lab\nline two\";\\x03ff;https://lab.example/\r\n"
            + "4;1;  € 100 and spaces  ;\\x;C:\\new\\path\r\n";

    private static final String TAB = "id\tuser_id\ttitle\tsecret\turl\r\n"
            + "1\t1\tZoë's bank\t\\x01ab\thttps://bank.example/Zoë\r\n"
            + "2\t2\t\"Müller, Hans \"\"Mail\"\"\"\t\\x02\t\r\n"
            + "3\t3\t\"Ångström; lab\nline two\"\t\\x03ff\thttps://lab.example/\r\n"
            + "4\t1\t  € 100 and spaces  \t\\x\tC:\\new\\path\r\n";

    /** The text in an encoding that holds each of its characters as the Excel "Save as" type does. */
    private static byte[] text(String s, Charset charset) {
        if (!charset.newEncoder().canEncode(s)) {
            throw new IllegalArgumentException("the fixture does not fit " + charset);
        }
        return s.getBytes(charset);
    }

    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

    /**
     * An .xlsx as Excel saves it (the parts, namespaces and attributes of Excel 2016 and later, trimmed of the
     * theme and the calculation chain): text in the shared-strings table, one cell's text as rich text (a bold
     * run), leading and trailing spaces kept with xml:space="preserve", a line break as LF inside the text;
     * numbers as numeric cells; the empty url of row 3 as no cell at all; a row below the data that only carries
     * a format (a cell with a style and no value), as Excel keeps after a row was cleared.
     */
    public static byte[] xlsx() {
        String[] strings = {"id", "user_id", "title", "secret", "url",
                null /* rich text, below */, "\\x01ab", "https://bank.example/Zoë",
                "Müller, Hans \"Mail\"", "\\x02",
                "Ångström; lab\nline two", "\\x03ff", "https://lab.example/",
                "  € 100 and spaces  ", "\\x", "C:\\new\\path"};
        StringBuilder sst = new StringBuilder(XML).append("<sst xmlns=\"").append(MAIN).append("\" count=\"")
                .append(strings.length).append("\" uniqueCount=\"").append(strings.length).append("\">");
        for (String s : strings) {
            if (s == null) {
                sst.append("<si><r><rPr><b/><sz val=\"11\"/><color theme=\"1\"/><rFont val=\"Calibri\"/>"
                        + "<family val=\"2\"/><scheme val=\"minor\"/></rPr><t>Zoë</t></r><r><rPr><sz val=\"11\"/>"
                        + "<color theme=\"1\"/><rFont val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/>"
                        + "</rPr><t xml:space=\"preserve\">'s bank</t></r></si>");
            } else {
                boolean preserve = !s.equals(s.strip());
                sst.append("<si><t").append(preserve ? " xml:space=\"preserve\"" : "").append('>')
                        .append(escape(s)).append("</t></si>");
            }
        }
        sst.append("</sst>");

        String sheet = XML + "<worksheet xmlns=\"" + MAIN + "\" xmlns:r=\"" + REL + "\" "
                + "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" mc:Ignorable=\"x14ac xr "
                + "xr2 xr3\" xmlns:x14ac=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac\" "
                + "xmlns:xr=\"http://schemas.microsoft.com/office/spreadsheetml/2014/revision\" "
                + "xmlns:xr2=\"http://schemas.microsoft.com/office/spreadsheetml/2015/revision2\" "
                + "xmlns:xr3=\"http://schemas.microsoft.com/office/spreadsheetml/2016/revision3\" "
                + "xr:uid=\"{00000000-0001-0000-0000-000000000000}\">"
                + "<dimension ref=\"A1:E7\"/><sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">"
                + "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                + "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
                + "<sheetFormatPr defaultRowHeight=\"15\" x14ac:dyDescent=\"0.25\"/>"
                + "<cols><col min=\"1\" max=\"5\" width=\"20.7109375\" customWidth=\"1\"/></cols><sheetData>"
                + "<row r=\"1\" spans=\"1:5\" x14ac:dyDescent=\"0.25\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                + "<c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c>"
                + "<c r=\"E1\" t=\"s\"><v>4</v></c></row>"
                + "<row r=\"2\" spans=\"1:5\" x14ac:dyDescent=\"0.25\"><c r=\"A2\"><v>1</v></c><c r=\"B2\"><v>1</v>"
                + "</c><c r=\"C2\" t=\"s\"><v>5</v></c><c r=\"D2\" t=\"s\"><v>6</v></c><c r=\"E2\" t=\"s\"><v>7</v>"
                + "</c></row>"
                + "<row r=\"3\" spans=\"1:5\" x14ac:dyDescent=\"0.25\"><c r=\"A3\"><v>2</v></c><c r=\"B3\"><v>2</v>"
                + "</c><c r=\"C3\" t=\"s\"><v>8</v></c><c r=\"D3\" t=\"s\"><v>9</v></c></row>"
                + "<row r=\"4\" spans=\"1:5\" ht=\"30\" x14ac:dyDescent=\"0.25\"><c r=\"A4\"><v>3</v></c>"
                + "<c r=\"B4\"><v>3</v></c><c r=\"C4\" s=\"1\" t=\"s\"><v>10</v></c><c r=\"D4\" t=\"s\"><v>11</v>"
                + "</c><c r=\"E4\" t=\"s\"><v>12</v></c></row>"
                + "<row r=\"5\" spans=\"1:5\" x14ac:dyDescent=\"0.25\"><c r=\"A5\"><v>4</v></c><c r=\"B5\"><v>1</v>"
                + "</c><c r=\"C5\" t=\"s\"><v>13</v></c><c r=\"D5\" t=\"s\"><v>14</v></c><c r=\"E5\" t=\"s\">"
                + "<v>15</v></c></row>"
                + "<row r=\"7\" spans=\"1:5\" x14ac:dyDescent=\"0.25\"><c r=\"C7\" s=\"1\"/></row>"
                + "</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" "
                + "footer=\"0.3\"/></worksheet>";

        String styles = XML + "<styleSheet xmlns=\"" + MAIN + "\" "
                + "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" mc:Ignorable=\"x14ac "
                + "x16r2 xr\" xmlns:x14ac=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac\" "
                + "xmlns:x16r2=\"http://schemas.microsoft.com/office/spreadsheetml/2015/02/main\" "
                + "xmlns:xr=\"http://schemas.microsoft.com/office/spreadsheetml/2014/revision\">"
                + "<fonts count=\"1\" x14ac:knownFonts=\"1\"><font><sz val=\"11\"/><color theme=\"1\"/>"
                + "<name val=\"Calibri\"/><family val=\"2\"/><scheme val=\"minor\"/></font></fonts>"
                + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill>"
                + "<patternFill patternType=\"gray125\"/></fill></fills>"
                + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
                + "</cellStyleXfs><cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" "
                + "xfId=\"0\"/><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
                + "applyAlignment=\"1\"><alignment wrapText=\"1\"/></xf></cellXfs>"
                + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
                + "<dxfs count=\"0\"/><tableStyles count=\"0\" defaultTableStyle=\"TableStyleMedium2\" "
                + "defaultPivotStyle=\"PivotStyleLight16\"/></styleSheet>";

        String workbook = XML + "<workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + REL + "\" "
                + "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" mc:Ignorable=\"x15 xr "
                + "xr6 xr10 xr2\" xmlns:x15=\"http://schemas.microsoft.com/office/spreadsheetml/2010/11/main\" "
                + "xmlns:xr=\"http://schemas.microsoft.com/office/spreadsheetml/2014/revision\" "
                + "xmlns:xr6=\"http://schemas.microsoft.com/office/spreadsheetml/2016/revision6\" "
                + "xmlns:xr10=\"http://schemas.microsoft.com/office/spreadsheetml/2016/revision10\" "
                + "xmlns:xr2=\"http://schemas.microsoft.com/office/spreadsheetml/2015/revision2\">"
                + "<fileVersion appName=\"xl\" lastEdited=\"7\" lowestEdited=\"7\" rupBuild=\"27328\"/>"
                + "<workbookPr defaultThemeVersion=\"166925\"/><bookViews><workbookView xWindow=\"-120\" "
                + "yWindow=\"-120\" windowWidth=\"29040\" windowHeight=\"15840\"/></bookViews><sheets>"
                + "<sheet name=\"public.personal_passwords\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
                + "<calcPr calcId=\"191029\"/></workbook>";

        String workbookRels = XML + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                + "relationships\"><Relationship Id=\"rId3\" Type=\"" + REL + "/styles\" Target=\"styles.xml\"/>"
                + "<Relationship Id=\"rId4\" Type=\"" + REL + "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                + "<Relationship Id=\"rId1\" Type=\"" + REL + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + "</Relationships>";

        String rootRels = XML + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                + "relationships\"><Relationship Id=\"rId3\" Type=\"" + REL + "/extended-properties\" "
                + "Target=\"docProps/app.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
                + "package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
                + "<Relationship Id=\"rId1\" Type=\"" + REL + "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                + "</Relationships>";

        String contentTypes = XML + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-"
                + "officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-"
                + "officedocument.spreadsheetml.worksheet+xml\"/>"
                + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-"
                + "officedocument.spreadsheetml.styles+xml\"/>"
                + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-"
                + "officedocument.spreadsheetml.sharedStrings+xml\"/>"
                + "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package."
                + "core-properties+xml\"/>"
                + "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-"
                + "officedocument.extended-properties+xml\"/></Types>";

        String core = XML + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
                + "core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/"
                + "dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/"
                + "XMLSchema-instance\"><dc:creator>admin</dc:creator><cp:lastModifiedBy>admin</cp:lastModifiedBy>"
                + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-01-05T09:12:00Z</dcterms:created>"
                + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2026-01-05T09:14:31Z</dcterms:modified>"
                + "</cp:coreProperties>";

        String app = XML + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-"
                + "properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
                + "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
                + "<AppVersion>16.0300</AppVersion></Properties>";

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "[Content_Types].xml", contentTypes);
            entry(zip, "_rels/.rels", rootRels);
            entry(zip, "docProps/app.xml", app);
            entry(zip, "docProps/core.xml", core);
            entry(zip, "xl/workbook.xml", workbook);
            entry(zip, "xl/_rels/workbook.xml.rels", workbookRels);
            entry(zip, "xl/worksheets/sheet1.xml", sheet);
            entry(zip, "xl/styles.xml", styles);
            entry(zip, "xl/sharedStrings.xml", sst.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, String xml) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(xml.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
