package migratedb.sink.sqlserver;

import migratedb.model.TargetColumn;
import migratedb.model.ValueKind;
import migratedb.sink.ValueTypes;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the bulk copy tells mssql-jdbc about our rows. The driver (13.6, sendTemporalDataTypesAsStringForBulkCopy on
 * by default) sends date and time values as the text of the object we hand it, in a VARCHAR column as long as the
 * precision we report; read in its SQLServerBulkCopy.writeTypeInfo and writeColumnToTdsWriter.
 */
class BulkRowsTest {
    private static final List<TargetColumn> COLUMNS = List.of(
            column("d", "DATE", ValueKind.DATE),
            column("t", "TIME(6)", ValueKind.TIME),
            column("ts", "DATETIME2(6)", ValueKind.TIMESTAMP),
            column("tz", "DATETIMEOFFSET(6)", ValueKind.TIMESTAMPTZ),
            column("n", "DECIMAL(12,2)", ValueKind.DECIMAL),
            column("s", "NVARCHAR(100)", ValueKind.STRING));

    private static TargetColumn column(String name, String sqlType, ValueKind kind) {
        return new TargetColumn(null, name, sqlType, kind, false, null, false);
    }

    @Test
    void temporalColumnsAreDeclaredLongEnoughForTheirTextAndTheOthersKeepTheirSize() {
        SqlServerBulkWriter.Rows rows = new SqlServerBulkWriter.Rows(COLUMNS, List.of());
        for (int i = 1; i <= 4; i++) {
            assertEquals(ValueTypes.TEMPORAL_TEXT_LENGTH, rows.getPrecision(i), COLUMNS.get(i - 1).name()
                    + ": VARCHAR(0) would make SQL Server refuse every row");
        }
        assertEquals(6, rows.getScale(2));
        assertEquals(6, rows.getScale(3));
        assertEquals(12, rows.getPrecision(5));
        assertEquals(2, rows.getScale(5));
        assertEquals(100, rows.getPrecision(6));
    }

    /**
     * Dates and times go as ISO 8601 text, which SQL Server reads the same under every language and DATEFORMAT;
     * the longest fit the declared length.
     */
    @Test
    void theTextOfTheWidestTemporalValuesFitsTheDeclaredLength() {
        Object[] widest = {LocalDate.of(9999, 12, 31), LocalTime.of(23, 59, 59, 999_999_000),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
                OffsetDateTime.of(1, 1, 1, 0, 0, 0, 999_999_000, ZoneOffset.ofHours(-14)), null, null};
        SqlServerBulkWriter.Rows rows = new SqlServerBulkWriter.Rows(COLUMNS, List.<Object[]>of(widest));
        assertTrue(rows.next());
        Object[] sent = rows.getRowData();

        assertEquals("9999-12-31", sent[0]);
        assertEquals("23:59:59.9999990", sent[1]);
        assertEquals("9999-12-31T23:59:59.9999990", sent[2]);
        assertEquals("0001-01-01T14:00:00.9999990+00:00", sent[3], "the instant in UTC, in the proleptic Gregorian "
                + "calendar PostgreSQL uses (java.sql.Timestamp would say 0001-01-03)");
        for (int i = 0; i < 4; i++) {
            assertTrue(sent[i].toString().length() <= rows.getPrecision(i + 1), sent[i] + " fits");
        }
    }
}
