package migratedb.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Masks secrets before text leaves the process (logs, the report, the diagnostics bundle).
 *
 * <p>A key is secret when its name contains {@code password}, {@code secret}, {@code pwd} or {@code passphrase}
 * (any case), or when it is listed explicitly. In free text it masks {@code key=value} / {@code key: value} pairs of
 * such keys (properties lines, JDBC URLs, T-SQL {@code PASSWORD = '...'} and {@code KEY_SOURCE = N'...'} clauses),
 * and every occurrence of the known secret values it was given.</p>
 */
public final class SecretRedactor {
    private static final List<String> SECRET_WORDS = List.of("password", "secret", "pwd", "passphrase");
    /** T-SQL clauses whose literal is a secret even though the keyword does not say "password". */
    private static final List<String> SECRET_TSQL_CLAUSES = List.of("KEY_SOURCE", "IDENTITY_VALUE");

    private final Set<String> extraKeys;
    private final List<String> knownValues;
    private final Pattern pairPattern;

    private SecretRedactor(Set<String> extraKeys, List<String> knownValues) {
        this.extraKeys = extraKeys.stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.knownValues = knownValues;
        List<String> names = new ArrayList<>();
        names.add("[\\w.\\-]*(?:" + String.join("|", SECRET_WORDS) + ")[\\w.\\-]*");
        SECRET_TSQL_CLAUSES.forEach(names::add);
        this.extraKeys.forEach(k -> names.add(Pattern.quote(k)));
        // key = value, where value is a T-SQL literal, a braced JDBC value, a quoted string or a bare token
        this.pairPattern = Pattern.compile("(?i)\\b(" + String.join("|", names) + ")(\"?\\s*[=:]\\s*)"
                + "(N?'(?:[^']|'')*'|\\{(?:[^}]|}})*}|\"(?:[^\"\\\\]|\\\\.)*\"|[^;&,\\s)]+)");
    }

    /** Masks keys containing password/secret/pwd/passphrase. */
    public static SecretRedactor standard() {
        return new SecretRedactor(Set.of(), List.of());
    }

    /** Also masks the listed keys (exact names, any case). */
    public SecretRedactor withKeys(Collection<String> keys) {
        Set<String> all = new java.util.HashSet<>(extraKeys);
        all.addAll(keys);
        return new SecretRedactor(all, knownValues);
    }

    /** Also masks every occurrence of these values wherever they appear (e.g. inside a driver's error message). */
    public SecretRedactor withKnownSecrets(Collection<Secret> secrets) {
        List<String> values = new ArrayList<>(knownValues);
        secrets.stream().map(Secret::reveal).filter(v -> v.length() >= 3).forEach(values::add);
        values.sort(Comparator.comparingInt(String::length).reversed()); // longest first: no partial leftovers
        return new SecretRedactor(extraKeys, List.copyOf(values));
    }

    /** True when values under this key are secret. */
    public boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return extraKeys.contains(k) || SECRET_WORDS.stream().anyMatch(k::contains);
    }

    /** A copy of the map with the values of secret keys masked (empty values stay empty). */
    public Map<String, String> redact(Map<String, ?> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            String text = v == null ? null : String.valueOf(v);
            out.put(k, isSecretKey(k) && text != null && !text.isEmpty() ? Secret.MASK : redact(text));
        });
        return out;
    }

    /** The text with secret pairs and known secret values masked. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String value : knownValues) {
            out = out.replace(value, Secret.MASK);
        }
        Matcher m = pairPattern.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + m.group(2) + mask(m.group(3))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String mask(String value) {
        if (value.startsWith("N'")) {
            return "N'" + Secret.MASK + "'";
        }
        if (value.startsWith("'")) {
            return "'" + Secret.MASK + "'";
        }
        if (value.startsWith("\"")) {
            return "\"" + Secret.MASK + "\"";
        }
        if (value.startsWith("{")) {
            return "{" + Secret.MASK + "}";
        }
        return Secret.MASK;
    }
}
