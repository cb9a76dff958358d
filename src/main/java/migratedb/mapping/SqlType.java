package migratedb.mapping;

import migratedb.model.ValueKind;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A T-SQL column type taken apart: {@code NVARCHAR(50)}, {@code DECIMAL(38,10)}, {@code VARBINARY(MAX)}.
 *
 * @param name      upper-case type name
 * @param length    declared length or precision, or null; {@link #MAX} for (MAX)
 * @param scale     declared scale, or null
 */
public record SqlType(String name, Integer length, Integer scale) {
    public static final int MAX = Integer.MAX_VALUE;

    private static final Pattern TYPE = Pattern.compile(
            "^\\s*([A-Za-z][A-Za-z0-9_]*)\\s*(?:\\(\\s*(MAX|\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*$",
            Pattern.CASE_INSENSITIVE);

    /** Parses a type; empty when the text is not one T-SQL type name with optional (length[,scale]). */
    public static Optional<SqlType> parse(String text) {
        Matcher m = TYPE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String name = m.group(1).toUpperCase(Locale.ROOT);
        Integer length = m.group(2) == null ? null
                : m.group(2).equalsIgnoreCase("MAX") ? MAX : Integer.valueOf(m.group(2));
        Integer scale = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        return Optional.of(new SqlType(name, length, scale));
    }

    /** How values of this target type travel, or empty for a type MigrateDB does not write. */
    public Optional<ValueKind> valueKind() {
        return Optional.ofNullable(switch (name) {
            case "BIT" -> ValueKind.BOOLEAN;
            case "TINYINT", "SMALLINT" -> ValueKind.INT16;
            case "INT" -> ValueKind.INT32;
            case "BIGINT" -> ValueKind.INT64;
            case "DECIMAL", "NUMERIC", "MONEY", "SMALLMONEY" -> ValueKind.DECIMAL;
            case "REAL" -> ValueKind.FLOAT32;
            case "FLOAT" -> length != null && length <= 24 ? ValueKind.FLOAT32 : ValueKind.FLOAT64;
            case "CHAR", "VARCHAR", "NCHAR", "NVARCHAR", "XML" -> ValueKind.STRING;
            case "BINARY", "VARBINARY" -> ValueKind.BYTES;
            case "UNIQUEIDENTIFIER" -> ValueKind.UUID;
            case "DATE" -> ValueKind.DATE;
            case "TIME" -> ValueKind.TIME;
            case "DATETIME2", "DATETIME", "SMALLDATETIME" -> ValueKind.TIMESTAMP;
            case "DATETIMEOFFSET" -> ValueKind.TIMESTAMPTZ;
            default -> null;
        });
    }

    /** Unicode character types (NCHAR, NVARCHAR) keep every character whatever the database collation. */
    public boolean unicode() {
        return name.equals("NCHAR") || name.equals("NVARCHAR") || name.equals("XML");
    }

    public boolean isMax() {
        return length != null && length == MAX;
    }

    /** Characters (N-types, CHAR/VARCHAR) or bytes (BINARY/VARBINARY) a value may hold; MAX when unbounded. */
    public long capacity() {
        return switch (name) {
            case "NCHAR", "NVARCHAR", "CHAR", "VARCHAR", "BINARY", "VARBINARY" ->
                    length == null ? 1 : isMax() ? Long.MAX_VALUE : length;
            default -> Long.MAX_VALUE;
        };
    }

    /** Inclusive range of an integer type, or null. */
    public long[] integerRange() {
        return switch (name) {
            case "TINYINT" -> new long[]{0, 255};
            case "SMALLINT" -> new long[]{Short.MIN_VALUE, Short.MAX_VALUE};
            case "INT" -> new long[]{Integer.MIN_VALUE, Integer.MAX_VALUE};
            case "BIGINT" -> new long[]{Long.MIN_VALUE, Long.MAX_VALUE};
            default -> null;
        };
    }

    /** Precision and scale of a DECIMAL/NUMERIC (SQL Server's defaults 18,0), MONEY (19,4), SMALLMONEY (10,4). */
    public int[] decimalPrecisionScale() {
        return switch (name) {
            case "DECIMAL", "NUMERIC" -> new int[]{length == null ? 18 : length, scale == null ? 0 : scale};
            case "MONEY" -> new int[]{19, 4};
            case "SMALLMONEY" -> new int[]{10, 4};
            default -> null;
        };
    }

    /** Bytes one value takes in an index key at most (for N-types 2 bytes per character); MAX when unbounded. */
    public long maxKeyBytes() {
        return switch (name) {
            case "BIT", "TINYINT" -> 1;
            case "SMALLINT" -> 2;
            case "INT", "REAL", "DATE" -> 4;
            case "BIGINT", "MONEY", "DATETIME", "FLOAT" -> 8;
            case "DECIMAL", "NUMERIC" -> 17;
            case "UNIQUEIDENTIFIER" -> 16;
            case "TIME" -> 5;
            case "DATETIME2" -> 8;
            case "DATETIMEOFFSET" -> 10;
            case "NCHAR", "NVARCHAR" -> isMax() ? Long.MAX_VALUE : 2L * capacity();
            case "CHAR", "VARCHAR", "BINARY", "VARBINARY" -> isMax() ? Long.MAX_VALUE : capacity();
            default -> Long.MAX_VALUE;
        };
    }

    @Override
    public String toString() {
        if (length == null) {
            return name;
        }
        return name + "(" + (isMax() ? "MAX" : length) + (scale == null ? "" : "," + scale) + ")";
    }
}
