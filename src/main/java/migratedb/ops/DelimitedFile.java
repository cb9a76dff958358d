package migratedb.ops;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The two file forms of an excluded table: CSV (RFC 4180, comma, every value quoted, NULL as an empty unquoted field
 * — as in the reject files) and TXT (tab-separated, PostgreSQL COPY text escapes, NULL as {@code \N}). The first
 * record holds the column names.
 */
enum DelimitedFile {
    CSV, TXT;

    static DelimitedFile forName(String fileName) {
        String n = fileName.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".txt") || n.endsWith(".tsv") || n.endsWith(".tab") ? TXT : CSV;
    }

    String extension() {
        return this == CSV ? ".csv" : ".txt";
    }

    void writeRecord(Writer w, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                w.write(this == CSV ? ',' : '\t');
            }
            String v = values.get(i);
            if (this == CSV) {
                if (v != null) {
                    w.write('"');
                    w.write(v.replace("\"", "\"\""));
                    w.write('"');
                }
            } else {
                w.write(v == null ? "\\N" : escapeText(v));
            }
        }
        w.write("\r\n");
    }

    /**
     * Opens a file for reading as UTF-8, past a byte order mark: Notepad and Windows PowerShell 5 write one, and
     * it would otherwise stick to the first column's name (before its quote, so the quote would stick too).
     */
    static java.io.BufferedReader open(java.nio.file.Path file) throws IOException {
        java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8);
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
        return r;
    }

    /** Reads the next record, or null at the end. Nulls in the list are NULL values. */
    List<String> readRecord(Reader r) throws IOException {
        return this == CSV ? readCsv(r) : readTxt(r);
    }

    private static List<String> readCsv(Reader r) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        boolean any = false;
        int c;
        while ((c = r.read()) != -1) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    r.mark(1);
                    int next = r.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next != -1) {
                            r.reset();
                        }
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                out.add(wasQuoted || !field.isEmpty() ? field.toString() : null);
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    r.mark(1);
                    if (r.read() != '\n') {
                        r.reset();
                    }
                }
                if (out.isEmpty() && field.isEmpty() && !wasQuoted) {
                    continue; // blank line
                }
                out.add(wasQuoted || !field.isEmpty() ? field.toString() : null);
                return out;
            } else {
                field.append((char) c);
            }
        }
        if (quoted) {
            throw new IOException("the file ends inside a quoted value");
        }
        if (!any || (out.isEmpty() && field.isEmpty() && !wasQuoted)) {
            return null;
        }
        out.add(wasQuoted || !field.isEmpty() ? field.toString() : null);
        return out;
    }

    private static List<String> readTxt(Reader r) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        boolean any = false;
        while ((c = r.read()) != -1) {
            any = true;
            if (c == '\n') {
                break;
            }
            line.append((char) c);
        }
        if (!any) {
            return null;
        }
        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
        }
        if (line.isEmpty()) {
            return c == -1 ? null : readTxt(r);
        }
        List<String> out = new ArrayList<>();
        for (String f : line.toString().split("\t", -1)) {
            out.add(f.equals("\\N") ? null : unescapeText(f));
        }
        return out;
    }

    static String escapeText(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (char ch : v.toCharArray()) {
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    static String unescapeText(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                sb.append(switch (n) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
