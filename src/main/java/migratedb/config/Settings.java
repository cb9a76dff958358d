package migratedb.config;

import migratedb.troubleshoot.MigrationException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The effective settings of one run: defaults, then {@code conf/migration.properties}, then the connection file
 * ({@code --config}), then secrets from the environment, then {@code --set} overrides. Immutable.
 *
 * <p>{@link #toString()} and {@link #redacted()} never show a secret.</p>
 */
public final class Settings {
    public static final String SOURCE_PASSWORD_ENV = "MIGRATEDB_SOURCE_PASSWORD";
    public static final String TARGET_PASSWORD_ENV = "MIGRATEDB_TARGET_PASSWORD";

    private final Map<String, String> values;
    private final Path configFile;

    private Settings(Map<String, String> values, Path configFile) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.configFile = configFile;
    }

    /** Settings from plain values (tests, the demo); defaults fill the rest. */
    public static Settings of(Map<String, String> overrides) {
        Map<String, String> v = defaults();
        overrides.forEach((k, val) -> {
            requireKnown(k, " given to Settings.of");
            v.put(k, val);
        });
        return new Settings(v, null);
    }

    /**
     * Loads the settings of a run.
     *
     * @param configFile the connection file (database_params.conf)
     * @param tunables   migration.properties, or null when absent
     * @param sets       the raw --set arguments, key=value
     * @param env        the process environment (for secrets)
     */
    public static Settings load(Path configFile, Path tunables, List<String> sets, Map<String, String> env) {
        Map<String, String> v = defaults();
        if (tunables != null && Files.exists(tunables)) {
            readInto(tunables, v);
        }
        if (!Files.exists(configFile)) {
            throw new MigrationException(ConfigTrouble.CONFIG_FILE_MISSING, Map.of("file", configFile));
        }
        if (configFile.getFileName().toString().equals(SecretCipher.DEFAULT_KEY_FILE.getFileName().toString())) {
            // read as settings, the key would travel into an error message, the logs and a result file
            throw new MigrationException(ConfigTrouble.CONFIG_FILE_UNREADABLE, Map.of("file", configFile,
                    "reason", "it is MigrateDB's key file, not a configuration"));
        }
        Map<String, String> stored = new LinkedHashMap<>();
        readInto(configFile, stored);
        // a plain-text password in a file others can read is refused before anything connects
        new ConfigFileGuard().check(configFile, stored);
        SecretCipher cipher = null;
        for (Map.Entry<String, String> e : stored.entrySet()) {
            String value = e.getValue();
            if (SecretCipher.isEncrypted(value)) {
                if (cipher == null) {
                    cipher = SecretCipher.load(keyFile(), e.getKey());
                }
                value = cipher.decrypt(e.getKey(), value).reveal();
            }
            v.put(e.getKey(), value);
        }
        if (notBlank(env.get(SOURCE_PASSWORD_ENV))) {
            v.put(SettingKeys.SOURCE_PASSWORD, env.get(SOURCE_PASSWORD_ENV));
        }
        if (notBlank(env.get(TARGET_PASSWORD_ENV))) {
            v.put(SettingKeys.TARGET_PASSWORD, env.get(TARGET_PASSWORD_ENV));
        }
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                // never echo a value that may be a secret typed without its key
                throw new MigrationException(ConfigTrouble.MALFORMED_SET,
                        Map.of("value", set.contains("=") ? set : "'" + abbreviate(set) + "'"));
            }
            String key = set.substring(0, eq).trim();
            requireKnown(key, " in --set");
            if (SettingKeys.isSecret(key)) {
                throw new MigrationException(ConfigTrouble.SECRET_IN_SET, Map.of("key", key,
                        "file", configFile.toString(), "alternative", alternative(key)));
            }
            v.put(key, set.substring(eq + 1).trim());
        }
        String sourceUrl = v.getOrDefault(SettingKeys.SOURCE_URL, "");
        if (!SecretRedactor.standard().redact(sourceUrl).equals(sourceUrl)) {
            // the URL is printed on the console and written into every report
            throw new MigrationException(migratedb.troubleshoot.SecurityTrouble.SOURCE_URL_HOLDS_PASSWORD);
        }
        return new Settings(v, configFile);
    }

    /** The key file of ENC(...) values: conf/.migratedb.key in the MigrateDB folder. */
    public static Path keyFile() {
        return Home.resolve(SecretCipher.DEFAULT_KEY_FILE.toString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 3 ? s : s.substring(0, 3) + "...";
    }

    private static Map<String, String> defaults() {
        Map<String, String> v = new LinkedHashMap<>();
        SettingKeys.all().forEach(s -> v.put(s.key(), s.defaultValue()));
        return v;
    }

    private static void readInto(Path file, Map<String, String> into) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new MigrationException(ConfigTrouble.CONFIG_FILE_UNREADABLE,
                    Map.of("file", file, "reason", e.getClass().getSimpleName()), e);
        }
        for (String key : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
            requireKnown(key, " in " + file);
            into.put(key, p.getProperty(key).trim());
        }
    }

    /** What a setting's name looks like; anything else in a file is not echoed (it could be a key or a password). */
    private static final java.util.regex.Pattern SETTING_NAME =
            java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)+");

    private static void requireKnown(String key, String where) {
        if (!SettingKeys.isKnown(key) && (key.length() > 120 || !SETTING_NAME.matcher(key).matches())) {
            // a line that is no setting at all (say, a key file read as a configuration): never shown
            throw new MigrationException(ConfigTrouble.UNKNOWN_SETTING, Map.of("key",
                    "(a line that is not a setting, not shown)", "where", where, "suggestion", ""));
        }
        if (!SettingKeys.isKnown(key)) {
            List<String> near = SettingKeys.all().stream().map(Setting::key)
                    .filter(k -> similar(k, key)).toList();
            String suggestion = near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)";
            throw new MigrationException(ConfigTrouble.UNKNOWN_SETTING,
                    Map.of("key", key, "where", where, "suggestion", suggestion));
        }
    }

    private static boolean similar(String known, String given) {
        String a = known.toLowerCase();
        String b = given.toLowerCase();
        return a.equals(b) || a.endsWith("." + b) || (b.contains(".") && a.substring(a.indexOf('.'))
                .equals(b.substring(b.indexOf('.')))) || levenshtein(a, b) <= 2 || abbreviated(a, b);
    }

    /** The same section and one last word begins the other: target.auth for target.authentication. */
    private static boolean abbreviated(String known, String given) {
        int k = known.lastIndexOf('.');
        int g = given.lastIndexOf('.');
        if (k < 0 || g < 0 || !known.substring(0, k).equals(given.substring(0, g))) {
            return false;
        }
        String x = known.substring(k + 1);
        String y = given.substring(g + 1);
        return Math.min(x.length(), y.length()) >= 4 && (x.startsWith(y) || y.startsWith(x));
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** A copy with some values replaced (used by request files and tests). */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> v = new LinkedHashMap<>(values);
        overrides.forEach((k, val) -> {
            requireKnown(k, "");
            v.put(k, val);
        });
        return new Settings(v, configFile);
    }

    /** Every value, secrets in clear: only for code that hands them to a driver (never log this map). */
    public Map<String, String> values() {
        return values;
    }

    public String get(String key) {
        String v = values.get(key);
        return v == null ? "" : v;
    }

    public boolean has(String key) {
        return !get(key).isBlank();
    }

    public String require(String key, String context, String expected) {
        String v = get(key);
        if (v.isBlank()) {
            throw new MigrationException(ConfigTrouble.MISSING_VALUE, Map.of("key", key, "context", context,
                    "expected", expected, "file", fileName(), "alternative", alternative(key)));
        }
        return v;
    }

    /**
     * Where else a value may come from, after "Set key in file": the command line for ordinary keys; for secrets
     * (never on the command line) the setup step that encrypts them and, for the two passwords, the environment.
     */
    private static String alternative(String key) {
        if (!SettingKeys.isSecret(key)) {
            return " or on the command line (--set " + key + "=...)";
        }
        String setup = " (run './run.sh setup' to store it encrypted)";
        if (key.equals(SettingKeys.SOURCE_PASSWORD)) {
            return setup + " or in the environment variable " + SOURCE_PASSWORD_ENV;
        }
        if (key.equals(SettingKeys.TARGET_PASSWORD)) {
            return setup + " or in the environment variable " + TARGET_PASSWORD_ENV;
        }
        return setup;
    }

    public int getInt(String key, int min, int max) {
        String v = get(key);
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw invalid(key, "A whole number between " + min + " and " + max + " is expected.");
        }
    }

    public long getLong(String key, long min, long max) {
        String v = get(key);
        try {
            long l = Long.parseLong(v.trim());
            if (l < min || l > max) {
                throw new NumberFormatException();
            }
            return l;
        } catch (NumberFormatException e) {
            throw invalid(key, "A whole number between " + min + " and " + max + " is expected.");
        }
    }

    public double getDouble(String key, double min, double max) {
        try {
            double d = Double.parseDouble(get(key).trim());
            if (d < min || d > max) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw invalid(key, "A number between " + min + " and " + max + " is expected.");
        }
    }

    public boolean getBoolean(String key) {
        String v = get(key).trim().toLowerCase();
        return switch (v) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0", "" -> false;
            default -> throw invalid(key, "true or false is expected.");
        };
    }

    public String oneOf(String key, String... allowed) {
        String v = get(key).trim().toLowerCase();
        if (Arrays.asList(allowed).contains(v)) {
            return v;
        }
        throw invalid(key, "One of " + String.join(", ", allowed) + " is expected.");
    }

    /** A comma-separated list, trimmed, empty entries dropped. */
    public List<String> getList(String key) {
        List<String> out = new ArrayList<>();
        for (String part : get(key).split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    public MigrationException invalid(String key, String expected) {
        String shown = SettingKeys.isSecret(key) ? "(hidden)" : get(key);
        return new MigrationException(ConfigTrouble.INVALID_VALUE,
                Map.of("key", key, "value", shown, "expected", expected, "file", fileName()));
    }

    public Path configFile() {
        return configFile;
    }

    private String fileName() {
        return configFile == null ? "the configuration" : configFile.toString();
    }

    /** A path setting; relative paths are taken from the MigrateDB folder ({@link Home}). */
    public Path path(String key) {
        return Home.resolve(get(key));
    }

    /** All values with secrets replaced, for reports, fingerprints of non-secret config and diagnostics. */
    public Map<String, String> redacted() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, SettingKeys.isSecret(k) && !v.isEmpty() ? "********" : v));
        return out;
    }

    @Override
    public String toString() {
        return redacted().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "Settings{", "}"));
    }
}
