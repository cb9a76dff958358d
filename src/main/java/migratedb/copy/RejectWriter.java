package migratedb.copy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * Rows the target refused, one CSV file per table ({@code reports/<run>/rejects/<table>.csv}): the row's values
 * followed by the chunk and the target's error, so an administrator can fix and re-import them.
 * <p>
 * A chunk that commits with refused rows (copy.rejectPolicy=skip) writes them ahead: into a pending file of its own,
 * forced to disk, before its transaction commits ({@link #prepare}); after the commit they join the table's file
 * ({@link #publish}). A crash between the two leaves the pending file, and the resume's planning publishes it if
 * its chunk committed and drops it otherwise ({@link #recover}): the list is never shorter than the count the
 * checkpoint recorded, and never lists a row twice. The table's file is always replaced whole (written aside,
 * renamed into place), so it is never half written either.
 */
public final class RejectWriter implements AutoCloseable {
    private static final String PENDING = ".pending";

    private final Path dir;

    public RejectWriter(Path dir) {
        this.dir = dir;
    }

    public Path fileFor(String table) {
        return dir.resolve(safe(table) + ".csv");
    }

    Path pendingFor(String table, int chunk) {
        return dir.resolve(PENDING).resolve(safe(table) + ".chunk-" + chunk + ".csv");
    }

    private static final java.util.regex.Pattern UNSAFE = java.util.regex.Pattern.compile("[^A-Za-z0-9._-]");

    private static String safe(String table) {
        return UNSAFE.matcher(table).replaceAll("_");
    }

    /** A refused row and why. */
    public record RejectedRow(Object[] values, String chunk, String error) {
    }

    /**
     * Adds rows to the table's file at once: the rows that stopped a chunk (copy.rejectPolicy=fail, or more than
     * copy.rejectMaxPerTable): the chunk did not commit, and they say why.
     */
    public synchronized void write(String table, List<String> columns, List<RejectedRow> rows) {
        if (!rows.isEmpty()) {
            append(table, columns, lines(rows));
        }
    }

    /** Before the chunk's commit: its refused rows into the chunk's pending file, on disk before this returns. */
    public synchronized void prepare(String table, int chunk, List<RejectedRow> rows) {
        Path pending = pendingFor(table, chunk);
        try {
            Files.createDirectories(pending.getParent());
            writeForced(pending, lines(rows));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reject file of " + table + " (" + pending + ")", e);
        }
    }

    /** After the chunk's commit: its pending rows join the table's file, once, and the pending file goes. */
    public synchronized void publish(String table, List<String> columns, int chunk) {
        Path pending = pendingFor(table, chunk);
        try {
            if (!Files.exists(pending)) {
                return;
            }
            String rows = Files.readString(pending, StandardCharsets.UTF_8);
            Path file = fileFor(table);
            // a crash after the rename and before the delete published them already: a chunk's lines name the
            // chunk, and a chunk commits once
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).contains(rows)) {
                append(table, columns, rows);
            }
            Files.delete(pending);
            try {
                Files.deleteIfExists(pending.getParent());
            } catch (java.nio.file.DirectoryNotEmptyException othersPending) {
                // another chunk of this run is between its prepare and its publish
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reject file of " + table + " (" + pending + ")", e);
        }
    }

    /**
     * When a run's tables are planned (on a resume, after a crash): the pending rows of chunks that committed are
     * published, those of chunks that did not are dropped (the chunk is copied again and refuses them again).
     */
    public synchronized void recover(String table, List<String> columns, IntPredicate committed) {
        Path pendingDir = dir.resolve(PENDING);
        if (!Files.isDirectory(pendingDir)) {
            return;
        }
        String prefix = safe(table) + ".chunk-";
        try (Stream<Path> files = Files.list(pendingDir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith(prefix) || !name.endsWith(".csv")) {
                    continue;
                }
                int chunk = Integer.parseInt(name.substring(prefix.length(), name.length() - 4));
                if (committed.test(chunk)) {
                    publish(table, columns, chunk);
                } else {
                    Files.delete(p);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot recover the pending reject files of " + table + " in "
                    + pendingDir + ": " + e.getMessage(), e);
        }
    }

    /** The table's file with the lines added, written aside and renamed into place. */
    private void append(String table, List<String> columns, String rows) {
        Path file = fileFor(table);
        try {
            Files.createDirectories(dir);
            StringBuilder content = new StringBuilder();
            if (Files.exists(file)) {
                // a resumed run adds to the file of the run it continues
                content.append(Files.readString(file, StandardCharsets.UTF_8));
            } else {
                for (String c : columns) {
                    content.append(csv(c)).append(',');
                }
                content.append("migratedb_chunk,migratedb_error").append(System.lineSeparator());
            }
            content.append(rows);
            Path aside = file.resolveSibling(file.getFileName() + ".tmp");
            writeForced(aside, content.toString());
            Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reject file of " + table, e);
        }
    }

    /** Written owner-only: refused rows are rows of user data (the excluded personal passwords too, on import). */
    private static void writeForced(Path path, String content) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            migratedb.config.FilePermissions.restrictToOwner(path);
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(content);
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
    }

    private static String lines(List<RejectedRow> rows) {
        StringBuilder out = new StringBuilder();
        for (RejectedRow r : rows) {
            for (Object v : r.values()) {
                out.append(v == null ? "" : csv(text(v))).append(',');
            }
            out.append(csv(r.chunk())).append(',').append(csv(r.error())).append(System.lineSeparator());
        }
        return out.toString();
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

    /** Nothing stays open: every write replaces a whole file. */
    @Override
    public void close() {
    }
}
