package migratedb.ops.tablefile;

import java.util.List;

/**
 * One record of a table file. A null value is a NULL: an empty unquoted field of a CSV/TXT file, an empty cell of a
 * workbook; an empty quoted field ({@code ""}) or an empty text cell is empty text.
 *
 * @param number   the record's number counting the header line as record 1, or the sheet's row number as Excel
 *                 shows it
 * @param sheetRow true for a worksheet's row
 */
public record FileRecord(long number, boolean sheetRow, List<String> values) {

    /** "record 3" or "row 3". */
    public String where() {
        return (sheetRow ? "row " : "record ") + number;
    }

    /** "record 3, column title", or "row 3, column title (cell C3)". */
    public String where(int field, String column) {
        return where() + ", column " + column + (sheetRow ? " (cell " + XlsxFileReader.columnName(field) + number
                + ")" : "");
    }
}
