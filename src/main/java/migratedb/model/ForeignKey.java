package migratedb.model;

import java.util.List;

/** A foreign key; actions are spelled as in SQL: NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT. */
public record ForeignKey(
        String name,
        List<String> columns,
        String referencedSchema,
        String referencedTable,
        List<String> referencedColumns,
        String onDelete,
        String onUpdate) {
    public ForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
    }
}
