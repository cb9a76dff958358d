package migratedb.source.postgres.bundled;

import migratedb.source.postgres.PostgresVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which pg_dump can back up which server: its major version must not be older (9.5 and 9.6 are two majors). */
class PgDumpVersionTest {

    @Test
    void readsTheVersionAPostgresProgramPrints() {
        assertEquals("15.14", SourceBackup.parseVersion("pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)\n")
                .orElseThrow().text());
        assertEquals(90624, SourceBackup.parseVersion("postgres (PostgreSQL) 9.6.24").orElseThrow().number());
        assertTrue(SourceBackup.parseVersion("command not found").isEmpty());
    }

    @Test
    void anOlderMajorIsTooOldAndMinorVersionsDoNotMatter() {
        assertTrue(SourceBackup.tooOld(v("9.5.25"), v("9.6.24")), "9.5 and 9.6 are different majors");
        assertTrue(SourceBackup.tooOld(v("15.14"), v("18.1")));
        assertFalse(SourceBackup.tooOld(v("15.14"), v("9.6.24")), "a newer pg_dump reads an older server");
        assertFalse(SourceBackup.tooOld(v("16.1"), v("16.10")), "within a major the minor does not matter");
        assertFalse(SourceBackup.tooOld(v("9.6.1"), v("9.6.24")));
    }

    private static PostgresVersion v(String text) {
        return PostgresVersion.parse(text);
    }
}
