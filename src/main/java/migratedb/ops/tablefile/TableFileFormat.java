package migratedb.ops.tablefile;

import java.util.Locale;

/**
 * The three file forms of an excluded table. CSV and TXT are the same delimited text (TXT with tabs); XLSX is an
 * Excel workbook whose first sheet holds the table.
 */
public enum TableFileFormat {
    CSV(".csv"), TXT(".txt"), XLSX(".xlsx");

    private final String extension;

    TableFileFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** The format a file's name suggests: .xlsx and .xlsm are workbooks, .txt/.tsv/.tab tab-separated, the rest CSV. */
    public static TableFileFormat forFileName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".xlsx") || n.endsWith(".xlsm")) {
            return XLSX;
        }
        return n.endsWith(".txt") || n.endsWith(".tsv") || n.endsWith(".tab") ? TXT : CSV;
    }

    /** Parses a {@code --format} value (csv, txt or xlsx, any case). */
    public static TableFileFormat of(String name) {
        for (TableFileFormat f : values()) {
            if (f.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a file format: use csv, txt or xlsx");
    }
}
