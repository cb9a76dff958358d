package migratedb.assess;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every kind of finding the assessment reports, with its severity and the decision the administrator can take.
 * A blocking kind stops {@code migrate} until it is fixed or allowed explicitly with
 * {@code assess.allow=<kind>[,<kind>...]}; an allowable kind says what MigrateDB then does, and a kind whose
 * allowing could mean nothing true (the target would refuse it all the same) cannot be allowed.
 */
public enum FindingKind {
    // --- the data, checked against SQL Server's rules -------------------------------------------------------
    COLLATION_DUPLICATE(true, "Key values equal under the target collation",
            "Clean the values in PostgreSQL (the samples show them), or allow it (assess.allow=collation-duplicate): "
                    + "the key's columns then compare as PostgreSQL did; or create the database with a case-sensitive "
                    + "collation and set target.collation (e.g. Latin1_General_100_CS_AS).",
            "MigrateDB creates the text columns of each colliding key, and every column that references them by a "
                    + "foreign key, with the binary collation that matches target.collation (e.g. "
                    + "Latin1_General_100_BIN2; the assessment lists each column as binary-collation): SQL Server then "
                    + "compares them as PostgreSQL did, so the keys are created and hold every value. Queries on those "
                    + "columns compare case- and accent-sensitively."),
    TRAILING_SPACE_DUPLICATE(true, "Key values that differ only by trailing spaces",
            "SQL Server ignores trailing spaces (U+0020) when it compares keys, under every collation, so no setting "
                    + "keeps these rows apart: in PostgreSQL, make the values differ by more than trailing spaces "
                    + "(e.g. UPDATE <table> SET <column> = rtrim(<column>) || '-2' WHERE <the row's key, as the "
                    + "samples name it>) or delete the extra rows, then assess again. It cannot be allowed."),
    NAN_INFINITY(true, "NaN or Infinity in a number column",
            "Update these values to NULL or a finite number in PostgreSQL, or keep them as text "
                    + "(mapping.column.<schema>.<table>.<column>=NVARCHAR(40)), or skip the rows "
                    + "(copy.rejectPolicy=skip, then assess.allow=nan-infinity).",
            "The rows are copied as they are: SQL Server refuses each row holding NaN or Infinity in a real or "
                    + "float column, and copy.rejectPolicy decides - stop the table (fail, the default) or set the "
                    + "rows aside in reports/<run>/rejects/ (skip). A numeric NaN or Infinity cannot be read as a "
                    + "number at all: its table stops either way."),
    NUMERIC_OVERFLOW(true, "Number with more integer digits than the target type holds",
            "Choose a wider type (mapping.column.<schema>.<table>.<column>=DECIMAL(38,s) or FLOAT), or skip the "
                    + "rows (copy.rejectPolicy=skip, then assess.allow=numeric-overflow).",
            "The rows are copied as they are: SQL Server refuses each row whose number does not fit, and "
                    + "copy.rejectPolicy decides - stop the table (fail, the default) or set the rows aside in "
                    + "reports/<run>/rejects/ (skip)."),
    NUMERIC_ROUNDED(true, "Number with more decimals than the target scale",
            "Choose a type with more decimals (mapping.column.<schema>.<table>.<column>=DECIMAL(38,s)); the values "
                    + "would otherwise be rounded and the table would not verify. To accept rounding: "
                    + "assess.allow=numeric-rounded.",
            "SQL Server stores the values rounded to the column's scale; verification then finds the table changed "
                    + "(its checksums differ), so the run does not end verified."),
    DATE_OUT_OF_RANGE(true, "Date or timestamp outside 0001-01-01 .. 9999-12-31 (or infinity)",
            "Update these values in PostgreSQL (e.g. 'infinity' to 9999-12-31 or NULL), or keep the column as text "
                    + "(mapping.column...=NVARCHAR(40)), or skip the rows (copy.rejectPolicy=skip, then "
                    + "assess.allow=date-out-of-range).",
            "The rows are copied as they are: SQL Server refuses each row holding such a date, and "
                    + "copy.rejectPolicy decides - stop the table (fail, the default) or set the rows aside in "
                    + "reports/<run>/rejects/ (skip). A timestamp with time zone at infinity cannot be read as an "
                    + "instant at all: its table stops either way."),
    TIME_24(true, "time value 24:00:00",
            "Update 24:00:00 to 23:59:59.999999 (or the next day's 00:00) in PostgreSQL, or keep the column as text "
                    + "(mapping.column...=NVARCHAR(20)).",
            "MigrateDB reads 24:00:00 as 23:59:59.999999999, as the PostgreSQL driver does, and writes that value: "
                    + "SQL Server keeps it at its TIME(p) precision, or refuses the row (copy.rejectPolicy decides)."),
    VALUE_TOO_LONG(true, "Text or binary value longer than the target type",
            "Choose a larger type (mapping.column.<schema>.<table>.<column>=NVARCHAR(MAX) — unless the column is an "
                    + "index key), or shorten the values, or skip the rows (copy.rejectPolicy=skip).",
            "The rows are copied as they are: SQL Server refuses each row whose value is too long (it never cuts "
                    + "one short), and copy.rejectPolicy decides - stop the table (fail, the default) or set the rows "
                    + "aside in reports/<run>/rejects/ (skip)."),
    INTEGER_OVERFLOW(true, "Integer value outside the target type's range",
            "Choose a wider type (mapping.column...=BIGINT), or skip the rows (copy.rejectPolicy=skip).",
            "The rows are copied as they are: SQL Server refuses each row whose integer does not fit, and "
                    + "copy.rejectPolicy decides - stop the table (fail, the default) or set the rows aside in "
                    + "reports/<run>/rejects/ (skip)."),
    IDENTITY_OVERFLOW(true, "Next identity or sequence value outside the target type's range",
            "Map the column to BIGINT (mapping.column.<schema>.<table>.<column>=BIGINT). It cannot be allowed: the "
                    + "identity would have to continue at a value its column cannot hold."),
    INDEX_KEY_TOO_LONG(true, "Index key longer than 900 bytes (clustered) or 1700 bytes (nonclustered)",
            "SQL Server refuses these rows while the index exists: shorten the values, or drop the index from "
                    + "PostgreSQL before migrating, or skip the rows (copy.rejectPolicy=skip).",
            "The rows are copied as they are: SQL Server refuses a row whose primary key is too long "
                    + "(copy.rejectPolicy decides, as for any refused row); a unique key or index created after the "
                    + "data is refused in finalize, after the copy, when any row's key is too long - skip does not "
                    + "help there."),
    CREDENTIAL_NOT_PROTECTED(true, "Table or column named like a password or secret, copied in plain text",
            "Exclude the table (migration.excludedTables; './run.sh export-excluded' keeps its rows for a re-import), "
                    + "or store the column encrypted with the symmetric key (migration.protectedColumns), or "
                    + "declare that it holds no secret (assess.notCredential=<schema>.<table>[.<column>]); the names "
                    + "looked for are assess.credentialNames.",
            "The table or column is copied in plain text: anyone who can read the SQL Server database (its "
                    + "administrators, its backups) can read the values. Nothing is encrypted or left behind."),
    BINARY_COLLATION(false, "Column created with a binary collation",
            "None needed: it keeps PostgreSQL's comparison of an allowed collation-duplicate key. Queries on the column "
                    + "compare case- and accent-sensitively."),
    NON_UNICODE_TEXT(false, "Non-ASCII text headed for a non-Unicode column",
            "Use an N-type (NVARCHAR) override, or make sure the database collation's code page (or a _UTF8 "
                    + "collation) holds these characters."),

    // --- the schema -------------------------------------------------------------------------------------------
    NAME_COLLISION(true, "Names equal under SQL Server's case-insensitive comparison",
            "Rename one of them in PostgreSQL (ALTER TABLE ... RENAME ...) before migrating, or exclude one table "
                    + "(migration.excludedTables). It cannot be allowed: SQL Server would refuse the second table or "
                    + "column."),
    TABLE_INHERITANCE(true, "Table inheritance: rows would be copied twice",
            "Exclude the parent or the child (migration.excludedTables), or detach the child (ALTER TABLE child "
                    + "NO INHERIT parent) before migrating.",
            "Both tables are copied as PostgreSQL reads them: the parent's table in SQL Server also holds the "
                    + "child's rows, which are then stored twice (once in each table)."),
    CASCADE_PATH(true, "Cascading foreign key SQL Server refuses (cycle or multiple cascade paths)",
            "Allow it with assess.allow=cascade-path: the key is created with NO ACTION and the cascade must be done "
                    + "by a trigger (suggested T-SQL) or by the application; or change the action in PostgreSQL.",
            "The foreign key is created with ON DELETE NO ACTION ON UPDATE NO ACTION: SQL Server refuses a delete or "
                    + "update the cascade would have carried out, so a trigger (suggested T-SQL) or the application "
                    + "must do it."),
    INDEX_TOO_WIDE(true, "Key with more columns than SQL Server allows (16 clustered, 32 nonclustered)",
            "Reduce the key's columns in PostgreSQL before migrating.",
            "A secondary index over more key columns than SQL Server allows is not created; a primary key is created "
                    + "as PostgreSQL has it, and a SQL Server that keeps the 16-column limit of a clustered key "
                    + "refuses its table in the create step (error 1904), before any row is copied."),
    LOSSY_TYPE(false, "Type mapping that can lose information or behaviour",
            "Accept it, or choose another type (mapping.column.<schema>.<table>.<column>=<T-SQL type> in "
                    + "conf/type-mapping.properties)."),
    TYPE_OVERRIDE(false, "Type override applied", "None: this is the administrator's own decision."),
    CHECK_NOT_TRANSLATED(false, "CHECK constraint without T-SQL translation",
            "Recreate the rule in T-SQL after the migration (the data satisfies it today), or enforce it in the "
                    + "application."),
    DEFAULT_NOT_TRANSLATED(false, "Column default without T-SQL translation",
            "Add the default in T-SQL after the migration (ALTER TABLE ... ADD DEFAULT ... FOR ...), or let the "
                    + "application supply the value."),
    INDEX_NOT_CONVERTED(false, "Index not converted",
            "Create the suggested T-SQL index, or review the queries the index served."),
    GENERATED_COLUMN_COPIED(false, "Generated column copied as a plain column",
            "If SQL Server must recompute it when the other columns change, make it a computed column as suggested "
                    + "(ALTER TABLE ... ADD ... AS (...) PERSISTED) after the migration."),
    COMPUTED_COLUMN_ADDED(false, "Expression index converted through an added computed column",
            "None needed; applications that use SELECT * see one more column."),
    FOREIGN_KEY_NOT_CONVERTED(false, "Foreign key not created",
            "Enforce the reference as suggested, or change the referenced columns in PostgreSQL."),
    EXCLUDED_REFERENCE(false, "Foreign key to a table that is not migrated",
            "None if intended; the reference is not enforced in SQL Server."),
    OBJECT_NOT_CONVERTED(false, "View, function, procedure, trigger, rule, partitioning or exclusion constraint",
            "Recreate it in T-SQL after the migration, starting from the suggestion."),
    NAME_CHANGED(false, "Constraint or index renamed",
            "None needed; scripts that refer to the old name must use the new one."),
    RESERVED_WORD(false, "Name that is a T-SQL reserved word",
            "None for MigrateDB (every name is bracketed); application SQL must bracket it too."),

    // --- the target database ----------------------------------------------------------------------------------
    TARGET_NOT_EMPTY(true, "The target database is not empty",
            "Use a new, empty database (target.database), or drop its tables; to continue an interrupted migration "
                    + "run './run.sh resume'. It cannot be allowed: migrate never writes into a database that holds "
                    + "tables."),
    COLLATION_MISMATCH(true, "The target database's collation differs from target.collation",
            "Set target.collation to the database's collation and assess again (the duplicate checks depend on it), "
                    + "or create the database with the configured collation.",
            "The tables take the database's collation while the duplicate checks followed target.collation: a key "
                    + "whose values collide only under the database's collation is refused in finalize, after the "
                    + "copy."),
    TARGET_NOT_CHECKED(false, "The target database could not be checked",
            "Run './run.sh test' to check the connection; the target checks (empty, collation) run again at "
                    + "'migrate'.");

    private final boolean blocking;
    private final String title;
    private final String action;
    private final String whenAllowed;

    /** A warning, or a blocking kind that cannot be allowed (its action says why). */
    FindingKind(boolean blocking, String title, String action) {
        this(blocking, title, action, null);
    }

    /** @param whenAllowed what MigrateDB does when this blocking kind is allowed (assess.allow) */
    FindingKind(boolean blocking, String title, String action, String whenAllowed) {
        this.blocking = blocking;
        this.title = title;
        this.action = action;
        this.whenAllowed = whenAllowed;
    }

    /** The kind as written in assessment.json and in assess.allow: lower case with dashes. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean blocking() {
        return blocking;
    }

    public String severity() {
        return blocking ? "blocking" : "warning";
    }

    public String title() {
        return title;
    }

    public String action() {
        return action;
    }

    /** A blocking kind assess.allow may name: one that says what MigrateDB does when it is allowed. */
    public boolean allowable() {
        return blocking && whenAllowed != null;
    }

    /** What MigrateDB does when the kind is allowed, or null when it cannot be allowed. */
    public String whenAllowed() {
        return whenAllowed;
    }

    public static Optional<FindingKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equals(id.trim().toLowerCase(Locale.ROOT))).findFirst();
    }
}
