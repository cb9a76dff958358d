package migratedb.sink;

import migratedb.model.TargetColumn;
import migratedb.model.ValueKind;

import java.sql.Types;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JDBC type codes, precision and scale for our value kinds: shared by the writers of every dialect. */
public final class ValueTypes {
    private static final Pattern PRECISION_SCALE = Pattern.compile("\\((\\d+)(?:,\\s*(\\d+))?\\)");

    private ValueTypes() {
    }

    public static int jdbcType(ValueKind kind) {
        return switch (kind) {
            case BOOLEAN -> Types.BIT;
            case INT16 -> Types.SMALLINT;
            case INT32 -> Types.INTEGER;
            case INT64 -> Types.BIGINT;
            case DECIMAL -> Types.DECIMAL;
            case FLOAT32 -> Types.REAL;
            case FLOAT64 -> Types.DOUBLE;
            case STRING -> Types.NVARCHAR;
            case BYTES -> Types.VARBINARY;
            case UUID -> Types.CHAR;
            case DATE -> Types.DATE;
            case TIME -> Types.TIME;
            case TIMESTAMP -> Types.TIMESTAMP;
            case TIMESTAMPTZ -> microsoft.sql.Types.DATETIMEOFFSET;
        };
    }

    /**
     * The longest text of a date, time, timestamp or timestamptz. mssql-jdbc's bulk copy sends temporal values as
     * text by default (sendTemporalDataTypesAsStringForBulkCopy) and declares that column as VARCHAR of the
     * precision we report, unadjusted: 0 would declare VARCHAR(0) and SQL Server refuse every row ("invalid column
     * length from the bcp client"). 50 is the driver's own figure for its bulk records.
     */
    public static final int TEMPORAL_TEXT_LENGTH = 50;

    /**
     * Digits of a decimal, the length of a string or binary column, or for temporal columns the length of their
     * text ({@link #TEMPORAL_TEXT_LENGTH}).
     */
    public static int precision(TargetColumn c) {
        if (c.valueKind() == ValueKind.DATE || isTemporal(c)) {
            return TEMPORAL_TEXT_LENGTH;
        }
        Matcher m = PRECISION_SCALE.matcher(c.sqlType());
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        return switch (c.valueKind()) {
            case DECIMAL -> 38;
            case UUID -> 36;
            case STRING, BYTES -> Integer.MAX_VALUE;
            default -> 0;
        };
    }

    /** Decimal scale, or fractional-second digits of a temporal column ("DATETIME2(6)" gives 6). */
    public static int scale(TargetColumn c) {
        Matcher m = PRECISION_SCALE.matcher(c.sqlType());
        if (!m.find()) {
            return isTemporal(c) ? 7 : 0;
        }
        if (isTemporal(c)) {
            return Integer.parseInt(m.group(1));
        }
        return m.group(2) != null ? Integer.parseInt(m.group(2)) : 0;
    }

    private static boolean isTemporal(TargetColumn c) {
        return switch (c.valueKind()) {
            case TIME, TIMESTAMP, TIMESTAMPTZ -> true;
            default -> false;
        };
    }
}
