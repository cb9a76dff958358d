package migratedb.troubleshoot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failure MigrateDB knows: it carries its catalogue entry and the details (table, column, setting...) that
 * fill the entry's placeholders. Its message is the filled "error" text, safe for the console: no secret ever
 * goes into a detail.
 */
public class MigrationException extends RuntimeException {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.]+)}");

    private final Trouble trouble;
    private final Map<String, String> details;

    public MigrationException(Trouble trouble, Map<String, ?> details, Throwable cause) {
        super(fill(trouble.error(), stringify(details)), cause);
        this.trouble = trouble;
        this.details = Collections.unmodifiableMap(stringify(details));
    }

    public MigrationException(Trouble trouble, Map<String, ?> details) {
        this(trouble, details, null);
    }

    public MigrationException(Trouble trouble) {
        this(trouble, Map.of(), null);
    }

    public Trouble trouble() {
        return trouble;
    }

    public Map<String, String> details() {
        return details;
    }

    public String error() {
        return getMessage();
    }

    public String cause() {
        return fill(trouble.cause(), details);
    }

    public String effect() {
        return fill(trouble.effect(), details);
    }

    public String solution() {
        return fill(trouble.solution(), details);
    }

    /** The one-paragraph text shown on the console: what went wrong and what to do. */
    public String consoleText() {
        return sentence(error()) + " " + sentence(cause()) + " " + solution();
    }

    /** Ends a text with a full stop unless it ends with punctuation already, so the paragraph reads as sentences. */
    private static String sentence(String text) {
        String t = text.strip();
        return t.isEmpty() || ".!?:".indexOf(t.charAt(t.length() - 1)) >= 0 ? t : t + ".";
    }

    private static Map<String, String> stringify(Map<String, ?> details) {
        Map<String, String> out = new LinkedHashMap<>();
        if (details != null) {
            details.forEach((k, v) -> out.put(k, String.valueOf(v)));
        }
        return out;
    }

    static String fill(String template, Map<String, String> details) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = details.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(value != null ? value : m.group(0)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
