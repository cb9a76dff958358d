package migratedb.source.postgres;

import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Reads a table's rows as {@code Object[]} with typed getters (binary transfer), in target column order.
 * Types that travel as text are cast to text in the SELECT, so the driver never guesses.
 */
public final class PostgresTableReader {
    /** The pseudo range column of page-range chunks (no user column can be called ctid). */
    public static final String PAGES = "ctid";

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * SELECT of the table's columns; with a range column it takes lower (inclusive) and upper (exclusive) bounds:
     * key values, or heap page numbers when the range column is {@link #PAGES}.
     */
    public String selectSql(TargetTable table, String rangeColumn) {
        return selectSql(table, rangeColumn, "?", "?");
    }

    /**
     * {@code COPY (<selectSql>) TO STDOUT (FORMAT binary)} of the same rows: COPY takes no bind parameters, so the
     * bounds are written as literals of the given longs (numbers only, never text from outside).
     */
    public String copySql(TargetTable table, String rangeColumn, Long lo, Long hi) {
        String select = rangeColumn == null ? selectSql(table, null, null, null)
                : selectSql(table, rangeColumn, bigint(lo), bigint(hi));
        return "COPY (" + select + ") TO STDOUT (FORMAT binary)";
    }

    /** A long as a bigint literal; parenthesized so that Long.MIN_VALUE and negative numbers parse. */
    private static String bigint(long value) {
        return "(" + value + ")::bigint";
    }

    private String selectSql(TargetTable table, String rangeColumn, String lo, String hi) {
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < table.columns().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(selectExpression(table.columns().get(i)));
        }
        sb.append(" FROM ").append(quote(table.source().schema())).append('.').append(quote(table.source().name()));
        if (PAGES.equals(rangeColumn)) {
            // a TID range scan (PostgreSQL 14+): reads only the chunk's pages
            sb.append(" WHERE ctid >= ('(' || ").append(lo).append("::bigint || ',0)')::tid AND ctid < ('(' || ")
                    .append(hi).append("::bigint || ',0)')::tid");
        } else if (rangeColumn != null) {
            sb.append(" WHERE ").append(quote(rangeColumn)).append(" >= ").append(lo).append(" AND ")
                    .append(quote(rangeColumn)).append(" < ").append(hi);
        }
        return sb.toString();
    }

    /**
     * Row count and number of heap pages: the input of page-range chunk planning for tables without an integer key.
     * One parameter: the table's quoted name ({@link #qualifiedName}) as a regclass.
     */
    public String pageStatsSql(TargetTable table) {
        return "SELECT count(*), pg_relation_size(?::regclass) / current_setting('block_size')::bigint FROM "
                + qualifiedName(table);
    }

    public static String qualifiedName(TargetTable table) {
        return quote(table.source().schema()) + "." + quote(table.source().name());
    }

    /** Row count, and with a range column its min and max: the input of chunk planning. */
    public String statsSql(TargetTable table, String rangeColumn) {
        String from = " FROM " + quote(table.source().schema()) + "." + quote(table.source().name());
        return rangeColumn == null ? "SELECT count(*)" + from
                : "SELECT count(*), min(" + quote(rangeColumn) + "), max(" + quote(rangeColumn) + ")" + from;
    }

    /**
     * The input of chunk planning for many tables in one statement (one round trip): a row per table with its
     * position in {@code tables}, its row count, and either the min and max of its integer key
     * ({@code rangeColumns} names the key), or its number of heap pages ({@link #PAGES}), or neither (null). Each
     * table counted by pages takes one parameter, in order: its quoted name ({@link #qualifiedName}) as a regclass.
     */
    public String planStatsSql(List<TargetTable> tables, List<String> rangeColumns) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tables.size(); i++) {
            String range = rangeColumns.get(i);
            sb.append(i == 0 ? "" : "\nUNION ALL ").append("SELECT ").append(i).append(", count(*), ");
            if (range == null) {
                sb.append("NULL::bigint, NULL::bigint, NULL::bigint");
            } else if (PAGES.equals(range)) {
                sb.append("NULL::bigint, NULL::bigint, pg_relation_size(?::regclass) / current_setting('block_size')")
                        .append("::bigint");
            } else {
                sb.append("min(").append(quote(range)).append(")::bigint, max(").append(quote(range))
                        .append(")::bigint, NULL::bigint");
            }
            sb.append(" FROM ").append(qualifiedName(tables.get(i)));
        }
        return sb.toString();
    }

    static String selectExpression(TargetColumn c) {
        String col = quote(c.source().name());
        String base = c.source().baseType();
        if (c.valueKind() == ValueKind.STRING && !isText(base)) {
            // the type's output function (what psql shows): inet '10.0.0.1' stays '10.0.0.1', not '10.0.0.1/32';
            // format() turns NULL into '', so NULL is kept explicitly
            return "CASE WHEN " + col + " IS NULL THEN NULL ELSE format('%s', " + col + ") END";
        }
        if (c.valueKind() == ValueKind.DECIMAL && "money".equals(base)) {
            return col + "::numeric";
        }
        return col;
    }

    private static boolean isText(String base) {
        return switch (base) {
            case "text", "varchar", "bpchar", "name", "citext" -> true;
            default -> false;
        };
    }

    /** Reads the current row into a new array, one typed getter per column. */
    public static Object[] readRow(ResultSet rs, ValueKind[] kinds) throws SQLException {
        Object[] row = new Object[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            row[i] = readValue(rs, i + 1, kinds[i]);
        }
        return row;
    }

    static Object readValue(ResultSet rs, int i, ValueKind kind) throws SQLException {
        Object v = switch (kind) {
            case BOOLEAN -> rs.getBoolean(i);
            case INT16 -> rs.getShort(i);
            case INT32 -> rs.getInt(i);
            case INT64 -> rs.getLong(i);
            case DECIMAL -> rs.getBigDecimal(i);
            case FLOAT32 -> rs.getFloat(i);
            case FLOAT64 -> rs.getDouble(i);
            case STRING -> rs.getString(i);
            case BYTES -> rs.getBytes(i);
            case UUID -> rs.getObject(i, UUID.class);
            case DATE -> rs.getObject(i, LocalDate.class);
            case TIME -> rs.getObject(i, LocalTime.class);
            case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case TIMESTAMPTZ -> {
                OffsetDateTime odt = rs.getObject(i, OffsetDateTime.class);
                if (OffsetDateTime.MAX.equals(odt) || OffsetDateTime.MIN.equals(odt)) {
                    // pgjdbc's ±infinity: no UTC form exists; a source read failure, not a DateTimeException
                    throw infiniteTimestamptz(OffsetDateTime.MAX.equals(odt));
                }
                yield odt == null ? null : odt.withOffsetSameInstant(ZoneOffset.UTC);
            }
        };
        return rs.wasNull() ? null : v;
    }

    /** The failure of both readers on timestamptz '±infinity' (the assessment's nan-infinity finding). */
    static SQLException infiniteTimestamptz(boolean positive) {
        return new org.postgresql.util.PSQLException("timestamptz '" + (positive ? "" : "-")
                + "infinity' has no UTC date and time", org.postgresql.util.PSQLState.DATETIME_OVERFLOW);
    }

    public static ValueKind[] kinds(TargetTable table) {
        return table.columns().stream().map(TargetColumn::valueKind).toArray(ValueKind[]::new);
    }

    /** Prepares the streaming query: forward-only, fetch size set, on a connection with autocommit off. */
    public PreparedStatement prepare(java.sql.Connection c, TargetTable table, String rangeColumn, Long lo, Long hi,
                                     int fetchSize) throws SQLException {
        PreparedStatement ps = c.prepareStatement(selectSql(table, rangeColumn), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        ps.setFetchSize(fetchSize);
        if (rangeColumn != null) {
            ps.setLong(1, lo);
            ps.setLong(2, hi);
        }
        return ps;
    }
}
