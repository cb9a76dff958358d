package migratedb.source.postgres;

import migratedb.model.Table;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The assessment's questions to the source data, as PostgreSQL queries kept in {@code checks/*.sql}: which rows
 * hold values SQL Server will refuse or treat differently. All row checks of one table run in ONE pass over it;
 * identifiers enter the SQL quoted, limits as parameters.
 */
public final class PostgresDataChecks {

    /** The checks {@code checks/<name>.sql} defines (line 1: condition, line 2: what a sample shows). */
    public enum RowCheck {
        NON_FINITE("non-finite"), NUMERIC_INTEGER_DIGITS("numeric-integer-digits"), NUMERIC_SCALE("numeric-scale"),
        TEMPORAL_RANGE("temporal-range"), TIME_24("time-24"), TEXT_LENGTH("text-length"),
        BYTES_LENGTH("bytes-length"), INTEGER_RANGE("integer-range"), NON_ASCII("non-ascii");

        private final String file;

        RowCheck(String file) {
            this.file = file;
        }
    }

    /** One check on one column; {@code params} fill the check's ? in order. */
    public record ColumnCheck(RowCheck check, String column, String baseType, List<Object> params) {
    }

    /**
     * An index key to measure in bytes as SQL Server stores it.
     *
     * @param unicodeColumns columns that become N-types (2 bytes per UTF-16 code unit)
     * @param byteColumns    columns that become binary or 8-bit text (1 byte per byte)
     * @param fixedBytes     the key's other columns, whose size does not depend on the value
     */
    public record KeyCheck(String name, List<String> unicodeColumns, List<String> byteColumns, long fixedBytes,
                           long limit) {
    }

    /** What a check found: failing rows and up to 5 samples ("key -> value"). */
    public record Result(Object check, String column, long count, List<String> samples) {
    }

    /** Runs the row checks and key checks of one table in one pass; results in the order given. */
    public List<Result> scan(Connection connection, Table table, List<ColumnCheck> checks, List<KeyCheck> keys)
            throws SQLException {
        if (checks.isEmpty() && keys.isEmpty()) {
            return List.of();
        }
        return SourceQueryException.labelled("checking the data of " + table.schema() + "." + table.name()
                        + " against SQL Server's rules (checks/table-scan.sql)", PostgresVersion.of(connection),
                () -> scanLabelled(connection, table, checks, keys));
    }

    private List<Result> scanLabelled(Connection connection, Table table, List<ColumnCheck> checks,
                                      List<KeyCheck> keys) throws SQLException {
        String aggregate = body(SqlResource.load("checks/aggregate.sql")).get(0);
        String key = keyExpression(table);
        String quotedTable = quote(table.schema()) + "." + quote(table.name());
        List<Probe> probes = new ArrayList<>();
        for (ColumnCheck c : checks) {
            List<String> lines = body(SqlResource.load("checks/" + c.check().file + ".sql"));
            String condition = column(lines.get(0), c.column(), c.baseType());
            String shown = column(lines.get(1), c.column(), c.baseType());
            probes.add(new Probe(c.check(), c.column(), condition, shown,
                    List.copyOf(c.params().subList(0, count(condition))), List.of()));
        }
        for (KeyCheck k : keys) {
            List<String> sizes = body(SqlResource.load("checks/key-column-bytes.sql"));
            String bytes = "0";
            List<String> parts = new ArrayList<>();
            for (String u : k.unicodeColumns()) {
                parts.add(sizes.get(0).replace("{value}", quote(u) + "::text"));
            }
            for (String b : k.byteColumns()) {
                parts.add(sizes.get(1).replace("{value}", quote(b)));
            }
            if (!parts.isEmpty()) {
                bytes = String.join(" + ", parts);
            }
            List<String> lines = body(SqlResource.load("checks/key-bytes.sql"));
            probes.add(new Probe(k, k.name(), lines.get(0).replace("{bytes}", bytes),
                    lines.get(1).replace("{bytes}", bytes), List.of(k.fixedBytes(), k.limit()),
                    List.of(k.fixedBytes())));
        }
        String sql = body(SqlResource.load("checks/table-scan.sql")).stream().collect(Collectors.joining("\n"))
                .replace("{aggregates}", probes.stream().map(p -> aggregate.replace("{condition}", p.condition()))
                        .collect(Collectors.joining(",\n       ")))
                .replace("{table}", quotedTable);
        long[] counts = new long[probes.size()];
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            for (Probe p : probes) {
                for (Object v : p.conditionParams()) {
                    ps.setObject(i++, v);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int col = 0; col < counts.length; col++) {
                    counts[col] = rs.getLong(col + 1);
                }
            }
        }
        String samplesSql = body(SqlResource.load("checks/samples.sql")).get(0).replace("{key}", key)
                .replace("{table}", quotedTable);
        List<Result> out = new ArrayList<>();
        for (int n = 0; n < probes.size(); n++) {
            Probe p = probes.get(n);
            List<String> samples = counts[n] == 0 ? List.of() : samples(connection, samplesSql, p);
            out.add(new Result(p.check(), p.column(), counts[n], samples));
        }
        return out;
    }

    /**
     * Groups of key values equal under the target collation that stay distinct when only trailing spaces are
     * ignored: the collisions a binary collation removes.
     *
     * @param keyColumns       the key's columns
     * @param textColumns      those of them compared by collation (text types)
     * @param caseInsensitive  the collation ignores case (_CI_)
     * @param accentInsensitive the collation ignores accents (_AI)
     */
    public Result collationDuplicates(Connection connection, Table table, String keyName, List<String> keyColumns,
                                      List<String> textColumns, boolean caseInsensitive, boolean accentInsensitive)
            throws SQLException {
        PostgresVersion version = PostgresVersion.of(connection);
        return SourceQueryException.labelled(SourceQuery.COLLATION_FOLD.describe(version) + " on " + keyName
                        + " of " + table.schema() + "." + table.name(), version,
                () -> collationDuplicates(connection, version, table, keyName, keyColumns, textColumns,
                        caseInsensitive, accentInsensitive));
    }

    private Result collationDuplicates(Connection connection, PostgresVersion version, Table table, String keyName,
                                       List<String> keyColumns, List<String> textColumns, boolean caseInsensitive,
                                       boolean accentInsensitive) throws SQLException {
        List<String> fold = body(SourceQuery.COLLATION_FOLD.sql(version));
        String icu = caseInsensitive && icuAvailable(connection) ? " COLLATE \"und-x-icu\"" : "";
        List<String> folded = new ArrayList<>();
        for (String c : keyColumns) {
            String v = quote(c);
            if (textColumns.contains(c)) {
                v = v + "::text";
                if (caseInsensitive) {
                    v = fold.get(0).replace("{value}", v).replace("{icu}", icu);
                }
                if (accentInsensitive) {
                    v = fold.get(1).replace("{value}", v);
                }
                v = fold.get(2).replace("{value}", v);
            }
            folded.add(v);
        }
        return duplicates(connection, table, keyName, keyColumns, folded, trimmed(keyColumns, textColumns, fold));
    }

    /**
     * Groups of key values that differ only by trailing spaces (U+0020), which SQL Server ignores under every
     * collation: no collation keeps them apart.
     */
    public Result trailingSpaceDuplicates(Connection connection, Table table, String keyName, List<String> keyColumns,
                                          List<String> textColumns) throws SQLException {
        PostgresVersion version = PostgresVersion.of(connection);
        return SourceQueryException.labelled(SourceQuery.COLLATION_FOLD.describe(version) + " (trailing spaces) on "
                + keyName + " of " + table.schema() + "." + table.name(), version, () -> {
                    List<String> fold = body(SourceQuery.COLLATION_FOLD.sql(version));
                    List<String> raw = keyColumns.stream()
                            .map(c -> textColumns.contains(c) ? quote(c) + "::text" : quote(c)).toList();
                    return duplicates(connection, table, keyName, keyColumns, trimmed(keyColumns, textColumns, fold),
                            raw);
                });
    }

    /** The key as a binary collation compares it: text columns without their trailing spaces. */
    private static List<String> trimmed(List<String> keyColumns, List<String> textColumns, List<String> fold) {
        return keyColumns.stream().map(c -> textColumns.contains(c)
                ? fold.get(2).replace("{value}", quote(c) + "::text") : quote(c)).toList();
    }

    /**
     * Groups of rows whose key is equal as {@code folded} compares it and distinct as {@code distinct} does; each
     * sample shows the group's values, with each row's primary key when the key is not the primary key.
     */
    private Result duplicates(Connection connection, Table table, String keyName, List<String> keyColumns,
                              List<String> folded, List<String> distinct) throws SQLException {
        String values = "quote_literal(concat_ws(', ', " + keyColumns.stream().map(c -> quote(c) + "::text")
                .collect(Collectors.joining(", ")) + "))";
        boolean isPrimaryKey = table.primaryKey() != null && table.primaryKey().columns().equals(keyColumns);
        String shown = isPrimaryKey ? values : values + " || ' (' || " + keyExpression(table) + " || ')'";
        String present = keyColumns.stream().map(c -> quote(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
        String sql = body(SqlResource.load("checks/collation-duplicates.sql")).stream()
                .collect(Collectors.joining("\n"))
                .replace("{folded}", String.join(", ", folded)).replace("{shown}", shown)
                .replace("{distinct}", "ROW(" + String.join(", ", distinct) + ")")
                .replace("{present}", present).replace("{table}", quote(table.schema()) + "." + quote(table.name()));
        long total = 0;
        List<String> samples = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                total = rs.getLong(1);
                samples.add(rs.getString(2));
            }
        }
        return new Result(keyName, String.join(", ", keyColumns), total, samples);
    }

    private static boolean icuAvailable(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu')");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** The sample key: the primary key's values ("id=5"), or the row's physical address without one. */
    private static String keyExpression(Table table) {
        if (table.primaryKey() == null) {
            return "'ctid=' || ctid::text";
        }
        return "concat_ws(', ', " + table.primaryKey().columns().stream()
                .map(c -> "quote_ident(" + literal(c) + ") || '=' || " + quote(c) + "::text")
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String column(String template, String column, String baseType) {
        String value = isText(baseType) ? quote(column) : quote(column) + "::text";
        return template.replace("{column}", quote(column)).replace("{value}", value);
    }

    private static boolean isText(String base) {
        return switch (base) {
            case "text", "varchar", "bpchar", "name", "citext" -> true;
            default -> false;
        };
    }

    /** A column name as an SQL string literal (for quote_ident in the sample key): quotes doubled. */
    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String quote(String identifier) {
        return PostgresTableReader.quote(identifier);
    }

    private static int count(String sql) {
        return (int) sql.chars().filter(ch -> ch == '?').count();
    }

    /** One check of a table scan: its condition and sample text, and the values of their ? in order. */
    private record Probe(Object check, String column, String condition, String shown, List<Object> conditionParams,
                         List<Object> shownParams) {
    }

    /** Up to 5 failing rows of one check: the shown value's ? come first in samples.sql, then the condition's. */
    private static List<String> samples(Connection connection, String samplesSql, Probe p) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(samplesSql.replace("{shown}", p.shown())
                .replace("{condition}", p.condition()))) {
            int i = 1;
            for (Object v : p.shownParams()) {
                ps.setObject(i++, v);
            }
            for (Object v : p.conditionParams()) {
                ps.setObject(i++, v);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) != null) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }

    /** The SQL lines of a check file: comments and blank lines dropped. */
    private static List<String> body(String resource) {
        return resource.lines().filter(l -> !l.isBlank() && !l.trim().startsWith("--")).toList();
    }
}
