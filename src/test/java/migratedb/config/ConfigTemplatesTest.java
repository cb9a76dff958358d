package migratedb.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed configuration files list every setting, each with its comment (refresh: run ConfigTemplates). */
class ConfigTemplatesTest {
    @Test
    void committedConfigFilesAreUpToDateWithEveryKeyAndItsComment() throws Exception {
        assertEquals(ConfigTemplates.databaseParams(), Files.readString(Path.of("conf/database_params.conf")),
                "conf/database_params.conf is out of date: run 'java -cp target/classes migratedb.config.ConfigTemplates'");
        assertEquals(ConfigTemplates.migrationProperties(), Files.readString(Path.of("conf/migration.properties")),
                "conf/migration.properties is out of date: run 'java -cp target/classes migratedb.config.ConfigTemplates'");
    }

    /** Secrets are refused on the command line: the connection file's header must not offer --set for them. */
    @Test
    void theConnectionFileNeverOffersTheCommandLineForPasswords() {
        String header = ConfigTemplates.databaseParams().lines().takeWhile(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#\\s*", ""))
                .collect(java.util.stream.Collectors.joining(" "));
        assertTrue(header.contains("MIGRATEDB_TARGET_PASSWORD"), header);
        assertTrue(!header.contains("--set") || header.contains("never from --set"), header);
    }

    @Test
    void theConfigurationReferenceListsEveryKey() throws Exception {
        assertEquals(ConfigTemplates.configurationReference(), Files.readString(Path.of("docs/configuration.md")),
                "docs/configuration.md is out of date: run 'java -cp target/classes migratedb.config.ConfigTemplates'");
    }

    @Test
    void everyKeyOfTheCommittedFilesIsPrecededByAComment() throws Exception {
        for (String file : List.of("conf/database_params.conf", "conf/migration.properties")) {
            List<String> lines = Files.readAllLines(Path.of(file));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (!line.isBlank() && !line.startsWith("#")) {
                    assertTrue(i > 0 && lines.get(i - 1).startsWith("# "), file + ": no comment above " + line);
                }
            }
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(Path.of(file))) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> assertTrue(SettingKeys.isKnown(k), k));
        }
    }
}
