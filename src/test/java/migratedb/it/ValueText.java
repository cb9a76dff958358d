package migratedb.it;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/** A value as comparable text, independent of MigrateDB's code: how the tests compare source and target. */
final class ValueText {
    private ValueText() {
    }

    static String of(ResultSet rs, int i) throws SQLException {
        int type = rs.getMetaData().getColumnType(i);
        String typeName = rs.getMetaData().getColumnTypeName(i).toLowerCase();
        Object v;
        if (typeName.equals("uuid")) {
            Object u = rs.getObject(i);
            v = u == null ? null : u.toString().toLowerCase();
        } else if (type == Types.ARRAY) {
            v = rs.getString(i); // PostgreSQL's own text form, which is what the target stores
        } else if (typeName.contains("timestamptz") || typeName.contains("time zone") || type == Types.TIMESTAMP_WITH_TIMEZONE) {
            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
            v = t == null ? null : t.toInstant();
        } else if (type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY) {
            byte[] b = rs.getBytes(i);
            v = b == null ? null : HexFormat.of().formatHex(b);
        } else if (type == Types.NUMERIC || type == Types.DECIMAL) {
            BigDecimal d = rs.getBigDecimal(i);
            v = d == null ? null : d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        } else if (type == Types.BIT || type == Types.BOOLEAN) {
            boolean b = rs.getBoolean(i);
            v = rs.wasNull() ? null : b;
        } else if (type == Types.TIMESTAMP) {
            v = rs.getObject(i, java.time.LocalDateTime.class);
        } else {
            Object o = rs.getObject(i);
            v = o;
            if (v != null && v.getClass().getName().equals("org.postgresql.util.PGobject")) {
                v = v.toString();
            }
        }
        return v == null ? "NULL" : v.toString();
    }
}
