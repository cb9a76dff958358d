package migratedb.sink.sqlserver;

import migratedb.model.TargetColumn;
import migratedb.model.ValueKind;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates PostgreSQL column defaults into T-SQL. Returns null for a default it cannot translate; the
 * assessment reports those, and the column is created without a default.
 */
final class DefaultTranslator {
    private static final Pattern STRING_LITERAL = Pattern.compile(
            "^'((?:[^']|'')*)'(?:::[\\w .\"]+(?:\\(\\d+(?:,\\d+)?\\))?(?:\\[])?)?$");
    private static final Pattern NUMBER = Pattern.compile(
            "^\\(?(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)\\)?(?:::[\\w ]+(?:\\(\\d+(?:,\\d+)?\\))?)?$");

    String translate(TargetColumn column, SqlServerDialect dialect) {
        String def = column.source().defaultExpression();
        if (def == null || def.isBlank() || def.startsWith("nextval(")) {
            return null;
        }
        String d = def.trim();
        String lower = d.toLowerCase();
        if (lower.equals("now()") || lower.equals("current_timestamp") || lower.startsWith("clock_timestamp()")
                || lower.equals("transaction_timestamp()") || lower.equals("localtimestamp")) {
            return dialect.currentTimestamp(column.sqlType());
        }
        if (lower.equals("current_date")) {
            return "CAST(" + dialect.currentTimestamp("DATETIME2") + " AS DATE)";
        }
        if (lower.equals("gen_random_uuid()") || lower.equals("uuid_generate_v4()")) {
            return "NEWID()";
        }
        if (column.valueKind() == ValueKind.BOOLEAN && (lower.equals("true") || lower.equals("false"))) {
            return lower.equals("true") ? "1" : "0";
        }
        Matcher n = NUMBER.matcher(d);
        if (n.matches()) {
            return n.group(1);
        }
        Matcher s = STRING_LITERAL.matcher(d);
        if (s.matches()) {
            return "N'" + s.group(1) + "'";
        }
        return null;
    }
}
