package migratedb.ops.tablefile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Reads a table file record by record, whatever form Excel (or MigrateDB's export) gave it: an XLSX workbook, or
 * delimited text in UTF-8 (with or without byte-order mark), UTF-16 with byte-order mark ("Unicode Text") or
 * Windows-1252, separated by commas, semicolons, tabs or vertical bars, with minimal or full quoting and CRLF, LF
 * or CR line ends. The first record is the header (the column names).
 */
public interface TableFileReader extends AutoCloseable {

    /** How the file is being read. */
    FileLayout layout();

    /** The first record: the column names as written (trimmed of nothing). */
    List<String> header();

    /** The next record after the header, or null at the end. */
    FileRecord next() throws TableFileException;

    /** What the reader had to guess or leave out, for the output and the report (e.g. "read as Windows-1252"). */
    List<String> warnings();

    @Override
    void close() throws IOException;

    /**
     * Opens a file. The form comes from its content (a ZIP archive is a workbook, an OLE2 file is an old .xls that
     * is refused with what to do), then from its name; the encoding from its byte-order mark or its bytes; the
     * separator from its header line, preferring the one that splits it into the {@code expectedColumns}.
     *
     * @param fileName the name to judge by (an uploaded file's original name); the path's own name when null
     */
    static TableFileReader open(Path file, String fileName, Collection<String> expectedColumns)
            throws IOException, TableFileException {
        String name = fileName != null ? fileName : file.getFileName().toString();
        byte[] magic = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(magic, 0, magic.length);
        }
        if (n == 0) {
            throw new TableFileException("the file is empty");
        }
        if (n >= 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
            return XlsxFileReader.open(file);
        }
        if (n >= 8 && (magic[0] & 0xFF) == 0xD0 && (magic[1] & 0xFF) == 0xCF && (magic[2] & 0xFF) == 0x11
                && (magic[3] & 0xFF) == 0xE0) {
            throw new TableFileException("it is an Excel 97-2003 workbook (.xls) or another OLE2 document; open it in "
                    + "Excel and save it as 'Excel Workbook (*.xlsx)', 'CSV UTF-8' or 'Unicode Text'");
        }
        if (TableFileFormat.forFileName(name) == TableFileFormat.XLSX) {
            throw new TableFileException("its name says XLSX but it is not a workbook (an XLSX file is a ZIP "
                    + "archive); save it again from Excel, or give it the extension of what it is (.csv or .txt)");
        }
        return DelimitedFileReader.open(file, TableFileFormat.forFileName(name), expectedColumns);
    }
}
