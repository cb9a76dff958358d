package migratedb.assess;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every kind of finding the assessment reports, with its severity and the decision the administrator can take.
 * A blocking kind stops {@code migrate} until it is fixed or allowed explicitly with
 * {@code assess.allow=<kind>[,<kind>...]}.
 */
public enum FindingKind {
    // --- the data, checked against SQL Server's rules -------------------------------------------------------
    COLLATION_DUPLICATE(true, "Key values equal under the target collation",
            "Clean the values in PostgreSQL (the samples show them), or use a case-/accent-sensitive collation: "
                    + "create the database with it and set target.collation (e.g. Latin1_General_100_CS_AS)."),
    NAN_INFINITY(true, "NaN or Infinity in a number column",
            "Update these values to NULL or a finite number in PostgreSQL, or keep them as text "
                    + "(mapping.column.<schema>.<table>.<column>=NVARCHAR(40)), or skip the rows "
                    + "(copy.rejectPolicy=skip, then assess.allow=nan-infinity)."),
    NUMERIC_OVERFLOW(true, "Number with more integer digits than the target type holds",
            "Choose a wider type (mapping.column.<schema>.<table>.<column>=DECIMAL(38,s) or FLOAT), or skip the "
                    + "rows (copy.rejectPolicy=skip, then assess.allow=numeric-overflow)."),
    NUMERIC_ROUNDED(true, "Number with more decimals than the target scale",
            "Choose a type with more decimals (mapping.column.<schema>.<table>.<column>=DECIMAL(38,s)); the values "
                    + "would otherwise be rounded and the table would not verify. To accept rounding: "
                    + "assess.allow=numeric-rounded."),
    DATE_OUT_OF_RANGE(true, "Date or timestamp outside 0001-01-01 .. 9999-12-31 (or infinity)",
            "Update these values in PostgreSQL (e.g. 'infinity' to 9999-12-31 or NULL), or keep the column as text "
                    + "(mapping.column...=NVARCHAR(40)), or skip the rows (copy.rejectPolicy=skip, then "
                    + "assess.allow=date-out-of-range)."),
    TIME_24(true, "time value 24:00:00",
            "Update 24:00:00 to 23:59:59.999999 (or the next day's 00:00) in PostgreSQL, or keep the column as text "
                    + "(mapping.column...=NVARCHAR(20))."),
    VALUE_TOO_LONG(true, "Text or binary value longer than the target type",
            "Choose a larger type (mapping.column.<schema>.<table>.<column>=NVARCHAR(MAX) — unless the column is an "
                    + "index key), or shorten the values, or skip the rows (copy.rejectPolicy=skip)."),
    INTEGER_OVERFLOW(true, "Integer value outside the target type's range",
            "Choose a wider type (mapping.column...=BIGINT), or skip the rows (copy.rejectPolicy=skip)."),
    IDENTITY_OVERFLOW(true, "Next identity or sequence value outside the target type's range",
            "Map the column to BIGINT (mapping.column.<schema>.<table>.<column>=BIGINT)."),
    INDEX_KEY_TOO_LONG(true, "Index key longer than 900 bytes (clustered) or 1700 bytes (nonclustered)",
            "SQL Server refuses these rows while the index exists: shorten the values, or drop the index from "
                    + "PostgreSQL before migrating, or skip the rows (copy.rejectPolicy=skip)."),
    CREDENTIAL_NOT_PROTECTED(true, "Table or column named like a password or secret, copied in plain text",
            "Exclude the table (migration.excludedTables; './run.sh export-excluded' keeps its rows for a re-import), "
                    + "or store the column encrypted with the symmetric key (migration.protectedColumns), or "
                    + "declare that it holds no secret (assess.notCredential=<schema>.<table>[.<column>]); the names "
                    + "looked for are assess.credentialNames."),
    NON_UNICODE_TEXT(false, "Non-ASCII text headed for a non-Unicode column",
            "Use an N-type (NVARCHAR) override, or make sure the database collation's code page (or a _UTF8 "
                    + "collation) holds these characters."),

    // --- the schema -------------------------------------------------------------------------------------------
    NAME_COLLISION(true, "Names equal under SQL Server's case-insensitive comparison",
            "Rename one of them in PostgreSQL (ALTER TABLE ... RENAME ...) before migrating, or exclude one table "
                    + "(migration.excludedTables)."),
    TABLE_INHERITANCE(true, "Table inheritance: rows would be copied twice",
            "Exclude the parent or the child (migration.excludedTables), or detach the child (ALTER TABLE child "
                    + "NO INHERIT parent) before migrating."),
    CASCADE_PATH(true, "Cascading foreign key SQL Server refuses (cycle or multiple cascade paths)",
            "Allow it with assess.allow=cascade-path: the key is created with NO ACTION and the cascade must be done "
                    + "by a trigger (suggested T-SQL) or by the application; or change the action in PostgreSQL."),
    INDEX_TOO_WIDE(true, "Key with more columns than SQL Server allows (16 clustered, 32 nonclustered)",
            "Reduce the key's columns in PostgreSQL before migrating."),
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
                    + "run './run.sh resume'."),
    COLLATION_MISMATCH(true, "The target database's collation differs from target.collation",
            "Set target.collation to the database's collation and assess again (the duplicate checks depend on it), "
                    + "or create the database with the configured collation."),
    TARGET_NOT_CHECKED(false, "The target database could not be checked",
            "Run './run.sh test' to check the connection; the target checks (empty, collation) run again at "
                    + "'migrate'.");

    private final boolean blocking;
    private final String title;
    private final String action;

    FindingKind(boolean blocking, String title, String action) {
        this.blocking = blocking;
        this.title = title;
        this.action = action;
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

    public static Optional<FindingKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equals(id.trim().toLowerCase(Locale.ROOT))).findFirst();
    }
}
