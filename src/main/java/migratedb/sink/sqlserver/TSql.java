package migratedb.sink.sqlserver;

import migratedb.config.Secret;

/**
 * The two ways a name or a value may enter T-SQL text. Everything else travels as a {@code ?} parameter.
 */
public final class TSql {
    /** sysname: nvarchar(128). */
    public static final int MAX_NAME_LENGTH = 128;

    private TSql() {
    }

    /**
     * An identifier in brackets, {@code ]} doubled: {@code a]b} becomes {@code [a]]b]} (what QUOTENAME does).
     * The one place identifiers are quoted; the SQL Server dialect delegates here.
     */
    public static String quoteName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty identifier");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("identifier longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        return "[" + name.replace("]", "]]") + "]";
    }

    /**
     * A Unicode string literal, {@code '} doubled: {@code it's} becomes {@code N'it''s'}. Only for the places where
     * T-SQL takes no parameter (DDL passwords, KEY_SOURCE, IDENTITY_VALUE, and names in the statements that carry
     * them). The literal of a secret must never be logged: wrap the statement in
     * {@link migratedb.sink.SqlStatement#withSecret}.
     */
    public static String literal(String value) {
        if (value == null) {
            throw new IllegalArgumentException("null literal");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("literal contains a NUL character");
        }
        return "N'" + value.replace("'", "''") + "'";
    }

    /** {@link #literal(String)} of a secret's value. */
    public static String literal(Secret secret) {
        return literal(secret.reveal());
    }
}
