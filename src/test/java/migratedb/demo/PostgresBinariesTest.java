package migratedb.demo;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The binaries of every supported version arrive with the build: pom.xml copies the versions listed here. */
class PostgresBinariesTest {

    @Test
    void theBuildCopiedTheJarOfEverySupportedVersion() {
        assertEquals(List.of("9.6", "10", "11", "12", "13", "14", "15", "16", "17", "18"), PostgresBinaries.majors());
        for (String major : PostgresBinaries.majors()) {
            assertTrue(Files.isRegularFile(PostgresBinaries.jar(major)), "pom.xml's postgres-binaries execution "
                    + "copies " + PostgresBinaries.jar(major).getFileName() + " (versions must agree)");
        }
    }

    @Test
    void aVersionIsNamedByItsMajorOrInFull() {
        assertEquals("9.6", PostgresBinaries.major("9.6"));
        assertEquals("9.6", PostgresBinaries.major("9.6.24"));
        assertEquals("12", PostgresBinaries.major("12"));
        assertEquals("12", PostgresBinaries.major("12.22"));
        assertEquals("12.22.0", PostgresBinaries.mavenVersion("12"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresBinaries.major("9.4"));
        assertTrue(e.getMessage().contains("9.6, 10, 11, 12, 13, 14, 15, 16, 17, 18"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PostgresBinaries.major("nine"));
    }
}
