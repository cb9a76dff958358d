package migratedb.copy;

import migratedb.model.Column;
import migratedb.model.TargetTable;
import migratedb.source.postgres.PostgresTableReader;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a table into chunks of about {@code chunkRows} rows, so that big tables are copied by several workers and
 * a crash loses at most one chunk per worker:
 * <ul>
 *   <li>a single-column integer primary key: ranges {@code [lo, hi)} of the key between its min and max;</li>
 *   <li>any other table, on PostgreSQL 14 and later: ranges of heap pages, read with a TID range scan
 *       ({@code ctid >= '(lo,0)' AND ctid < '(hi,0)'}), which costs no more than one sequential scan in total;</li>
 *   <li>otherwise (no integer key on PostgreSQL 13 or older): the whole table as one chunk.</li>
 * </ul>
 * Page ranges are stable inside the shared snapshot and across a resume as long as the table is not rewritten
 * (VACUUM FULL, CLUSTER) in between; verification compares the table's row count with the source, so a rewrite
 * between a crash and a resume is reported, not silently accepted.
 */
public final class ChunkPlanner {
    private static final Set<String> INTEGER_KEYS = Set.of("int2", "int4", "int8");
    /** The last page chunk ends here: the largest block number a tid can hold. */
    static final long LAST_PAGE = 0xFFFF_FFFFL;

    private final PostgresTableReader reader = new PostgresTableReader();

    /** The chunks of one table and the row count the plan was made from. */
    public record TablePlan(long rows, List<Chunk> chunks) {
    }

    /** Plans a table on a connection inside the run's snapshot. */
    public TablePlan plan(Connection source, TargetTable table, long chunkRows) throws SQLException {
        return planAll(source, List.of(table), chunkRows).get(table.sourceName());
    }

    /**
     * Plans many tables with one statement on a connection inside the run's snapshot: their row counts, and the
     * key ranges or page counts the chunks are cut from. Keyed by source name, in the order given.
     */
    public Map<String, TablePlan> planAll(Connection source, List<TargetTable> tables, long chunkRows)
            throws SQLException {
        boolean pages = source.getMetaData().getDatabaseMajorVersion() >= 14;
        List<String> ranges = new ArrayList<>();
        for (TargetTable t : tables) {
            String key = integerKey(t);
            ranges.add(key != null ? key : pages ? Chunk.PAGES : null);
        }
        long[][] stats = new long[tables.size()][];
        try (PreparedStatement ps = source.prepareStatement(reader.planStatsSql(tables, ranges))) {
            int parameter = 1;
            for (int i = 0; i < tables.size(); i++) {
                if (Chunk.PAGES.equals(ranges.get(i))) {
                    ps.setString(parameter++, PostgresTableReader.qualifiedName(tables.get(i)));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stats[rs.getInt(1)] = new long[]{rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
                }
            }
        }
        Map<String, TablePlan> out = new LinkedHashMap<>();
        for (int i = 0; i < tables.size(); i++) {
            String name = tables.get(i).sourceName();
            String range = ranges.get(i);
            long[] st = stats[i];
            if (st == null) {
                throw new SQLException("no planning row for " + name);
            }
            List<Chunk> chunks = range == null ? List.of(new Chunk(name, 1, null, null, null))
                    : Chunk.PAGES.equals(range) ? pageRanges(name, st[0], st[3], chunkRows)
                    : keyRanges(name, range, st[0], st[1], st[2], chunkRows);
            out.put(name, new TablePlan(st[0], chunks));
        }
        return out;
    }

    /** The row counts of many tables with one statement (outside any snapshot unless the connection is in one). */
    public static Map<String, Long> rowCounts(Connection source, List<TargetTable> tables) throws SQLException {
        List<String> noRanges = new ArrayList<>();
        tables.forEach(t -> noRanges.add(null));
        Map<String, Long> out = new LinkedHashMap<>();
        try (PreparedStatement ps = source.prepareStatement(new PostgresTableReader().planStatsSql(tables, noRanges));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(tables.get(rs.getInt(1)).sourceName(), rs.getLong(2));
            }
        }
        return out;
    }

    /** The single-column integer primary key to split on, or null. */
    static String integerKey(TargetTable table) {
        var pk = table.source().primaryKey();
        if (pk == null || pk.columns().size() != 1) {
            return null;
        }
        return table.source().column(pk.columns().get(0)).map(Column::baseType).filter(INTEGER_KEYS::contains)
                .map(t -> pk.columns().get(0)).orElse(null);
    }

    /** Even key ranges over [min, max]; the last one ends just after max. */
    static List<Chunk> keyRanges(String table, String column, long rows, long min, long max, long chunkRows) {
        if (rows == 0) {
            return List.of(new Chunk(table, 1, null, null, null));
        }
        long end = Math.addExact(max, 1);
        long chunks = Math.max(1, (rows + chunkRows - 1) / chunkRows);
        // width computed in floating point: max - min can exceed Long.MAX_VALUE for a bigint key
        long width = Math.max(1, (long) Math.ceil(((double) end - (double) min) / chunks));
        List<Chunk> out = new ArrayList<>();
        long lo = min;
        int n = 1;
        while (lo < end) {
            long hi = end - lo <= width ? end : lo + width;
            out.add(new Chunk(table, n++, column, lo, hi));
            lo = hi;
        }
        return out;
    }

    /** Even page ranges; the last one is open-ended so that no page is ever left out. */
    static List<Chunk> pageRanges(String table, long rows, long pages, long chunkRows) {
        long chunks = Math.max(1, Math.min(pages, (rows + chunkRows - 1) / chunkRows));
        long width = Math.max(1, (pages + chunks - 1) / chunks);
        List<Chunk> out = new ArrayList<>();
        long lo = 0;
        int n = 1;
        while (true) {
            long hi = lo + width;
            if (hi >= pages) {
                out.add(new Chunk(table, n, Chunk.PAGES, lo, LAST_PAGE));
                return out;
            }
            out.add(new Chunk(table, n++, Chunk.PAGES, lo, hi));
            lo = hi;
        }
    }
}
