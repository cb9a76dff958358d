package migratedb.ops.tablefile;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CSV and TXT through Apache Commons CSV. Both are RFC 4180 text with a separator found in the header line: Excel
 * quotes a value only when it holds the separator, a quote or a line break (MigrateDB's export quotes every value),
 * and doubles the quotes inside. An empty unquoted field is NULL, an empty quoted one ({@code ""}) empty text.
 * Blank lines are skipped; an Excel "sep=;" first line names the separator.
 */
final class DelimitedFileReader implements TableFileReader {
    private static final char[] SEPARATORS = {',', ';', '\t', '|'};
    private static final Pattern SEP_LINE = Pattern.compile("\"?sep=(.)\"?[,;\t|]*");

    private final BufferedReader text;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final FileLayout layout;
    private final TextEncoding encoding;
    private final List<String> header;
    private final List<String> warnings = new ArrayList<>();

    private DelimitedFileReader(BufferedReader text, char separator, TableFileFormat format, TextEncoding encoding)
            throws IOException, TableFileException {
        this.text = text;
        this.encoding = encoding;
        this.parser = CSVParser.parse(text, format(separator));
        this.records = parser.iterator();
        this.layout = new FileLayout(format, encoding.description(), String.valueOf(separator), null);
        CSVRecord first = nextRecord();
        if (first == null) {
            throw new TableFileException("it is empty");
        }
        this.header = valid(first, Arrays.asList(first.values()));
        if (encoding.fallback()) {
            warnings.add("The file is not UTF-8, so it was read as Windows-1252 (what Excel's 'CSV' and 'Text (Tab "
                    + "delimited)' write on a Western European or American Windows). Check the accents in the target; "
                    + "if they are wrong, save the file from Excel as 'CSV UTF-8' or 'Unicode Text' and import it "
                    + "again.");
        }
    }

    /**
     * Quotes are RFC 4180's; ALL_NON_NULL makes the parser tell an empty quoted field (empty text) from an empty
     * unquoted one (NULL).
     */
    static CSVFormat format(char separator) {
        return CSVFormat.Builder.create()
                .setDelimiter(separator)
                .setQuote('"')
                .setQuoteMode(QuoteMode.ALL_NON_NULL)
                .setRecordSeparator("\r\n")
                .setIgnoreEmptyLines(true)
                .get();
    }

    static DelimitedFileReader open(Path file, TableFileFormat byName, Collection<String> expectedColumns)
            throws IOException, TableFileException {
        TextEncoding encoding = TextEncoding.detect(file);
        String first;
        String second;
        try (BufferedReader r = encoding.open(file)) {
            first = r.readLine();
            second = r.readLine();
        }
        if (first == null) {
            throw new TableFileException("it is empty");
        }
        Matcher sep = SEP_LINE.matcher(first);
        boolean sepLine = sep.matches();
        String headerLine = sepLine ? second : first;
        if (headerLine == null) {
            throw new TableFileException("it has no header line");
        }
        if (headerLine.indexOf('\0') >= 0) {
            throw new TableFileException("it looks like UTF-16 text without a byte-order mark; save it from Excel as "
                    + "'Unicode Text' or 'CSV UTF-8'");
        }
        char separator = sepLine ? sep.group(1).charAt(0) : separator(headerLine, byName, expectedColumns);
        TableFileFormat format = byName == TableFileFormat.XLSX ? TableFileFormat.CSV : byName;
        BufferedReader text = encoding.open(file);
        try {
            if (sepLine) {
                text.readLine();
            }
            return new DelimitedFileReader(text, separator, format, encoding);
        } catch (IOException | TableFileException | RuntimeException e) {
            text.close();
            throw e;
        }
    }

    /**
     * The separator of the header line: of the candidates that occur in it, the one that splits it into the most
     * expected column names, then the most frequent; the file name's (tab for .txt, comma otherwise) when none
     * occurs (a table of one column).
     */
    static char separator(String headerLine, TableFileFormat byName, Collection<String> expectedColumns) {
        Set<String> expected = expectedColumns.stream().map(c -> c.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        char best = 0;
        long bestMatches = -1;
        int bestCount = 0;
        for (char c : SEPARATORS) {
            int count = countOutsideQuotes(headerLine, c);
            if (count == 0) {
                continue;
            }
            long matches;
            try (CSVParser p = CSVParser.parse(headerLine, format(c))) {
                List<CSVRecord> all = p.getRecords();
                matches = all.isEmpty() ? 0 : Arrays.stream(all.get(0).values())
                        .filter(v -> v != null && expected.contains(v.strip().toLowerCase(Locale.ROOT))).count();
            } catch (IOException | UncheckedIOException e) {
                matches = 0;
            }
            if (matches > bestMatches || (matches == bestMatches && count > bestCount)) {
                best = c;
                bestMatches = matches;
                bestCount = count;
            }
        }
        if (best == 0) {
            return byName == TableFileFormat.TXT ? '\t' : ',';
        }
        return best;
    }

    private static int countOutsideQuotes(String line, char c) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == c && !quoted) {
                count++;
            }
        }
        return count;
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

    @Override
    public FileRecord next() throws TableFileException {
        CSVRecord r = nextRecord();
        return r == null ? null : new FileRecord(r.getRecordNumber(), false, valid(r, Arrays.asList(r.values())));
    }

    /** Refuses a record that holds bytes the file's encoding does not define. */
    private List<String> valid(CSVRecord r, List<String> values) throws TableFileException {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null && values.get(i).indexOf(TextEncoding.INVALID) >= 0) {
                throw new TableFileException("record " + r.getRecordNumber() + ", field " + (i + 1) + ": the bytes "
                        + "are not valid " + encoding.description() + " text; save the file from Excel as 'CSV "
                        + "UTF-8' or 'Unicode Text'");
            }
        }
        return values;
    }

    /** The next record; a malformed one is named by its number, counting the header as record 1. */
    private CSVRecord nextRecord() throws TableFileException {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException e) {
            String where = "record " + (parser.getRecordNumber() + 1) + " (line " + parser.getCurrentLineNumber()
                    + ")";
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("eof reached before encapsulated token finished")) {
                throw new TableFileException(where + ": a quoted value is never closed (a value that starts with \" "
                        + "must end with \", with every quote inside it doubled)", e);
            }
            if (m.contains("invalid char") && m.contains("between encapsulated token and delimiter")) {
                throw new TableFileException(where + ": text follows the closing quote of a value (quotes inside a "
                        + "quoted value are doubled: \"say \"\"hi\"\"\")", e);
            }
            throw new TableFileException(where + ": " + (e.getCause() == null ? m : e.getCause().getMessage()), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            parser.close();
        } finally {
            text.close();
        }
    }
}
