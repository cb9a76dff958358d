package migratedb.source.postgres;

import migratedb.source.postgres.PostgresVersion.Feature;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresVersionTest {

    @Test
    void readsTheVersionsAsPostgresPrintsThem() {
        assertEquals(90624, PostgresVersion.parse("9.6.24").number());
        assertEquals("9.6", PostgresVersion.parse("9.6.24").major());
        assertEquals(100023, PostgresVersion.parse("10.23").number());
        assertEquals("10", PostgresVersion.parse("10.23").major());
        assertEquals(180001, PostgresVersion.parse("18.1").number());
        assertEquals(180000, PostgresVersion.parse("18beta1").number());
        assertEquals("16", PostgresVersion.parse("16.4 (Debian 16.4-1.pgdg120+1)").major());
        assertEquals("16.4 (Debian 16.4-1.pgdg120+1)", PostgresVersion.parse("16.4 (Debian 16.4-1.pgdg120+1)").text());
        assertEquals(90600, PostgresVersion.parse("9.6").number(), "PG_VERSION of a 9.6 data directory");
        assertThrows(IllegalArgumentException.class, () -> PostgresVersion.parse("PostgreSQL"));
    }

    @Test
    void theMajorNumberDropsTheMinorVersion() {
        assertEquals(90600, PostgresVersion.parse("9.6.24").majorNumber());
        assertEquals(90500, PostgresVersion.parse("9.5.25").majorNumber());
        assertEquals(150000, PostgresVersion.parse("15.14").majorNumber());
    }

    @Test
    void supportsFrom96On() {
        assertFalse(PostgresVersion.parse("9.4.26").supported());
        assertFalse(PostgresVersion.parse("9.5.25").supported());
        assertTrue(PostgresVersion.parse("9.6.0").supported());
        assertTrue(PostgresVersion.parse("18.1").supported());
        assertFalse(PostgresVersion.parse("18.1").newerThanTested());
        assertTrue(PostgresVersion.parse("19beta1").newerThanTested());
    }

    @Test
    void aFeatureIsThereFromTheVersionThatBroughtIt() {
        assertFalse(PostgresVersion.parse("9.6.24").has(Feature.IDENTITY_COLUMNS));
        assertTrue(PostgresVersion.parse("10.0").has(Feature.IDENTITY_COLUMNS));
        assertFalse(PostgresVersion.parse("11.22").has(Feature.GENERATED_COLUMNS));
        assertTrue(PostgresVersion.parse("12.22").has(Feature.GENERATED_COLUMNS));
        assertFalse(PostgresVersion.parse("13.18").has(Feature.TID_RANGE_SCAN));
        assertTrue(PostgresVersion.parse("14.19").has(Feature.TID_RANGE_SCAN));
    }
}
