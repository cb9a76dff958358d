package migratedb.ops.tablefile;

/**
 * How a file was read, as detected: its format, the text encoding and separator of a CSV/TXT file, the sheet of a
 * workbook.
 *
 * @param encoding  e.g. "UTF-8 with byte-order mark", "Windows-1252"; null for XLSX
 * @param separator the field separator of a CSV/TXT file (",", ";", "\t" or "|"); null for XLSX
 * @param sheet     the worksheet read from an XLSX file; null for CSV/TXT
 */
public record FileLayout(TableFileFormat format, String encoding, String separator, String sheet) {

    /** One line for the console and the report, e.g. {@code CSV, Windows-1252, separator ';'}. */
    public String describe() {
        if (format == TableFileFormat.XLSX) {
            return "XLSX, sheet '" + sheet + "'";
        }
        return format + ", " + encoding + ", separator " + separatorName(separator);
    }

    static String separatorName(String separator) {
        return switch (separator) {
            case "\t" -> "tab";
            case "," -> "comma (,)";
            case ";" -> "semicolon (;)";
            case "|" -> "vertical bar (|)";
            default -> "'" + separator + "'";
        };
    }
}
