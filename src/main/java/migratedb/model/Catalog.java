package migratedb.model;

import java.util.List;
import java.util.Optional;

/** Everything read from the source database: the neutral model between PostgreSQL and the target. */
public record Catalog(String database, String serverVersion, List<Table> tables, List<Sequence> sequences,
                      List<SchemaObject> otherObjects, List<UserType> userTypes) {
    public Catalog {
        tables = List.copyOf(tables);
        sequences = sequences == null ? List.of() : List.copyOf(sequences);
        otherObjects = otherObjects == null ? List.of() : List.copyOf(otherObjects);
        userTypes = userTypes == null ? List.of() : List.copyOf(userTypes);
    }

    /** A catalog without user types (enums and domains). */
    public Catalog(String database, String serverVersion, List<Table> tables, List<Sequence> sequences,
                   List<SchemaObject> otherObjects) {
        this(database, serverVersion, tables, sequences, otherObjects, List.of());
    }

    /** The enum or domain a column's type names (by its printed name, then by its base type's name). */
    public Optional<UserType> userType(Column c) {
        return userTypes.stream().filter(u -> u.displayName().equals(c.sourceType())).findFirst()
                .or(() -> userTypes.stream().filter(u -> u.kind() == UserType.Kind.ENUM
                        && u.name().equals(c.baseType())).findFirst());
    }

    public Optional<Table> table(String qualifiedName) {
        return tables.stream().filter(t -> t.qualifiedName().equals(qualifiedName)).findFirst();
    }
}
