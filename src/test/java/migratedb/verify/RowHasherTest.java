package migratedb.verify;

import migratedb.model.ValueKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The same value hashes the same whichever driver handed it out; different values, or NULL, hash apart. */
class RowHasherTest {
    private static long hash(ValueKind kind, Object value) {
        return new RowHasher(new ValueKind[]{kind}).hash(new Object[]{value});
    }

    @Test
    void theSameValueFromEitherDriverHashesTheSame() {
        assertEquals(hash(ValueKind.BOOLEAN, true), hash(ValueKind.BOOLEAN, 1));
        UUID u = UUID.fromString("00b5a830-76d7-0709-85d9-d68e8a107c4a");
        assertEquals(hash(ValueKind.UUID, u), hash(ValueKind.UUID, "00B5A830-76D7-0709-85D9-D68E8A107C4A"));
        assertEquals(hash(ValueKind.DECIMAL, new BigDecimal("10.50")), hash(ValueKind.DECIMAL, new BigDecimal("10.5")));
        assertEquals(hash(ValueKind.TIMESTAMPTZ, OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC)),
                hash(ValueKind.TIMESTAMPTZ, OffsetDateTime.of(2026, 1, 1, 13, 0, 0, 0, ZoneOffset.ofHours(1))));
        assertEquals(hash(ValueKind.TIMESTAMP, LocalDateTime.of(2026, 1, 1, 0, 0, 0, 123_456_000)),
                hash(ValueKind.TIMESTAMP, java.sql.Timestamp.valueOf(LocalDateTime.of(2026, 1, 1, 0, 0, 0, 123_456_000))));
        assertEquals(hash(ValueKind.INT32, 7), hash(ValueKind.INT32, 7L));
    }

    @Test
    void differentValuesAndNullHashApart() {
        assertNotEquals(hash(ValueKind.STRING, ""), hash(ValueKind.STRING, null));
        assertNotEquals(hash(ValueKind.STRING, "abc"), hash(ValueKind.STRING, "abd"));
        assertNotEquals(hash(ValueKind.STRING, "ab\u0000"), hash(ValueKind.STRING, "ab"));
        assertNotEquals(hash(ValueKind.BYTES, new byte[]{0}), hash(ValueKind.BYTES, new byte[0]));
        assertNotEquals(hash(ValueKind.BYTES, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9}),
                hash(ValueKind.BYTES, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 8}));
        assertNotEquals(hash(ValueKind.TIMESTAMP, LocalDateTime.of(2026, 1, 1, 0, 0, 0, 1_000)),
                hash(ValueKind.TIMESTAMP, LocalDateTime.of(2026, 1, 1, 0, 0, 0, 2_000)));
        RowHasher two = new RowHasher(new ValueKind[]{ValueKind.STRING, ValueKind.STRING});
        assertNotEquals(two.hash(new Object[]{"ab", "c"}), two.hash(new Object[]{"a", "bc"}),
                "a value moving between columns changes the hash");
    }

    @Test
    void aNumberHashesByItsValueWhateverItsScaleOrSize() {
        // the long-arithmetic path (up to 18 digits) and the BigDecimal path give the same canonical form
        assertEquals(hash(ValueKind.DECIMAL, new BigDecimal("1E+21")),
                hash(ValueKind.DECIMAL, new BigDecimal("1000000000000000000000")));
        assertEquals(hash(ValueKind.DECIMAL, new BigDecimal("-12345.6700000000000000000000")),
                hash(ValueKind.DECIMAL, new BigDecimal("-12345.67")));
        assertEquals(hash(ValueKind.DECIMAL, new BigDecimal("123456789012345678901234567890.5000")),
                hash(ValueKind.DECIMAL, new BigDecimal("123456789012345678901234567890.5")));
        assertEquals(hash(ValueKind.DECIMAL, new BigDecimal("0.000")), hash(ValueKind.DECIMAL, BigDecimal.ZERO));
        assertEquals(hash(ValueKind.DECIMAL, new BigDecimal("42.10")), hash(ValueKind.DECIMAL, 42.1));
        assertNotEquals(hash(ValueKind.DECIMAL, new BigDecimal("1.5")), hash(ValueKind.DECIMAL, new BigDecimal("15")));
        assertNotEquals(hash(ValueKind.DECIMAL, new BigDecimal("1.5")), hash(ValueKind.DECIMAL, new BigDecimal("-1.5")));
        assertNotEquals(hash(ValueKind.DECIMAL, new BigDecimal("0.1")), hash(ValueKind.DECIMAL, BigDecimal.ZERO));
        assertNotEquals(hash(ValueKind.DECIMAL, new BigDecimal("123456789012345678901234567890.5")),
                hash(ValueKind.DECIMAL, new BigDecimal("123456789012345678901234567890.6")));
    }
}
