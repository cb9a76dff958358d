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
import java.util.Optional;
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

    /**
     * How the run was started, which decides how an override is written in advice: {@code --set key=value} on the
     * command line, or a {@code set.key=value} line in a request file of the watched inbox.
     */
    public enum Overrides { COMMAND_LINE, REQUEST_FILE }

    private final Map<String, String> values;
    private final Path configFile;
    private final Path tunablesFile;
    /** Where each value that is not a default came from: a file, an environment variable, or the overrides. */
    private final Map<String, String> origins;
    private final Overrides overrides;

    private Settings(Map<String, String> values, Path configFile, Path tunablesFile, Map<String, String> origins,
                     Overrides overrides) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.configFile = configFile;
        this.tunablesFile = tunablesFile;
        this.origins = Map.copyOf(origins);
        this.overrides = overrides;
    }

    /** The value came from the overrides (--set, or set. lines of a request file). */
    private static final String FROM_OVERRIDES = "(overrides)";

    /** Settings from plain values (tests, the demo); defaults fill the rest. */
    public static Settings of(Map<String, String> overrides) {
        Map<String, String> v = defaults();
        overrides.forEach((k, val) -> {
            requireKnown(k, " given to Settings.of");
            v.put(k, val);
        });
        return new Settings(v, null, null, Map.of(), Overrides.COMMAND_LINE);
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
        return load(configFile, tunables, sets, env, Overrides.COMMAND_LINE);
    }

    /**
     * Loads the settings of a run started from the command line or from a request file; every value with a rule
     * ({@link SettingChecks}) is checked before anything connects, and a refusal names where the value came from.
     */
    public static Settings load(Path configFile, Path tunables, List<String> sets, Map<String, String> env,
                                Overrides overrides) {
        Map<String, String> v = defaults();
        Map<String, String> origins = new LinkedHashMap<>();
        if (tunables != null && Files.exists(tunables)) {
            Map<String, String> read = new LinkedHashMap<>();
            readInto(tunables, read);
            v.putAll(read);
            read.keySet().forEach(k -> origins.put(k, tunables.toString()));
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
            origins.put(e.getKey(), configFile.toString());
        }
        if (notBlank(env.get(SOURCE_PASSWORD_ENV))) {
            v.put(SettingKeys.SOURCE_PASSWORD, env.get(SOURCE_PASSWORD_ENV));
            origins.put(SettingKeys.SOURCE_PASSWORD, "the environment variable " + SOURCE_PASSWORD_ENV);
        }
        if (notBlank(env.get(TARGET_PASSWORD_ENV))) {
            v.put(SettingKeys.TARGET_PASSWORD, env.get(TARGET_PASSWORD_ENV));
            origins.put(SettingKeys.TARGET_PASSWORD, "the environment variable " + TARGET_PASSWORD_ENV);
        }
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new MigrationException(ConfigTrouble.MALFORMED_SET, Map.of("value", shownSet(set)));
            }
            String key = set.substring(0, eq).trim();
            requireKnown(key, " in --set");
            if (SettingKeys.isSecret(key)) {
                throw new MigrationException(ConfigTrouble.SECRET_IN_SET, Map.of("key", key,
                        "file", configFile.toString(), "alternative", alternative(key, overrides)));
            }
            v.put(key, set.substring(eq + 1).trim());
            origins.put(key, FROM_OVERRIDES);
        }
        String sourceUrl = v.getOrDefault(SettingKeys.SOURCE_URL, "");
        if (!SecretRedactor.standard().redact(sourceUrl).equals(sourceUrl)) {
            // the URL is printed on the console and written into every report
            throw new MigrationException(migratedb.troubleshoot.SecurityTrouble.SOURCE_URL_HOLDS_PASSWORD);
        }
        Settings loaded = new Settings(v, configFile, tunables, origins, overrides);
        loaded.check();
        return loaded;
    }

    /** Refuses the first value that breaks its rule ({@link SettingChecks}), naming where it came from. */
    private void check() {
        for (Map.Entry<String, String> e : values.entrySet()) {
            SettingChecks.problem(e.getKey(), e.getValue()).ifPresent(expected -> {
                throw invalid(e.getKey(), expected);
            });
        }
    }

    /**
     * A malformed --set as it can be shown: whole, unless it names a secret setting (its value is then left out) or
     * carries a secret the redactor knows (password=...).
     */
    public static String shownSet(String raw) {
        String name = raw.strip().split("[\\s=:]", 2)[0];
        if (!name.isEmpty() && (SettingKeys.isSecret(name) || SecretRedactor.standard().isSecretKey(name))) {
            return "'" + name + "...' (the rest is not shown: it may be a secret)";
        }
        return "'" + SecretRedactor.standard().redact(raw) + "'";
    }

    /** The key file of ENC(...) values: conf/.migratedb.key in the MigrateDB folder. */
    public static Path keyFile() {
        return Home.resolve(SecretCipher.DEFAULT_KEY_FILE.toString());
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
    public Settings with(Map<String, String> replaced) {
        Map<String, String> v = new LinkedHashMap<>(values);
        replaced.forEach((k, val) -> {
            requireKnown(k, "");
            v.put(k, val);
        });
        return new Settings(v, configFile, tunablesFile, origins, overrides);
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
                    "expected", expected, "file", homeFile(key), "alternative", alternative(key, overrides)));
        }
        return v;
    }

    /**
     * How this run writes an override of {@code key}: {@code --set key=value} on the command line, or
     * {@code set.key=value} in a request file (which may set only some keys; empty for the others).
     */
    public Optional<String> override(String key, String value) {
        return override(key, value, overrides);
    }

    /**
     * Advice for changing {@code key} in this run's terms: {@code --set key=value}, {@code set.key=value in the
     * request file}, or the file the key belongs to when a request file may not set it.
     */
    public String overrideAdvice(String key, String value) {
        return override(key, value).map(o -> overrides == Overrides.REQUEST_FILE ? o + " in the request file" : o)
                .orElse(key + "=" + value + " in " + homeFile(key));
    }

    private static Optional<String> override(String key, String value, Overrides overrides) {
        if (overrides == Overrides.REQUEST_FILE) {
            return SettingKeys.settableByRequest(key) ? Optional.of("set." + key + "=" + value) : Optional.empty();
        }
        return Optional.of("--set " + key + "=" + value);
    }

    /**
     * Where else a value may come from, after "Set key in file": the overrides for ordinary keys; for secrets
     * (never on the command line) the setup step that encrypts them and, for the two passwords, the environment.
     */
    private static String alternative(String key, Overrides overrides) {
        if (!SettingKeys.isSecret(key)) {
            return override(key, "...", overrides).map(o -> overrides == Overrides.REQUEST_FILE
                    ? " or in the request file (" + o + ")" : " or on the command line (" + o + ")").orElse("");
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
                Map.of("key", key, "value", shown, "expected", expected, "where", where(key)));
    }

    /** Where to correct a value: where it came from, else the file the key belongs to. */
    private String where(String key) {
        String origin = origins.get(key);
        String elsewhere = override(key, "...").map(o -> " (or override it: " + o + ")").orElse("");
        if (FROM_OVERRIDES.equals(origin)) {
            return overrides == Overrides.REQUEST_FILE ? "in the request file (its line set." + key + "=)"
                    : "in the command line (--set " + key + "=...)";
        }
        if (origin != null) {
            return "in " + origin + (origin.startsWith("the environment") ? "" : elsewhere);
        }
        return "in " + homeFile(key) + elsewhere;
    }

    /** The file a key belongs to: the connection file for source.* and target.*, migration.properties otherwise. */
    private String homeFile(String key) {
        boolean connection = SettingKeys.find(key).map(ConfigTemplates::isConnectionSetting)
                .orElse(key.startsWith("source.") || key.startsWith("target."));
        if (connection) {
            return configFile == null ? "the connection settings (conf/database_params.conf)" : configFile.toString();
        }
        return tunablesFile == null ? "conf/migration.properties" : tunablesFile.toString();
    }

    public Path configFile() {
        return configFile;
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
