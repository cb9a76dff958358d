package migratedb.ops;

import migratedb.model.ValueKind;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Values as text in a table file, and back. */
class ValueTextTest {
    @Test
    void aTimestampColumnTakesADateAloneAsItsMidnight() {
        // a spreadsheet's date cell without a time is read as the ISO date alone
        assertEquals(LocalDateTime.of(2024, 1, 5, 0, 0), ValueText.parse("2024-01-05", ValueKind.TIMESTAMP));
        assertEquals(LocalDateTime.of(2024, 1, 5, 10, 30, 15), ValueText.parse("2024-01-05T10:30:15",
                ValueKind.TIMESTAMP));
        assertEquals(LocalDateTime.of(2024, 1, 5, 10, 30), ValueText.parse("2024-01-05 10:30", ValueKind.TIMESTAMP));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValueText.parse("05.01.2024", ValueKind.TIMESTAMP));
        assertEquals("'05.01.2024' is not a timestamp (yyyy-mm-ddThh:mm:ss)", e.getMessage());
    }
}
