package migratedb.model;

import java.util.List;

/**
 * A foreign key; actions are spelled as in SQL: NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT.
 *
 * @param validated false for a key added NOT VALID: existing rows may violate it
 */
public record ForeignKey(
        String name,
        List<String> columns,
        String referencedSchema,
        String referencedTable,
        List<String> referencedColumns,
        String onDelete,
        String onUpdate,
        boolean validated) {
    public ForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }

    public ForeignKey(String name, List<String> columns, String referencedSchema, String referencedTable,
                      List<String> referencedColumns, String onDelete, String onUpdate) {
        this(name, columns, referencedSchema, referencedTable, referencedColumns, onDelete, onUpdate, true);
    }

    public String referencedQualifiedName() {
        return referencedSchema + "." + referencedTable;
    }

    /** The same key with other actions (SQL Server refuses some cascade graphs). */
    public ForeignKey withActions(String delete, String update) {
        return new ForeignKey(name, columns, referencedSchema, referencedTable, referencedColumns, delete, update,
                validated);
    }
}
