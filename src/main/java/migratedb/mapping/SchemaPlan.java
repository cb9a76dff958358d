package migratedb.mapping;

import migratedb.model.TargetTable;

import java.util.List;
import java.util.Optional;

/**
 * The converted schema: the target tables and the T-SQL of each phase, in the order it runs.
 *
 * @param createStatements   before the data: schemas, sequences, tables with primary keys
 * @param finalizeStatements after the data: unique constraints, indexes, foreign keys (checked)
 * @param syncStatements     last: identity columns and sequences continue at the source's next value
 * @param notes              what was not converted, or converted with a loss, and why
 */
public record SchemaPlan(List<TargetTable> tables, List<String> createStatements, List<String> finalizeStatements,
                         List<String> syncStatements, List<ConversionNote> notes) {
    public SchemaPlan {
        tables = List.copyOf(tables);
        createStatements = List.copyOf(createStatements);
        finalizeStatements = List.copyOf(finalizeStatements);
        syncStatements = List.copyOf(syncStatements);
        notes = List.copyOf(notes);
    }

    public Optional<TargetTable> table(String sourceQualifiedName) {
        return tables.stream().filter(t -> t.sourceName().equals(sourceQualifiedName)).findFirst();
    }

    /** One object that was not converted, or converted with a loss. */
    public record ConversionNote(String kind, String name, boolean converted, String reason) {
    }
}
