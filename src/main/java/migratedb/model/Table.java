package migratedb.model;

import java.util.List;
import java.util.Optional;

/** A source table with everything the conversion needs. */
public record Table(
        String schema,
        String name,
        List<Column> columns,
        Key primaryKey,
        List<Key> uniqueKeys,
        List<ForeignKey> foreignKeys,
        List<CheckConstraint> checks,
        List<Index> indexes,
        long estimatedRows,
        long sizeBytes,
        String comment) {

    public Table {
        columns = List.copyOf(columns);
        uniqueKeys = uniqueKeys == null ? List.of() : List.copyOf(uniqueKeys);
        foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
        checks = checks == null ? List.of() : List.copyOf(checks);
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
    }

    /** schema.name, the key used in settings, reports and logs. */
    public String qualifiedName() {
        return schema + "." + name;
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }
}
