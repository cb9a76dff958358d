package migratedb.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Writes conf/database_params.conf and conf/migration.properties from {@link SettingKeys}, so every key is there
 * with its comment and default. A test fails when the committed files differ; run this class to refresh them.
 */
public final class ConfigTemplates {
    private ConfigTemplates() {
    }

    /** Connection and key settings: the product document's setup window (database_params.conf). */
    static boolean isConnectionSetting(Setting s) {
        return s.key().startsWith("source.") || s.key().startsWith("target.");
    }

    public static String databaseParams() {
        return render("""
                # MigrateDB connection settings: the product document's "Migration Set Up" window.
                # './run.sh setup' writes this file for you with passwords encrypted (ENC(...), key file conf/.migratedb.key).
                # A plain-text password here is only accepted while the file is readable by its owner alone (chmod 600).
                # The two passwords may also come from MIGRATEDB_SOURCE_PASSWORD / MIGRATEDB_TARGET_PASSWORD; never from
                # --set (the command line shows in the process list). Every key is explained in docs/configuration.md.
                """, ConfigTemplates::isConnectionSetting);
    }

    public static String migrationProperties() {
        return render("""
                # MigrateDB tunables: speed, retries, rejects, exclusions, credentials and paths. Every key can be
                # overridden with --set key=value (in a request file of the inbox: set.key=value, for copy.*,
                # assess.allow and mapping.*). The defaults suit the demo and a typical access-manager database.
                """, s -> !isConnectionSetting(s));
    }

    private static String render(String header, Predicate<Setting> which) {
        StringBuilder sb = new StringBuilder(header).append('\n');
        List<Setting> settings = SettingKeys.all().stream().filter(which).toList();
        for (Setting s : settings) {
            sb.append("# ").append(s.comment()).append('\n');
            sb.append(s.key()).append('=').append(s.defaultValue().replace("\\", "\\\\")).append("\n\n");
        }
        return sb.toString();
    }

    /** docs/configuration.md: every key, its file, default and meaning. */
    public static String configurationReference() {
        StringBuilder sb = new StringBuilder("""
                # Configuration reference

                Generated from `SettingKeys` (a test keeps it in step). Connection and key settings live in
                `conf/database_params.conf` (or the file given with `--config`), tunables in `conf/migration.properties`.
                Any key but a secret can be overridden with `--set key=value`: the command line shows in the process
                list, so secrets are stored by `./run.sh setup` (as ENC(...)) or, for the two passwords, come from
                `MIGRATEDB_SOURCE_PASSWORD` and `MIGRATEDB_TARGET_PASSWORD`. An unknown key is refused (with the
                nearest known key), never ignored.

                | key | file | default | meaning |
                |---|---|---|---|
                """);
        for (Setting s : SettingKeys.all()) {
            sb.append("| `").append(s.key()).append("` | ")
                    .append(isConnectionSetting(s) ? "database_params.conf" : "migration.properties").append(" | ")
                    .append(s.defaultValue().isEmpty() ? "" : "`" + s.defaultValue() + "`").append(" | ")
                    .append(s.comment().replace("|", "\\|")).append(s.secret() ? " (secret)" : "").append(" |\n");
        }
        return sb.toString();
    }

    public static void main(String[] args) throws IOException {
        Path conf = Home.resolve("conf");
        Files.createDirectories(Home.resolve("docs"));
        Files.writeString(Home.resolve("docs/configuration.md"), configurationReference(), StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("database_params.conf"), databaseParams(), StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("migration.properties"), migrationProperties(), StandardCharsets.UTF_8);
    }
}
