package migratedb.source.postgres;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Understands PostgreSQL's {@code nextval('schema.seq'::regclass)} column defaults. */
public final class NextvalDefault {
    private static final Pattern NEXTVAL = Pattern.compile("nextval\\('(.+?)'::regclass\\)");

    private NextvalDefault() {
    }

    /** The schema-qualified, unquoted sequence name a nextval default calls, or "" when it is not one. */
    public static String sequenceName(String defaultExpression, String tableSchema) {
        if (defaultExpression == null) {
            return "";
        }
        Matcher m = NEXTVAL.matcher(defaultExpression);
        if (!m.find()) {
            return "";
        }
        String name = m.group(1).replace("''", "'");
        // regclass prints names unqualified when the schema is on the search_path
        String[] parts = splitQualified(name);
        String schema = parts.length == 2 ? parts[0] : tableSchema;
        String seq = parts.length == 2 ? parts[1] : parts[0];
        return schema + "." + seq;
    }

    private static String[] splitQualified(String name) {
        // names may be double-quoted and contain dots
        java.util.List<String> parts = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < name.length() && name.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == '.' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        parts.add(cur.toString());
        return parts.toArray(new String[0]);
    }
}
