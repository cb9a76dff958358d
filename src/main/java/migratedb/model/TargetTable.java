package migratedb.model;

import java.util.List;
import java.util.Optional;

/** A source table together with its target columns: what the copy engine, the dialects and the verifier work on. */
public record TargetTable(Table source, String schema, String name, List<TargetColumn> columns) {
    public TargetTable {
        columns = List.copyOf(columns);
    }

    public String sourceName() {
        return source.qualifiedName();
    }

    public Optional<TargetColumn> column(String sourceColumnName) {
        return columns.stream().filter(c -> c.source().name().equals(sourceColumnName)).findFirst();
    }

    public boolean hasIdentity() {
        return columns.stream().anyMatch(c -> c.source().isIdentity());
    }
}
