package migratedb.mapping;

import migratedb.config.Home;
import migratedb.config.Settings;
import migratedb.troubleshoot.MigrationException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The administrator's type decisions, in the spirit of pgloader's CAST rules:
 * {@code mapping.type.<postgres type>=<T-SQL type>} for every column of a type, and
 * {@code mapping.column.<schema>.<table>.<column>=<T-SQL type>} for one column (wins over the type rule).
 * Read from {@code conf/type-mapping.properties}, then from {@code mapping.*} settings (--set wins).
 */
public final class TypeOverrides {
    public static final String FILE = "conf/type-mapping.properties";
    public static final String TYPE_PREFIX = "mapping.type.";
    public static final String COLUMN_PREFIX = "mapping.column.";

    /** Names administrators write for PostgreSQL types, mapped to the catalog's type names. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("smallint", "int2"), Map.entry("integer", "int4"), Map.entry("int", "int4"),
            Map.entry("bigint", "int8"), Map.entry("boolean", "bool"), Map.entry("real", "float4"),
            Map.entry("double", "float8"), Map.entry("double precision", "float8"), Map.entry("decimal", "numeric"),
            Map.entry("character varying", "varchar"), Map.entry("character", "bpchar"), Map.entry("char", "bpchar"),
            Map.entry("timestamp with time zone", "timestamptz"), Map.entry("timestamp without time zone", "timestamp"),
            Map.entry("time with time zone", "timetz"), Map.entry("time without time zone", "time"),
            Map.entry("bit varying", "varbit"), Map.entry("smallserial", "int2"), Map.entry("serial", "int4"),
            Map.entry("bigserial", "int8"));

    private final Map<String, Rule> byType;
    private final Map<String, Rule> byColumn;

    /** One override: the key it came from (for messages), the target type and where it was written. */
    public record Rule(String key, SqlType type, String where) {
    }

    private TypeOverrides(Map<String, Rule> byType, Map<String, Rule> byColumn) {
        this.byType = byType;
        this.byColumn = byColumn;
    }

    public static TypeOverrides none() {
        return new TypeOverrides(Map.of(), Map.of());
    }

    /** conf/type-mapping.properties (when present) under the MigrateDB folder, then the settings' mapping.* keys. */
    public static TypeOverrides load(Settings settings) {
        return load(Home.resolve(FILE), settings);
    }

    public static TypeOverrides load(Path file, Settings settings) {
        Map<String, String> raw = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        if (file != null && Files.exists(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new MigrationException(MappingTrouble.OVERRIDE_FILE_UNREADABLE,
                        Map.of("file", file, "reason", e.getClass().getSimpleName() + ": " + e.getMessage()), e);
            }
            new TreeMap<>(p).forEach((k, v) -> {
                raw.put(k.toString().trim(), v.toString().trim());
                where.put(k.toString().trim(), file.toString());
            });
        }
        if (settings != null) {
            // keys from redacted() (the only listing), values from get(): a column named "password" is no secret
            settings.redacted().keySet().forEach(k -> {
                String v = settings.get(k);
                if (k.startsWith("mapping.") && !v.isBlank()) {
                    raw.put(k, v.trim());
                    where.put(k, "the settings");
                }
            });
        }
        return of(raw, where);
    }

    /** Overrides from key/value pairs (tests and callers that already hold them). */
    public static TypeOverrides of(Map<String, String> raw) {
        return of(raw, Map.of());
    }

    private static TypeOverrides of(Map<String, String> raw, Map<String, String> where) {
        Map<String, Rule> byType = new LinkedHashMap<>();
        Map<String, Rule> byColumn = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            String file = where.getOrDefault(key, FILE);
            SqlType type = SqlType.parse(value).filter(t -> t.valueKind().isPresent())
                    .orElseThrow(() -> new MigrationException(MappingTrouble.OVERRIDE_NOT_A_TYPE,
                            Map.of("key", key, "value", value, "file", file)));
            if (key.startsWith(TYPE_PREFIX) && key.length() > TYPE_PREFIX.length()) {
                String pg = key.substring(TYPE_PREFIX.length()).trim().toLowerCase(Locale.ROOT);
                byType.put(ALIASES.getOrDefault(pg, pg), new Rule(key, type, file));
            } else if (key.startsWith(COLUMN_PREFIX) && key.length() > COLUMN_PREFIX.length()) {
                byColumn.put(key.substring(COLUMN_PREFIX.length()), new Rule(key, type, file));
            } else {
                throw new MigrationException(MappingTrouble.OVERRIDE_UNKNOWN_KEY, Map.of("key", key, "file", file,
                        "reason", "this key has neither prefix."));
            }
        });
        return new TypeOverrides(Map.copyOf(byType), Map.copyOf(byColumn));
    }

    /**
     * The override for one column: its column rule, else the rule of its type (domain or enum name first, then the
     * base type's name; arrays as {@code _int4} or {@code int4[]}).
     */
    public Optional<Rule> find(String qualifiedTable, String column, String sourceType, String baseType) {
        Rule c = byColumn.get(qualifiedTable + "." + column);
        if (c != null) {
            return Optional.of(c);
        }
        String printed = sourceType.toLowerCase(Locale.ROOT);
        String plain = printed.replaceAll("\\(.*\\)", "").trim();
        for (String candidate : new String[]{printed, plain, ALIASES.getOrDefault(plain, plain), baseType,
                baseType.startsWith("_") ? baseType.substring(1) + "[]" : baseType}) {
            Rule r = byType.get(candidate);
            if (r != null) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Column rules, so callers can refuse a rule that names no column of the source. */
    public Map<String, Rule> columnRules() {
        return byColumn;
    }

    public boolean isEmpty() {
        return byType.isEmpty() && byColumn.isEmpty();
    }
}
