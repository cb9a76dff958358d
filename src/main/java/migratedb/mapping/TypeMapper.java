package migratedb.mapping;

import migratedb.model.Column;
import migratedb.model.Index;
import migratedb.model.Key;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.UserType;
import migratedb.model.ValueKind;
import migratedb.troubleshoot.MigrationException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL type → SQL Server type. The rules are the mapping table of docs/schema-and-assessment.md; every rule
 * that can lose information or behaviour says so ({@link TargetColumn#lossy()}). The administrator's overrides
 * ({@link TypeOverrides}) win over the rules, as long as the target type can receive the column's values.
 */
public final class TypeMapper {
    /** SQL Server's largest index key: 900 bytes clustered (the primary key), 1700 bytes nonclustered. */
    public static final int CLUSTERED_KEY_BYTES = 900;
    public static final int NONCLUSTERED_KEY_BYTES = 1700;
    /** PostgreSQL enum labels and names are at most 63 bytes, so 63 characters always hold them. */
    private static final int NAME_CHARS = 63;

    private final TypeOverrides overrides;
    private final List<UserType> userTypes;

    public TypeMapper() {
        this(TypeOverrides.none(), List.of());
    }

    public TypeMapper(TypeOverrides overrides, List<UserType> userTypes) {
        this.overrides = overrides;
        this.userTypes = List.copyOf(userTypes);
    }

    /** Maps one table into the given target schema; protected columns are "schema.table.column" names. */
    public TargetTable map(Table table, String targetSchema, Set<String> protectedColumns) {
        Set<String> clusteredKey = new HashSet<>(table.primaryKey() == null ? List.of()
                : table.primaryKey().columns());
        Set<String> otherKeys = new HashSet<>();
        table.uniqueKeys().stream().map(Key::columns).forEach(otherKeys::addAll);
        for (Index ix : table.indexes()) {
            if ("btree".equals(ix.method()) || "hash".equals(ix.method())) {
                ix.columns().stream().filter(k -> !k.expression()).forEach(k -> otherKeys.add(k.nameOrExpression()));
            }
        }
        List<TargetColumn> columns = new ArrayList<>();
        for (Column c : table.columns()) {
            TargetColumn tc = mapWithOverride(table, c, clusteredKey.contains(c.name()) ? CLUSTERED_KEY_BYTES
                    : otherKeys.contains(c.name()) ? NONCLUSTERED_KEY_BYTES : 0);
            if (protectedColumns.contains(table.qualifiedName() + "." + c.name())) {
                tc = tc.withProtected(true);
            }
            columns.add(tc);
        }
        return new TargetTable(table, targetSchema, table.name(), columns);
    }

    /** The default rule for a column that is no index key, without overrides. */
    public TargetColumn map(Column c) {
        return rule(c, 0);
    }

    private TargetColumn mapWithOverride(Table table, Column c, int keyBytes) {
        TargetColumn natural = rule(c, keyBytes);
        Optional<TypeOverrides.Rule> o = overrides.find(table.qualifiedName(), c.name(), c.sourceType(),
                c.baseType());
        if (o.isEmpty()) {
            return natural;
        }
        SqlType type = o.get().type();
        ValueKind kind = type.valueKind().orElseThrow();
        if (!canCarry(natural.valueKind(), kind)) {
            throw new MigrationException(MappingTrouble.OVERRIDE_INCOMPATIBLE, Map.of("key", o.get().key(),
                    "value", type, "column", table.qualifiedName() + "." + c.name(), "sourceType", c.sourceType(),
                    "sourceKind", natural.valueKind(), "targetKind", kind, "file", o.get().where()));
        }
        String note = "override " + o.get().key() + " (rule: " + natural.sqlType() + ")";
        boolean lossy = natural.lossy() || narrows(natural, type);
        if (kind == ValueKind.STRING && !type.unicode()) {
            lossy = true;
            note += "; " + type.name() + " keeps only the characters of the database collation's code page";
        }
        return new TargetColumn(c, c.name(), type.toString(), kind, lossy, note, false);
    }

    /** Values read as {@code from} can be written as {@code to}: same kind, any kind as text, number to number. */
    static boolean canCarry(ValueKind from, ValueKind to) {
        return from == to || to == ValueKind.STRING || (numeric(from) && numeric(to));
    }

    private static boolean numeric(ValueKind k) {
        return switch (k) {
            case INT16, INT32, INT64, DECIMAL, FLOAT32, FLOAT64 -> true;
            default -> false;
        };
    }

    /** An override narrower than the rule (checked against the data by the assessment). */
    private static boolean narrows(TargetColumn natural, SqlType chosen) {
        SqlType rule = SqlType.parse(natural.sqlType()).orElse(null);
        if (rule == null) {
            return false;
        }
        if (rule.integerRange() != null && chosen.integerRange() != null) {
            return chosen.integerRange()[1] < rule.integerRange()[1] || chosen.integerRange()[0] > rule.integerRange()[0];
        }
        if (chosen.valueKind().orElse(null) == ValueKind.STRING || chosen.valueKind().orElse(null) == ValueKind.BYTES) {
            return chosen.capacity() < rule.capacity() && natural.valueKind() == chosen.valueKind().orElse(null);
        }
        return numeric(natural.valueKind()) && natural.valueKind() != chosen.valueKind().orElseThrow()
                && !(chosen.valueKind().get() == ValueKind.DECIMAL || widerInteger(natural.valueKind(),
                chosen.valueKind().get()));
    }

    private static boolean widerInteger(ValueKind from, ValueKind to) {
        return List.of(ValueKind.INT16, ValueKind.INT32, ValueKind.INT64).indexOf(from)
                <= List.of(ValueKind.INT16, ValueKind.INT32, ValueKind.INT64).indexOf(to)
                && List.of(ValueKind.INT16, ValueKind.INT32, ValueKind.INT64).contains(from);
    }

    /** The mapping rules; {@code keyBytes} > 0 when the column is an index key (unbounded types get a size). */
    private TargetColumn rule(Column c, int keyBytes) {
        Optional<UserType> enumType = userTypes.stream()
                .filter(u -> u.kind() == UserType.Kind.ENUM && u.name().equals(c.baseType())).findFirst();
        if (c.kind() == Column.TypeKind.ENUM || enumType.isPresent()) {
            return text(c, "NVARCHAR(" + NAME_CHARS + ")", false,
                    "enum stored as its label; a CHECK constraint keeps the list of labels");
        }
        if (c.kind() == Column.TypeKind.ARRAY || c.baseType().startsWith("_")) {
            return text(c, sized("NVARCHAR", keyBytes), true, "array stored as its PostgreSQL text form {a,b}");
        }
        if (c.kind() == Column.TypeKind.RANGE) {
            return text(c, sized("NVARCHAR", keyBytes), true, "range stored as its PostgreSQL text form [a,b)");
        }
        if (c.kind() == Column.TypeKind.COMPOSITE) {
            return text(c, sized("NVARCHAR", keyBytes), true, "composite value stored as its text form (a,b)");
        }
        return switch (c.baseType()) {
            case "int2" -> of(c, "SMALLINT", ValueKind.INT16);
            case "int4" -> of(c, "INT", ValueKind.INT32);
            case "int8" -> of(c, "BIGINT", ValueKind.INT64);
            case "numeric" -> numeric(c);
            case "float4" -> of(c, "REAL", ValueKind.FLOAT32);
            case "float8" -> of(c, "FLOAT", ValueKind.FLOAT64);
            case "money" -> new TargetColumn(c, c.name(), "DECIMAL(19,2)", ValueKind.DECIMAL, false,
                    "money as exact decimal (SQL Server MONEY has 4 decimals and a smaller range)", false);
            case "bool" -> of(c, "BIT", ValueKind.BOOLEAN);
            case "varchar" -> c.length() == null || c.length() > 4000
                    ? text(c, sized("NVARCHAR", keyBytes), false, null)
                    : text(c, "NVARCHAR(" + c.length() + ")", false, null);
            case "bpchar" -> c.length() == null || c.length() > 4000
                    ? text(c, sized("NVARCHAR", keyBytes), false, null)
                    : text(c, "NCHAR(" + c.length() + ")", false, null);
            case "text", "citext" -> text(c, sized("NVARCHAR", keyBytes), false,
                    keyBytes > 0 ? "sized for an index key: SQL Server cannot index NVARCHAR(MAX)" : null);
            case "name" -> text(c, "NVARCHAR(" + NAME_CHARS + ")", false, null);
            // NCHAR(1) would pad an empty value to a space and refuse a byte above 127, which PostgreSQL prints as
            // \ooo (four characters)
            case "char" -> text(c, "NVARCHAR(4)", false, "PostgreSQL's one-byte \"char\" as its text form");
            case "bytea" -> new TargetColumn(c, c.name(), sized("VARBINARY", keyBytes), ValueKind.BYTES, false,
                    keyBytes > 0 ? "sized for an index key: SQL Server cannot index VARBINARY(MAX)" : null, false);
            case "uuid" -> of(c, "UNIQUEIDENTIFIER", ValueKind.UUID);
            case "date" -> of(c, "DATE", ValueKind.DATE);
            case "time" -> of(c, "TIME(" + fraction(c) + ")", ValueKind.TIME);
            case "timetz" -> text(c, "NVARCHAR(32)", true,
                    "time with time zone has no SQL Server type: stored as text HH:MM:SS+TZ");
            case "timestamp" -> of(c, "DATETIME2(" + fraction(c) + ")", ValueKind.TIMESTAMP);
            case "timestamptz" -> of(c, "DATETIMEOFFSET(" + fraction(c) + ")", ValueKind.TIMESTAMPTZ);
            case "interval" -> text(c, "NVARCHAR(100)", true,
                    "interval has no SQL Server type: stored as PostgreSQL's text form (e.g. 1 day 02:00:00)");
            case "json", "jsonb" -> text(c, sized("NVARCHAR", keyBytes), false,
                    "JSON text; query with OPENJSON/JSON_VALUE");
            // SQL Server's XML type rewrites a document (drops the declaration and insignificant whitespace,
            // changes quotes and empty elements), so no stored document could be verified against its source
            case "xml" -> text(c, sized("NVARCHAR", keyBytes), false,
                    "XML document as text, exactly as PostgreSQL holds it; mapping.type.xml=XML stores it as "
                            + "SQL Server's XML type, which rewrites it (verification then reports it changed)");
            case "inet", "cidr" -> text(c, "NVARCHAR(50)", false, "network address as text");
            case "macaddr" -> text(c, "NVARCHAR(17)", false, "MAC address as text");
            case "macaddr8" -> text(c, "NVARCHAR(23)", false, "MAC address as text");
            case "bit" -> c.length() != null && c.length() <= 4000
                    ? text(c, "NCHAR(" + c.length() + ")", false, "bit string as text of 0 and 1")
                    : text(c, sized("NVARCHAR", keyBytes), false, "bit string as text of 0 and 1");
            case "varbit" -> c.length() != null && c.length() <= 4000
                    ? text(c, "NVARCHAR(" + c.length() + ")", false, "bit string as text of 0 and 1")
                    : text(c, sized("NVARCHAR", keyBytes), false, "bit string as text of 0 and 1");
            case "tsvector", "tsquery" -> text(c, sized("NVARCHAR", keyBytes), true,
                    c.baseType() + " stored as text; full-text search needs a SQL Server full-text index");
            default -> text(c, sized("NVARCHAR", keyBytes), true, c.sourceType() + " stored as its PostgreSQL text form");
        };
    }

    /** (MAX), or the largest size an index key allows (N-types take 2 bytes per character). */
    private static String sized(String type, int keyBytes) {
        if (keyBytes == 0) {
            return type + "(MAX)";
        }
        return type + "(" + (type.startsWith("N") ? keyBytes / 2 : keyBytes) + ")";
    }

    private static int fraction(Column c) {
        return c.precision() == null ? 6 : Math.min(c.precision(), 7);
    }

    private static TargetColumn numeric(Column c) {
        if (c.precision() == null) {
            return new TargetColumn(c, c.name(), "DECIMAL(38,10)", ValueKind.DECIMAL, true,
                    "numeric without precision: values beyond 28 integer digits or 10 decimals do not fit", false);
        }
        if (c.precision() > 38) {
            int scale = Math.max(0, Math.min(c.scale(), 38));
            return new TargetColumn(c, c.name(), "DECIMAL(38," + scale + ")", ValueKind.DECIMAL,
                    true, "numeric(" + c.precision() + "," + c.scale() + ") exceeds SQL Server's 38 digits", false);
        }
        if (c.scale() < 0 || c.scale() > c.precision()) {
            // PostgreSQL 15+ allows numeric(5,-2) and numeric(2,5); SQL Server needs 0 <= scale <= precision
            int scale = Math.max(c.scale(), 0);
            int precision = Math.min(38, Math.max(c.precision() - Math.min(c.scale(), 0), scale));
            return new TargetColumn(c, c.name(), "DECIMAL(" + precision + "," + scale + ")", ValueKind.DECIMAL,
                    false, "numeric(" + c.precision() + "," + c.scale() + ") as an equivalent SQL Server decimal",
                    false);
        }
        return of(c, "DECIMAL(" + c.precision() + "," + c.scale() + ")", ValueKind.DECIMAL);
    }

    private static TargetColumn of(Column c, String sqlType, ValueKind kind) {
        return new TargetColumn(c, c.name(), sqlType, kind, false, null, false);
    }

    private static TargetColumn text(Column c, String sqlType, boolean lossy, String note) {
        return new TargetColumn(c, c.name(), sqlType, ValueKind.STRING, lossy, note, false);
    }
}
