package migratedb.mapping;

import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleText;

/** Type overrides (conf/type-mapping.properties, mapping.* settings) that MigrateDB cannot apply. */
public enum MappingTrouble implements Trouble {
    OVERRIDE_NOT_A_TYPE(
            "The type override {key}={value} is not a T-SQL type MigrateDB can write.",
            "The value must be one SQL Server type with an optional (length) or (precision,scale), e.g. "
                    + "NVARCHAR(200), DECIMAL(38,4), VARBINARY(MAX), DATETIME2(3).",
            "Nothing was done; the assessment and the migration stop before reading any data.",
            "Correct {key} in {file} (or in --set), then run './run.sh assess' again."),
    OVERRIDE_INCOMPATIBLE(
            "The type override {key}={value} cannot carry the values of {column} ({sourceType}).",
            "A {sourceType} value travels as {sourceKind}; {value} takes {targetKind}. Only a text type, another "
                    + "number type, or a type that takes the same kind of value can receive it.",
            "Nothing was done; the assessment and the migration stop before reading any data.",
            "Choose a compatible type for {key} (an NVARCHAR type always works), then run './run.sh assess' again."),
    OVERRIDE_UNKNOWN_KEY(
            "The type-mapping key {key} is not understood.",
            "Keys are mapping.type.<PostgreSQL type> (e.g. mapping.type.text) or "
                    + "mapping.column.<schema>.<table>.<column>; {reason}",
            "Nothing was done; the assessment and the migration stop before reading any data.",
            "Correct or remove {key} in {file} (or in --set)."),
    OVERRIDE_FILE_UNREADABLE(
            "The type-mapping file {file} cannot be read: {reason}",
            "The file is not a readable Java properties file (key=value lines, # comments).",
            "Nothing was done.",
            "Fix or remove {file}; a missing file simply means no overrides."),
    ;

    private final TroubleText text;

    MappingTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
