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

    /** A refusal names the file the bad value came from: migration.properties for a tunable written there. */
    @Test
    void anInvalidTunableIsRefusedNamingTheFileItCameFrom() throws Exception {
        Path conf = dir.resolve("database_params.conf");
        Files.writeString(conf, "source.url=jdbc:postgresql://h/db\n");
        Path tunables = dir.resolve("migration.properties");
        Files.writeString(tunables, "copy.batchSize=-5\n");

        MigrationException e = assertThrows(MigrationException.class,
                () -> Settings.load(conf, tunables, List.of(), Map.of()));

        assertEquals(ConfigTrouble.INVALID_VALUE, e.trouble());
        assertTrue(e.solution().contains("in " + tunables), e.solution());
        assertFalse(e.solution().contains("database_params.conf"), e.solution());
        assertTrue(e.solution().contains("--set copy.batchSize=..."), e.solution());

        Files.writeString(tunables, "");
        Files.writeString(conf, "source.url=jdbc:postgresql://h/db\ntarget.host=sqlhost:14x33\n");
        MigrationException host = assertThrows(MigrationException.class,
                () -> Settings.load(conf, tunables, List.of(), Map.of()));
        assertTrue(host.consoleText().contains("target.host") && host.consoleText().contains("14x33")
                && host.solution().contains("in " + conf), host.consoleText());
    }

    /** Advice to override a setting is written the way the run was started: --set, or set. in a request file. */
    @Test
    void overrideAdviceFollowsHowTheRunWasStarted() throws Exception {
        Path conf = dir.resolve("database_params.conf");
        Files.writeString(conf, "source.url=jdbc:postgresql://h/db\n");

        Settings typed = Settings.load(conf, null, List.of(), Map.of());
        Settings dropped = Settings.load(conf, null, List.of("copy.batchSize=500"), Map.of(),
                Settings.Overrides.REQUEST_FILE);

        assertEquals("--set assess.allow=cascade-path", typed.overrideAdvice("assess.allow", "cascade-path"));
        assertEquals("set.assess.allow=cascade-path in the request file",
                dropped.overrideAdvice("assess.allow", "cascade-path"));
        assertEquals("preflight.allowSourceSessions=true in conf/migration.properties",
                dropped.overrideAdvice("preflight.allowSourceSessions", "true"),
                "a request file may not set it: the file that holds it is named");
        MigrationException e = assertThrows(MigrationException.class,
                () -> Settings.load(conf, null, List.of("copy.batchSize=0"), Map.of(), Settings.Overrides.REQUEST_FILE));
        assertTrue(e.solution().contains("set.copy.batchSize="), e.solution());
        assertFalse(e.solution().contains("--set"), e.solution());
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
