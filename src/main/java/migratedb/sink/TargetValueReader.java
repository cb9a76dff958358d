package migratedb.sink;

import migratedb.model.ValueKind;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/** Reads target values back for verification with the getter each value kind needs (JDBC 4.2 java.time). */
public final class TargetValueReader {
    private TargetValueReader() {
    }

    public static Object read(ResultSet rs, int i, ValueKind kind) throws SQLException {
        Object v = switch (kind) {
            case BOOLEAN -> rs.getBoolean(i);
            case INT16 -> rs.getShort(i);
            case INT32 -> rs.getInt(i);
            case INT64 -> rs.getLong(i);
            case DECIMAL -> rs.getBigDecimal(i);
            case FLOAT32 -> rs.getFloat(i);
            case FLOAT64 -> rs.getDouble(i);
            case STRING, UUID -> rs.getString(i);
            case BYTES -> rs.getBytes(i);
            case DATE -> rs.getObject(i, LocalDate.class);
            case TIME -> rs.getObject(i, LocalTime.class);
            case TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case TIMESTAMPTZ -> rs.getObject(i, OffsetDateTime.class);
        };
        return rs.wasNull() ? null : v;
    }
}
