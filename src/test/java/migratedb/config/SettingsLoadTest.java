package migratedb.config;

import migratedb.troubleshoot.MigrationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What reading a configuration file may say about it: never a line that could be a key or a password. */
class SettingsLoadTest {
    private static final String KEY_TEXT = "q8Zr3+9dK1/xYv0BmT4wLs7uHn2cEa5jPf6gRk8iDoA=";

    @TempDir
    Path dir;

    @Test
    void theKeyFileIsNeverReadAsAConfiguration() throws Exception {
        Path key = Files.createDirectories(dir.resolve("conf")).resolve(".migratedb.key");
        Files.writeString(key, KEY_TEXT + "\n");

        MigrationException e = assertThrows(MigrationException.class,
                () -> Settings.load(key, null, List.of(), Map.of()));

        assertEquals(ConfigTrouble.CONFIG_FILE_UNREADABLE, e.trouble());
        assertTrue(e.getMessage().contains("key file"), e.getMessage());
        assertFalse(e.consoleText().contains(KEY_TEXT.substring(0, 20)), e.consoleText());
    }

    @Test
    void aLineThatIsNoSettingIsRefusedWithoutBeingShown() throws Exception {
        Path conf = dir.resolve("other.conf");
        Files.writeString(conf, "source.url=jdbc:postgresql://h/db\n" + KEY_TEXT + "\n");

        MigrationException e = assertThrows(MigrationException.class,
                () -> Settings.load(conf, null, List.of(), Map.of()));

        assertEquals(ConfigTrouble.UNKNOWN_SETTING, e.trouble());
        assertFalse(e.consoleText().contains(KEY_TEXT.substring(0, 20)), e.consoleText());
        assertTrue(e.getMessage().contains("not a setting, not shown"), e.getMessage());
    }

    /** The source URL is printed on the console and in every report: a password in it is refused, not shown. */
    @Test
    void aPasswordInsideTheSourceUrlIsRefusedWithoutBeingShown() throws Exception {
        Path conf = dir.resolve("url.conf");
        Files.writeString(conf, "source.url=jdbc:postgresql://h:5432/db?user=amp&password=S3cr3t!pw\n");

        MigrationException e = assertThrows(MigrationException.class,
                () -> Settings.load(conf, null, List.of(), Map.of()));

        assertEquals(migratedb.troubleshoot.SecurityTrouble.SOURCE_URL_HOLDS_PASSWORD, e.trouble());
        assertFalse(e.consoleText().contains("S3cr3t"), e.consoleText());
    }

    @Test
    void aMistypedSettingIsStillNamedWithItsSuggestion() throws Exception {
        Path conf = dir.resolve("typo.conf");
        Files.writeString(conf, "target.authentication=sql\n");

        MigrationException e = assertThrows(MigrationException.class,
                () -> Settings.load(conf, null, List.of(), Map.of()));

        assertTrue(e.getMessage().contains("target.authentication"), e.getMessage());
        assertTrue(e.consoleText().contains("target.auth"), e.consoleText());
    }
}
