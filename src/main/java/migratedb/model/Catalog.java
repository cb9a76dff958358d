package migratedb.model;

import java.util.List;
import java.util.Optional;

/** Everything read from the source database: the neutral model between PostgreSQL and the target. */
public record Catalog(String database, String serverVersion, List<Table> tables, List<Sequence> sequences,
                      List<SchemaObject> otherObjects) {
    public Catalog {
        tables = List.copyOf(tables);
        sequences = sequences == null ? List.of() : List.copyOf(sequences);
        otherObjects = otherObjects == null ? List.of() : List.copyOf(otherObjects);
    }

    public Optional<Table> table(String qualifiedName) {
        return tables.stream().filter(t -> t.qualifiedName().equals(qualifiedName)).findFirst();
    }
}
