package migratedb.config;

/**
 * A known setting: its key, default, the one-line comment written into the configuration files, and whether its
 * value is a secret (never logged, never reported, never on the command line).
 */
public record Setting(String key, String defaultValue, String comment, boolean secret) {
}
