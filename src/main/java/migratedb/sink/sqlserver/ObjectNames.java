package migratedb.sink.sqlserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names as SQL Server sees them. Under its default case-insensitive collation {@code Users} and {@code users} are one
 * name; tables, sequences and every constraint (primary key, unique, foreign key, check, default) share one namespace
 * per schema, while index names only need to be unique per table. PostgreSQL scopes foreign-key and check names per
 * table, so two tables may both have a {@code fk_user}: the second one is renamed here. Generated names longer than
 * 128 characters are shortened with a hash so they stay unique.
 */
public final class ObjectNames {
    /** T-SQL reserved keywords (Microsoft's list): legal only in brackets. */
    static final Set<String> RESERVED = Set.of("ADD", "ALL", "ALTER", "AND", "ANY", "AS", "ASC", "AUTHORIZATION",
            "BACKUP", "BEGIN", "BETWEEN", "BREAK", "BROWSE", "BULK", "BY", "CASCADE", "CASE", "CHECK", "CHECKPOINT",
            "CLOSE", "CLUSTERED", "COALESCE", "COLLATE", "COLUMN", "COMMIT", "COMPUTE", "CONSTRAINT", "CONTAINS",
            "CONTAINSTABLE", "CONTINUE", "CONVERT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME",
            "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR", "DATABASE", "DBCC", "DEALLOCATE", "DECLARE", "DEFAULT",
            "DELETE", "DENY", "DESC", "DISK", "DISTINCT", "DISTRIBUTED", "DOUBLE", "DROP", "DUMP", "ELSE", "END",
            "ERRLVL", "ESCAPE", "EXCEPT", "EXEC", "EXECUTE", "EXISTS", "EXIT", "EXTERNAL", "FETCH", "FILE",
            "FILLFACTOR", "FOR", "FOREIGN", "FREETEXT", "FREETEXTTABLE", "FROM", "FULL", "FUNCTION", "GOTO", "GRANT",
            "GROUP", "HAVING", "HOLDLOCK", "IDENTITY", "IDENTITY_INSERT", "IDENTITYCOL", "IF", "IN", "INDEX", "INNER",
            "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "KEY", "KILL", "LEFT", "LIKE", "LINENO", "LOAD", "MERGE",
            "NATIONAL", "NOCHECK", "NONCLUSTERED", "NOT", "NULL", "NULLIF", "OF", "OFF", "OFFSETS", "ON", "OPEN",
            "OPENDATASOURCE", "OPENQUERY", "OPENROWSET", "OPENXML", "OPTION", "OR", "ORDER", "OUTER", "OVER",
            "PERCENT", "PIVOT", "PLAN", "PRECISION", "PRIMARY", "PRINT", "PROC", "PROCEDURE", "PUBLIC", "RAISERROR",
            "READ", "READTEXT", "RECONFIGURE", "REFERENCES", "REPLICATION", "RESTORE", "RESTRICT", "RETURN", "REVERT",
            "REVOKE", "RIGHT", "ROLLBACK", "ROWCOUNT", "ROWGUIDCOL", "RULE", "SAVE", "SCHEMA", "SECURITYAUDIT",
            "SELECT", "SEMANTICKEYPHRASETABLE", "SEMANTICSIMILARITYDETAILSTABLE", "SEMANTICSIMILARITYTABLE",
            "SESSION_USER", "SET", "SETUSER", "SHUTDOWN", "SOME", "STATISTICS", "SYSTEM_USER", "TABLE", "TABLESAMPLE",
            "TEXTSIZE", "THEN", "TO", "TOP", "TRAN", "TRANSACTION", "TRIGGER", "TRUNCATE", "TRY_CONVERT", "TSEQUAL",
            "UNION", "UNIQUE", "UNPIVOT", "UPDATE", "UPDATETEXT", "USE", "USER", "VALUES", "VARYING", "VIEW",
            "WAITFOR", "WHEN", "WHERE", "WHILE", "WITH", "WITHIN", "WRITETEXT");

    private final Map<String, Set<String>> schemaObjects = new HashMap<>();
    private final Map<String, Set<String>> tableIndexes = new HashMap<>();

    /** One name MigrateDB changed, and why. */
    public record Change(String original, String chosen, String reason) {
    }

    public static boolean isReserved(String name) {
        return RESERVED.contains(name.toUpperCase(Locale.ROOT));
    }

    /** How SQL Server compares names under a case-insensitive collation. */
    public static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Takes a table or sequence name as it is (a collision of these is reported, never renamed); false if taken. */
    public boolean reserveObject(String schema, String name) {
        return schemaObjects.computeIfAbsent(fold(schema), k -> new HashSet<>()).add(fold(name));
    }

    /**
     * A constraint name unique in the schema (and, for keys, among the table's indexes): the wanted name when it is
     * free, else the wanted name with _2, _3...; shortened to 128 characters. {@code change} receives any change.
     */
    public String constraint(String schema, String table, String wanted, boolean alsoIndex,
                             java.util.function.Consumer<Change> change) {
        Set<String> objects = schemaObjects.computeIfAbsent(fold(schema), k -> new HashSet<>());
        Set<String> indexes = tableIndexes.computeIfAbsent(fold(schema) + "." + fold(table), k -> new HashSet<>());
        return claim(wanted, n -> !objects.contains(fold(n)) && (!alsoIndex || !indexes.contains(fold(n))), n -> {
            objects.add(fold(n));
            if (alsoIndex) {
                indexes.add(fold(n));
            }
        }, change);
    }

    /** An index name unique among the table's indexes and key constraints. */
    public String index(String schema, String table, String wanted, java.util.function.Consumer<Change> change) {
        Set<String> indexes = tableIndexes.computeIfAbsent(fold(schema) + "." + fold(table), k -> new HashSet<>());
        return claim(wanted, n -> !indexes.contains(fold(n)), n -> indexes.add(fold(n)), change);
    }

    private static String claim(String wanted, java.util.function.Predicate<String> free,
                                java.util.function.Consumer<String> take, java.util.function.Consumer<Change> change) {
        String name = fit(wanted);
        String reason = name.equals(wanted) ? null : "longer than " + TSql.MAX_NAME_LENGTH + " characters";
        for (int n = 2; !free.test(name); n++) {
            name = fit(wanted + "_" + n);
            reason = "the name is already used in the schema (SQL Server compares names case-insensitively, and "
                    + "constraint names are unique per schema, not per table)";
        }
        take.accept(name);
        if (reason != null) {
            change.accept(new Change(wanted, name, reason));
        }
        return name;
    }

    /** The name, or its first 119 characters, '_' and 8 hex digits of its SHA-256 when it exceeds 128 characters. */
    public static String fit(String name) {
        if (name.length() <= TSql.MAX_NAME_LENGTH) {
            return name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return name.substring(0, TSql.MAX_NAME_LENGTH - 9) + "_" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
