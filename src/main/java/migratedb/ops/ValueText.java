package migratedb.ops;

import migratedb.model.ValueKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * The text of a value in an export file, and back: exact for every ValueKind (floats in Java's shortest round-trip
 * form, bytes as PostgreSQL's {@code \x} hex, times in ISO-8601, timestamps with time zone in UTC), so an exported
 * table imports to the same values.
 */
final class ValueText {
    private ValueText() {
    }

    static String format(Object v, ValueKind kind) {
        return switch (kind) {
            case BYTES -> "\\x" + HexFormat.of().formatHex((byte[]) v);
            case DECIMAL -> ((BigDecimal) v).toPlainString();
            case TIMESTAMPTZ -> ((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC).toString();
            default -> v.toString();
        };
    }

    /** Parses a value's text; throws IllegalArgumentException with what was expected. */
    static Object parse(String text, ValueKind kind) {
        String t = kind == ValueKind.STRING ? text : text.strip();
        try {
            return switch (kind) {
                case BOOLEAN -> bool(t);
                case INT16 -> Short.parseShort(t);
                case INT32 -> Integer.parseInt(t);
                case INT64 -> Long.parseLong(t);
                case DECIMAL -> new BigDecimal(t);
                case FLOAT32 -> Float.parseFloat(t);
                case FLOAT64 -> Double.parseDouble(t);
                case STRING -> t;
                case BYTES -> bytes(t);
                case UUID -> UUID.fromString(t);
                case DATE -> LocalDate.parse(t);
                case TIME -> LocalTime.parse(t);
                // a date alone is its midnight: a spreadsheet's date cell without a time
                case TIMESTAMP -> t.length() == 10 ? LocalDate.parse(t).atStartOfDay()
                        : LocalDateTime.parse(t.replace(' ', 'T'));
                case TIMESTAMPTZ -> OffsetDateTime.parse(t.replace(' ', 'T')).withOffsetSameInstant(ZoneOffset.UTC);
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + abbreviate(text) + "' is not " + expected(kind));
        }
    }

    private static Boolean bool(String t) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "true", "t", "1", "yes", "y" -> true;
            case "false", "f", "0", "no", "n" -> false;
            default -> throw new IllegalArgumentException(t);
        };
    }

    private static byte[] bytes(String t) {
        if (!t.startsWith("\\x")) {
            throw new IllegalArgumentException(t);
        }
        return HexFormat.of().parseHex(t.substring(2));
    }

    private static String expected(ValueKind kind) {
        return switch (kind) {
            case BOOLEAN -> "true or false";
            case INT16, INT32, INT64 -> "a whole number in range";
            case DECIMAL, FLOAT32, FLOAT64 -> "a number";
            case STRING -> "text";
            case BYTES -> "binary data written as \\x followed by hex digits";
            case UUID -> "a UUID";
            case DATE -> "a date (yyyy-mm-dd)";
            case TIME -> "a time (hh:mm:ss)";
            case TIMESTAMP -> "a timestamp (yyyy-mm-ddThh:mm:ss)";
            case TIMESTAMPTZ -> "a timestamp with offset (yyyy-mm-ddThh:mm:ssZ)";
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
