package migratedb.mapping;

import migratedb.model.Catalog;
import migratedb.model.Index;
import migratedb.model.SchemaObject;
import migratedb.model.Sequence;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.target.TargetDialect;
import migratedb.target.sqlserver.SqlServerDialect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Turns the source catalog into the target schema plan: mapping, then the dialect's DDL for each phase. */
public final class SchemaConverter {
    private final TypeMapper mapper = new TypeMapper();

    /**
     * @param schemaMapping    source schema → target schema (public → dbo by default)
     * @param excludedTables   schema.table names never copied
     * @param protectedColumns schema.table.column names stored encrypted
     */
    public SchemaPlan convert(Catalog catalog, TargetDialect dialect, Map<String, String> schemaMapping,
                              Set<String> excludedTables, Set<String> protectedColumns) {
        List<TargetTable> tables = new ArrayList<>();
        List<SchemaPlan.ConversionNote> notes = new ArrayList<>();
        for (Table t : catalog.tables()) {
            if (excludedTables.contains(t.qualifiedName())) {
                notes.add(new SchemaPlan.ConversionNote("table", t.qualifiedName(), false,
                        "excluded by migration.excludedTables"));
                continue;
            }
            tables.add(mapper.map(t, schemaMapping.getOrDefault(t.schema(), t.schema()), protectedColumns));
        }
        Map<String, TargetTable> bySource = tables.stream()
                .collect(Collectors.toMap(TargetTable::sourceName, Function.identity()));

        List<String> create = new ArrayList<>();
        new LinkedHashSet<>(tables.stream().map(TargetTable::schema).toList())
                .forEach(s -> create.addAll(dialect.createSchema(s)));
        List<String> sync = new ArrayList<>();
        for (Sequence s : catalog.sequences()) {
            Optional<TargetTable> identityOwner = identityOwner(s, bySource, dialect);
            if (identityOwner.isPresent()) {
                continue; // becomes the table's IDENTITY, synchronized below
            }
            String schema = schemaMapping.getOrDefault(s.schema(), s.schema());
            create.addAll(dialect.createSequence(s, schema));
            sync.addAll(dialect.restartSequence(s, schema));
        }
        for (TargetTable t : tables) {
            create.addAll(dialect.createTable(t));
            for (TargetColumn c : t.columns()) {
                if (c.lossy()) {
                    notes.add(new SchemaPlan.ConversionNote("column", t.sourceName() + "." + c.source().name(), true,
                            "lossy mapping " + c.source().sourceType() + " -> " + c.sqlType() + ": " + c.note()));
                }
                if (usesIdentity(dialect, c)) {
                    nextValue(catalog, t, c).ifPresent(next -> sync.addAll(dialect.syncIdentity(t, c, next)));
                }
            }
        }
        List<String> finalize = new ArrayList<>();
        for (TargetTable t : tables) {
            finalize.addAll(dialect.createIndexes(t));
            for (Index ix : t.source().indexes()) {
                if (dialect instanceof SqlServerDialect ss && !ss.convertible(ix)) {
                    notes.add(new SchemaPlan.ConversionNote("index", t.sourceName() + "." + ix.name(), false,
                            ix.method() + " index" + (ix.predicate() != null ? " with predicate" : "")
                                    + " is not converted automatically"));
                }
            }
        }
        for (TargetTable t : tables) {
            finalize.addAll(dialect.createForeignKeys(t, bySource::get));
        }
        for (SchemaObject o : catalog.otherObjects()) {
            notes.add(new SchemaPlan.ConversionNote(o.kind(), o.schema() + "." + o.name(), false,
                    "not converted automatically; recreate it in T-SQL"));
        }
        return new SchemaPlan(tables, create, finalize, sync, notes);
    }

    private static boolean usesIdentity(TargetDialect dialect, TargetColumn c) {
        return dialect instanceof SqlServerDialect ss && ss.usesIdentity(c);
    }

    /** A sequence that only feeds one identity/serial column becomes that column's IDENTITY. */
    private static Optional<TargetTable> identityOwner(Sequence s, Map<String, TargetTable> bySource,
                                                       TargetDialect dialect) {
        if (s.ownedBy() == null || s.usedBy().size() > 1) {
            return Optional.empty();
        }
        int lastDot = s.ownedBy().lastIndexOf('.');
        TargetTable t = bySource.get(s.ownedBy().substring(0, lastDot));
        if (t == null) {
            return Optional.empty();
        }
        String column = s.ownedBy().substring(lastDot + 1);
        return t.column(column).filter(c -> usesIdentity(dialect, c)).map(c -> t);
    }

    private static Optional<Long> nextValue(Catalog catalog, TargetTable t, TargetColumn c) {
        String owner = t.sourceName() + "." + c.source().name();
        return catalog.sequences().stream().filter(s -> owner.equals(s.ownedBy()))
                .findFirst().map(Sequence::nextValue);
    }
}
