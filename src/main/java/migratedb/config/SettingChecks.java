package migratedb.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static migratedb.config.SettingKeys.*;

/**
 * What a valid value of a setting looks like, in one place: the set-up checks each answer when it is typed, and
 * every command checks the loaded settings before it connects, with the same rules and the same words.
 */
public final class SettingChecks {
    private static final Map<String, Function<String, Optional<String>>> RULES = new LinkedHashMap<>();

    static {
        whole(SOURCE_SOCKET_TIMEOUT_SECONDS, 0, 86_400);
        whole(TARGET_SOCKET_TIMEOUT_SECONDS, 0, 86_400);
        whole(BATCH_SIZE, 1, 1_000_000);
        whole(FETCH_SIZE, 1, 1_000_000);
        whole(CHUNK_ROWS, 1_000, Long.MAX_VALUE);
        whole(PARALLEL_TABLES, 1, 64);
        whole(THROTTLE_BATCHES_PER_SECOND, 0, 1_000_000);
        whole(THROTTLE_ROWS_PER_SECOND, 0, Long.MAX_VALUE);
        whole(RETRY_MAX, 0, 100);
        whole(RETRY_DELAY_MS, 0, 3_600_000);
        number(RETRY_MULTIPLIER, 1, 10);
        whole(RETRY_MAX_DELAY_MS, 0, 3_600_000);
        whole(REJECT_MAX, 0, Long.MAX_VALUE);
        whole(WATCH_READ_LOCK_MIN_AGE_MS, 0, 3_600_000);
        whole(WATCH_POLL_DELAY_MS, 10, 3_600_000);
        whole(WATCH_MAX_REQUEST_BYTES, 64, 10_000_000);
        oneOf(REJECT_POLICY, "fail", "skip");
        oneOf(SOURCE_READER, "copy", "cursor");
        oneOf(TARGET_ENCRYPTION, "default", "custom", "none");
        bool(TABLE_LOCK);
        bool(ALLOW_SOURCE_SESSIONS);
        bool(WATCH_DONE_FILE);
        RULES.put(TARGET_HOST, SettingChecks::host);
        RULES.put(TARGET_INSTANCE, SettingChecks::instance);
        RULES.put(TARGET_DATABASE, SettingChecks::database);
        RULES.put(SOURCE_URL, SettingChecks::sourceUrl);
    }

    private SettingChecks() {
    }

    /** What is wrong with this value of the key, said as what is expected; empty when it is fine or free-form. */
    public static Optional<String> problem(String key, String value) {
        Function<String, Optional<String>> rule = RULES.get(key);
        return rule == null ? Optional.empty() : rule.apply(value == null ? "" : value.strip());
    }

    /** True when the key's value is checked here. */
    public static boolean checks(String key) {
        return RULES.containsKey(key);
    }

    private static void whole(String key, long min, long max) {
        RULES.put(key, v -> {
            try {
                long l = Long.parseLong(v);
                if (l >= min && l <= max) {
                    return Optional.empty();
                }
            } catch (NumberFormatException ignored) {
                // said below
            }
            return Optional.of("A whole number between " + min + " and " + max + " is expected.");
        });
    }

    private static void number(String key, double min, double max) {
        RULES.put(key, v -> {
            try {
                double d = Double.parseDouble(v);
                if (d >= min && d <= max) {
                    return Optional.empty();
                }
            } catch (NumberFormatException ignored) {
                // said below
            }
            return Optional.of("A number between " + min + " and " + max + " is expected.");
        });
    }

    private static void oneOf(String key, String... allowed) {
        RULES.put(key, v -> Arrays.asList(allowed).contains(v.toLowerCase(Locale.ROOT)) ? Optional.empty()
                : Optional.of("One of " + String.join(", ", allowed) + " is expected."));
    }

    private static void bool(String key) {
        RULES.put(key, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "false", "no", "0", "" -> Optional.empty();
            default -> Optional.of("true or false is expected.");
        });
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9_])?");
    private static final Pattern V6 = Pattern.compile("\\[([0-9A-Fa-f:.%]+)](?::(.*))?");
    private static final Pattern INSTANCE = Pattern.compile("[^\\s\\\\,:;'&@]{1,16}");
    private static final String HOST_FORMS = "A host name or IP address, optionally with :port (1 to 65535) or "
            + "\\instance: sqlhost, sqlhost:14330, sqlhost\\AMP, 10.0.0.5, [fe80::1]:1433.";

    /** host, host:port, host\instance, host\instance:port, an IPv6 address in brackets with an optional port. */
    private static Optional<String> host(String v) {
        if (v.isEmpty()) {
            return Optional.empty(); // a target.url replaces it; without one, connecting says it is required
        }
        if (v.regionMatches(true, 0, "jdbc:", 0, 5)) {
            return Optional.of("A host name, not a JDBC URL (a full URL goes into target.url). " + HOST_FORMS);
        }
        Matcher v6 = V6.matcher(v);
        if (v6.matches()) {
            return v6.group(2) == null ? Optional.empty() : port(v6.group(2));
        }
        String rest = v;
        String port = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            if (rest.indexOf(':') != colon) {
                // several colons: an IPv6 address without brackets (no port possible)
                return rest.matches("[0-9A-Fa-f:.%]+") ? Optional.empty() : Optional.of(HOST_FORMS);
            }
            port = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        int slash = rest.indexOf('\\');
        if (slash >= 0) {
            String instance = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (!INSTANCE.matcher(instance).matches()) {
                return Optional.of("'" + instance + "' is not an instance name (up to 16 characters, no blanks or \\ , : ; ' & @). "
                        + HOST_FORMS);
            }
        }
        if (!NAME.matcher(rest).matches()) {
            return Optional.of("'" + rest + "' is not a host name or IP address. " + HOST_FORMS);
        }
        return port == null ? Optional.empty() : port(port);
    }

    private static Optional<String> port(String p) {
        try {
            int n = Integer.parseInt(p);
            if (n >= 1 && n <= 65535) {
                return Optional.empty();
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        return Optional.of("The port '" + p + "' is not a number from 1 to 65535. " + HOST_FORMS);
    }

    private static Optional<String> instance(String v) {
        return v.isEmpty() || INSTANCE.matcher(v).matches() ? Optional.empty()
                : Optional.of("An instance name (up to 16 characters, no blanks or \\ , : ; ' & @), or nothing for the default "
                + "instance.");
    }

    private static Optional<String> database(String v) {
        if (v.length() > 128 || v.chars().anyMatch(Character::isISOControl)) { // empty: the default, PassTrix
            return Optional.of("A database name of at most 128 characters is expected.");
        }
        return Optional.empty();
    }

    private static Optional<String> sourceUrl(String v) {
        return v.isEmpty() || v.startsWith("jdbc:postgresql:") ? Optional.empty()
                : Optional.of("A PostgreSQL JDBC URL is expected: jdbc:postgresql://host:port/database.");
    }
}
