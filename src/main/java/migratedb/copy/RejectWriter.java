package migratedb.copy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rows the target refused, one CSV file per table ({@code reports/<run>/rejects/<table>.csv}): the row's values
 * followed by the chunk and the target's error, so an administrator can fix and re-import them.
 */
public final class RejectWriter implements AutoCloseable {
    private final Path dir;
    private final Map<String, BufferedWriter> files = new ConcurrentHashMap<>();

    public RejectWriter(Path dir) {
        this.dir = dir;
    }

    public Path fileFor(String table) {
        return dir.resolve(table.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv");
    }

    /** A refused row and why; rows are written when their chunk ends, so a retried chunk never lists one twice. */
    public record RejectedRow(Object[] values, String chunk, String error) {
    }

    public synchronized void write(String table, List<String> columns, List<RejectedRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try {
            BufferedWriter w = files.get(table);
            if (w == null) {
                Files.createDirectories(dir);
                Path file = fileFor(table);
                boolean fresh = !Files.exists(file);
                // a resumed run appends to the file of the run it continues
                w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                files.put(table, w);
                if (fresh) {
                    StringBuilder header = new StringBuilder();
                    for (String c : columns) {
                        header.append(csv(c)).append(',');
                    }
                    w.write(header.append("migratedb_chunk,migratedb_error").toString());
                    w.newLine();
                }
            }
            for (RejectedRow r : rows) {
                StringBuilder line = new StringBuilder();
                for (Object v : r.values()) {
                    line.append(v == null ? "" : csv(text(v))).append(',');
                }
                line.append(csv(r.chunk())).append(',').append(csv(r.error()));
                w.write(line.toString());
                w.newLine();
            }
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reject file of " + table, e);
        }
    }

    private static String text(Object v) {
        if (v instanceof byte[] b) {
            return "\\x" + HexFormat.of().formatHex(b);
        }
        return v.toString();
    }

    /** RFC 4180 quoting: always quoted, quotes doubled; an empty quoted string is distinct from NULL. */
    static String csv(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    @Override
    public synchronized void close() {
        for (BufferedWriter w : files.values()) {
            try {
                w.close();
            } catch (IOException ignored) {
                // the file was flushed after every write; nothing is lost
            }
        }
        files.clear();
    }
}
