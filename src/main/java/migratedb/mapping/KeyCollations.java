package migratedb.mapping;

import migratedb.model.ForeignKey;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which columns get a binary collation so that SQL Server compares them as PostgreSQL did. PostgreSQL compares text
 * keys code point by code point (its deterministic collations); SQL Server compares them under the database's
 * collation, case-insensitively by default. When the administrator allows the assessment's collation-duplicate
 * finding, the text columns of every colliding key get the binary twin of target.collation (a {@code _BIN2}
 * collation: case-, accent-, kana- and width-sensitive — {@code _CS_AS} would still ignore kana and width), and so
 * does every column on the other side of a foreign key, because SQL Server refuses a foreign key between columns of
 * different collations (error 1757). Trailing spaces stay ignored under every collation: no collation fixes those.
 */
public final class KeyCollations {
    private static final Set<String> OPTIONS = Set.of("CI", "CS", "AI", "AS", "KS", "WS", "VSS", "SC", "UTF8", "BIN",
            "BIN2");
    private static final Pattern CODE_PAGE = Pattern.compile("_CP(\\d+)(?=_|$)", Pattern.CASE_INSENSITIVE);
    private static final String LATIN1_BIN2 = "Latin1_General_100_BIN2";

    private KeyCollations() {
    }

    /** A key whose values collide under the target collation (found by the assessment). */
    public record Collision(String table, String key, List<String> textColumns, String example) {
        public Collision {
            textColumns = List.copyOf(textColumns);
        }
    }

    /**
     * A column given its own collation, and why.
     *
     * @param table     source table (schema.table)
     * @param column    source column
     * @param collation the collation written into COLLATE
     * @param reason    the key or foreign key that made it necessary
     */
    public record ColumnCollation(String table, String column, String collation, String reason) {
        /** "schema.table.column", as settings name columns. */
        public String qualifiedColumn() {
            return table + "." + column;
        }
    }

    /**
     * The binary collation that compares as PostgreSQL does, on the code page of {@code targetCollation} (which
     * matters only for non-Unicode VARCHAR overrides). A Windows collation keeps its name and version:
     * {@code Latin1_General_100_CI_AS} gives {@code Latin1_General_100_BIN2}, a {@code _UTF8} one keeps UTF-8
     * ({@code Latin1_General_100_BIN2_UTF8}). A SQL collation has no {@code _BIN2} twin by name (there is no
     * SQL_Latin1_General_CP1_BIN2): its code page decides, so {@code SQL_Latin1_General_CP1_CI_AS} (code page 1252)
     * gives {@code Latin1_General_100_BIN2}.
     */
    public static String binaryCollation(String targetCollation) {
        String c = targetCollation == null ? "" : targetCollation.strip();
        if (c.isEmpty() || !c.matches("[A-Za-z0-9_]+")) {
            return LATIN1_BIN2;
        }
        if (c.toUpperCase(Locale.ROOT).startsWith("SQL_")) {
            Matcher m = CODE_PAGE.matcher(c);
            String codePage = m.find() ? m.group(1) : "1";
            return switch (codePage) {
                case "437" -> "SQL_Latin1_General_CP437_BIN2";
                case "850" -> "SQL_Latin1_General_CP850_BIN2";
                case "1250" -> "Czech_100_BIN2";
                case "1251" -> "Cyrillic_General_100_BIN2";
                case "1253" -> "Greek_100_BIN2";
                case "1254" -> "Turkish_100_BIN2";
                case "1255" -> "Hebrew_100_BIN2";
                case "1256" -> "Arabic_100_BIN2";
                case "1257" -> "Lithuanian_100_BIN2";
                default -> LATIN1_BIN2; // CP1 is code page 1252, Latin1_General's
            };
        }
        List<String> name = new ArrayList<>();
        boolean utf8 = false;
        boolean options = false;
        for (String part : c.split("_")) {
            String upper = part.toUpperCase(Locale.ROOT);
            if (OPTIONS.contains(upper)) {
                options = true;
                utf8 |= upper.equals("UTF8");
            } else if (!options) {
                name.add(part);
            }
        }
        return name.isEmpty() ? LATIN1_BIN2 : String.join("_", name) + "_BIN2" + (utf8 ? "_UTF8" : "");
    }

    /**
     * The columns that get {@link #binaryCollation}: the text columns of each colliding key, then, until nothing
     * changes, every text column on the other side of a foreign key from one of them (both directions: a key column
     * that references another table passes its collation on to the referenced column too).
     */
    public static List<ColumnCollation> decide(List<TargetTable> tables, List<Collision> collisions,
                                               String targetCollation) {
        String binary = binaryCollation(targetCollation);
        Map<String, TargetTable> bySource = new LinkedHashMap<>();
        tables.forEach(t -> bySource.put(t.sourceName(), t));
        Map<String, ColumnCollation> out = new LinkedHashMap<>();
        for (Collision k : collisions) {
            TargetTable t = bySource.get(k.table());
            if (t == null) {
                continue;
            }
            for (String col : k.textColumns()) {
                if (text(t, col)) {
                    out.putIfAbsent(k.table() + "." + col, new ColumnCollation(k.table(), col, binary, "key "
                            + k.key() + " holds values equal under " + targetCollation
                            + (k.example() == null ? "" : " (" + k.example() + ")") + " but distinct in "
                            + "PostgreSQL; " + binary + " compares them as PostgreSQL did"));
                }
            }
        }
        for (boolean changed = !out.isEmpty(); changed; ) {
            changed = false;
            for (TargetTable t : bySource.values()) {
                for (ForeignKey fk : t.source().foreignKeys()) {
                    TargetTable ref = bySource.get(fk.referencedQualifiedName());
                    if (ref == null || fk.columns().size() != fk.referencedColumns().size()) {
                        continue;
                    }
                    for (int i = 0; i < fk.columns().size(); i++) {
                        String own = t.sourceName() + "." + fk.columns().get(i);
                        String other = ref.sourceName() + "." + fk.referencedColumns().get(i);
                        if (out.containsKey(other) && !out.containsKey(own) && text(t, fk.columns().get(i))) {
                            out.put(own, new ColumnCollation(t.sourceName(), fk.columns().get(i), binary,
                                    "foreign key " + fk.name() + " references " + other + ", which has " + binary
                                            + ": SQL Server needs the same collation on both sides (error 1757)"));
                            changed = true;
                        } else if (out.containsKey(own) && !out.containsKey(other)
                                && text(ref, fk.referencedColumns().get(i))) {
                            out.put(other, new ColumnCollation(ref.sourceName(), fk.referencedColumns().get(i),
                                    binary, "foreign key " + fk.name() + " of " + t.sourceName() + " references it "
                                    + "from " + own + ", which has " + binary + ": SQL Server needs the same "
                                    + "collation on both sides (error 1757)"));
                            changed = true;
                        }
                    }
                }
            }
        }
        return List.copyOf(out.values());
    }

    /** The tables with each decided column's collation set. */
    static List<TargetTable> apply(List<TargetTable> tables, List<ColumnCollation> collations) {
        if (collations.isEmpty()) {
            return tables;
        }
        Map<String, String> byColumn = new LinkedHashMap<>();
        collations.forEach(c -> byColumn.put(c.qualifiedColumn(), c.collation()));
        List<TargetTable> out = new ArrayList<>();
        for (TargetTable t : tables) {
            List<TargetColumn> columns = t.columns().stream().map(c -> Optional.ofNullable(
                    byColumn.get(t.sourceName() + "." + c.source().name())).map(c::withCollation).orElse(c)).toList();
            out.add(new TargetTable(t.source(), t.schema(), t.name(), columns));
        }
        return out;
    }

    private static boolean text(TargetTable t, String column) {
        return t.column(column).map(c -> c.valueKind() == ValueKind.STRING && !c.protectedColumn()).orElse(false);
    }
}
