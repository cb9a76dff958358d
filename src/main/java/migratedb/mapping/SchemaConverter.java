package migratedb.mapping;

import migratedb.model.Catalog;
import migratedb.model.ForeignKey;
import migratedb.model.SchemaNote;
import migratedb.model.SchemaNote.Issue;
import migratedb.model.SchemaObject;
import migratedb.model.Sequence;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;
import migratedb.sink.TargetDialect;
import migratedb.sink.sqlserver.SqlServerDdl;
import migratedb.sink.sqlserver.SqlServerDialect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the source catalog into the target schema plan: type mapping (with the administrator's overrides), then the
 * dialect's DDL for each phase — tables before the data; unique constraints, indexes, checks and trusted foreign keys
 * after it; identities and sequences set to the source's next values last.
 */
public final class SchemaConverter {

    /**
     * @param schemaMapping    source schema → target schema (public → dbo by default)
     * @param excludedTables   schema.table names never copied
     * @param protectedColumns schema.table.column names stored encrypted
     */
    public SchemaPlan convert(Catalog catalog, TargetDialect dialect, Map<String, String> schemaMapping,
                              Set<String> excludedTables, Set<String> protectedColumns) {
        return convert(catalog, dialect, schemaMapping, excludedTables, protectedColumns, TypeOverrides.none());
    }

    public SchemaPlan convert(Catalog catalog, TargetDialect dialect, Map<String, String> schemaMapping,
                              Set<String> excludedTables, Set<String> protectedColumns, TypeOverrides overrides) {
        return convert(catalog, dialect, schemaMapping, excludedTables, protectedColumns, overrides, List.of());
    }

    /**
     * @param collations columns that get their own collation (COLLATE in CREATE TABLE): the binary collations that
     *                   keep PostgreSQL's comparison of keys whose collision the administrator allowed
     */
    public SchemaPlan convert(Catalog catalog, TargetDialect dialect, Map<String, String> schemaMapping,
                              Set<String> excludedTables, Set<String> protectedColumns, TypeOverrides overrides,
                              List<KeyCollations.ColumnCollation> collations) {
        if (!(dialect instanceof SqlServerDialect ss)) {
            throw new IllegalArgumentException("schema conversion targets SQL Server (or its H2 stand-in), not "
                    + dialect.name());
        }
        refuseUnknownColumns(catalog, overrides);
        TypeMapper mapper = new TypeMapper(overrides, catalog.userTypes());
        List<SchemaNote> notes = new ArrayList<>();
        List<TargetTable> tables = new ArrayList<>();
        for (Table t : catalog.tables()) {
            if (!excludedTables.contains(t.qualifiedName())) {
                tables.add(mapper.map(t, schemaMapping.getOrDefault(t.schema(), t.schema()), protectedColumns));
            }
        }
        tables = KeyCollations.apply(harmonizeForeignKeyTypes(tables, notes), collations);
        for (TargetTable t : tables) {
            for (TargetColumn c : t.columns()) {
                if (c.note() != null && c.note().startsWith("override ")) {
                    notes.add(new SchemaNote(Issue.TYPE_OVERRIDE, t.sourceName(), c.source().name(), null,
                            c.source().sourceType() + " -> " + c.sqlType() + ": " + c.note(), null));
                }
                if (c.lossy()) {
                    notes.add(new SchemaNote(Issue.LOSSY_TYPE, t.sourceName(), c.source().name(), null,
                            c.source().sourceType() + " -> " + c.sqlType() + ": " + c.note(), null));
                }
            }
        }
        Map<String, TargetTable> bySource = new LinkedHashMap<>();
        tables.forEach(t -> bySource.put(t.sourceName(), t));

        SqlServerDdl ddl = ss.ddl(catalog.sequences(), s -> schemaMapping.getOrDefault(s, s), catalog.userTypes());
        ddl.reserveTables(tables);

        List<String> create = new ArrayList<>();
        new LinkedHashSet<>(tables.stream().map(TargetTable::schema).toList())
                .forEach(s -> create.addAll(ddl.createSchema(s)));
        List<String> sync = new ArrayList<>();
        // the same statements by table, for a finalize that runs across tables in parallel
        Map<String, List<String>> own = new LinkedHashMap<>();
        Map<String, List<String>> foreignKeys = new LinkedHashMap<>();
        tables.forEach(t -> {
            own.put(t.sourceName(), new ArrayList<>());
            foreignKeys.put(t.sourceName(), new ArrayList<>());
        });
        List<String> sequences = new ArrayList<>();
        for (Sequence s : catalog.sequences()) {
            if (ddl.becomesIdentity(s, tables) || ownedByExcluded(s, excludedTables)) {
                continue; // an IDENTITY now (synchronized below), or it belongs to a table not migrated
            }
            create.addAll(ddl.createSequence(s));
            List<String> restart = ddl.restartSequence(s);
            sync.addAll(restart);
            sequences.addAll(restart);
        }
        List<String> identities = new ArrayList<>();
        for (TargetTable t : tables) {
            create.addAll(ddl.createTable(t));
            for (TargetColumn c : t.columns()) {
                SqlServerDdl.Generation g = ddl.generation(t, c);
                if (g.kind() == SqlServerDdl.GenerationKind.IDENTITY && g.sequence() != null) {
                    List<String> identity = ddl.syncIdentity(t, c, g.sequence());
                    identities.addAll(identity);
                    own.get(t.sourceName()).addAll(identity);
                }
            }
        }
        sync.addAll(identities);

        List<CascadePaths.Conflict> conflicts = CascadePaths.conflicts(tables);
        for (CascadePaths.Conflict c : conflicts) {
            notes.add(new SchemaNote(Issue.CASCADE_PATH, c.table(), null, c.foreignKey(), "foreign key "
                    + c.foreignKey() + " -> " + c.referencedTable() + " (" + c.reason() + "); it is created with "
                    + "ON DELETE NO ACTION ON UPDATE NO ACTION", "CREATE TRIGGER [" + tableName(c.table()) + "_"
                    + c.foreignKey() + "_cascade] ON <referenced table> AFTER DELETE AS <the cascading action>"));
        }
        Set<String> noAction = conflicts.stream().map(CascadePaths.Conflict::id).collect(Collectors.toSet());

        List<String> finalize = new ArrayList<>();
        for (TargetTable t : tables) {
            List<String> indexes = ddl.createIndexes(t);
            finalize.addAll(indexes);
            own.get(t.sourceName()).addAll(0, indexes);
        }
        for (TargetTable t : tables) {
            List<String> checks = ddl.createChecks(t);
            finalize.addAll(checks);
            own.get(t.sourceName()).addAll(checks);
        }
        for (TargetTable t : tables) {
            List<String> keys = ddl.createForeignKeys(t, bySource::get, noAction);
            finalize.addAll(keys);
            foreignKeys.get(t.sourceName()).addAll(keys);
        }
        for (TargetTable t : tables) {
            List<String> comments = ddl.comments(t);
            finalize.addAll(comments);
            own.get(t.sourceName()).addAll(comments);
        }
        List<SchemaPlan.TableFinish> finish = new ArrayList<>();
        own.forEach((t, statements) -> finish.add(new SchemaPlan.TableFinish(t, statements, foreignKeys.get(t))));
        if (!sequences.isEmpty()) {
            finish.add(new SchemaPlan.TableFinish(null, sequences, List.of()));
        }
        notes.addAll(ddl.notes());
        for (SchemaObject o : catalog.otherObjects()) {
            notes.add(otherObject(o, schemaMapping, ss));
        }
        return new SchemaPlan(tables, create, finalize, sync, notes, finish);
    }

    private static String tableName(String qualified) {
        return qualified.substring(qualified.indexOf('.') + 1);
    }

    private static boolean ownedByExcluded(Sequence s, Set<String> excluded) {
        if (s.ownedBy() == null || !s.usedBy().stream().allMatch(u -> u.equals(s.ownedBy()))) {
            return false;
        }
        String table = s.ownedBy().substring(0, s.ownedBy().lastIndexOf('.'));
        return excluded.contains(table);
    }

    private static void refuseUnknownColumns(Catalog catalog, TypeOverrides overrides) {
        Set<String> known = new HashSet<>();
        catalog.tables().forEach(t -> t.columns().forEach(c -> known.add(t.qualifiedName() + "." + c.name())));
        overrides.columnRules().forEach((column, rule) -> {
            if (!known.contains(column)) {
                throw new migratedb.troubleshoot.MigrationException(MappingTrouble.OVERRIDE_UNKNOWN_KEY,
                        Map.of("key", rule.key(), "file", rule.where(), "reason", "no source column is named "
                                + column + " (schema.table.column, as PostgreSQL spells it)."));
            }
        });
    }

    /**
     * SQL Server needs a foreign key's columns to have exactly the referenced columns' types (PostgreSQL accepts an
     * integer referencing a bigint, or varchar(50) referencing text). The referencing column takes the referenced
     * column's type when the values can travel that way (integers widen, text stays text).
     */
    private static List<TargetTable> harmonizeForeignKeyTypes(List<TargetTable> tables, List<SchemaNote> notes) {
        Map<String, TargetTable> bySource = new LinkedHashMap<>();
        tables.forEach(t -> bySource.put(t.sourceName(), t));
        for (int pass = 0; pass < 3; pass++) { // a chain of references settles in a few passes
            for (TargetTable t : List.copyOf(bySource.values())) {
                List<TargetColumn> columns = new ArrayList<>(t.columns());
                boolean changed = false;
                for (ForeignKey fk : t.source().foreignKeys()) {
                    TargetTable ref = bySource.get(fk.referencedQualifiedName());
                    if (ref == null || fk.columns().size() != fk.referencedColumns().size()) {
                        continue;
                    }
                    for (int i = 0; i < fk.columns().size(); i++) {
                        int idx = indexOf(columns, fk.columns().get(i));
                        Optional<TargetColumn> referenced = ref.column(fk.referencedColumns().get(i));
                        if (idx < 0 || referenced.isEmpty()) {
                            continue;
                        }
                        TargetColumn own = columns.get(idx);
                        TargetColumn other = referenced.get();
                        if (own.sqlType().equals(other.sqlType()) || own.protectedColumn() || other.protectedColumn()
                                || !sameFamily(own.valueKind(), other.valueKind())) {
                            continue;
                        }
                        columns.set(idx, new TargetColumn(own.source(), own.name(), other.sqlType(), other.valueKind(),
                                own.lossy(), (own.note() == null ? "" : own.note() + "; ") + "type of the referenced "
                                + "column " + ref.sourceName() + "." + other.source().name() + " (SQL Server needs "
                                + "equal types in a foreign key)", false));
                        changed = true;
                    }
                }
                if (changed) {
                    bySource.put(t.sourceName(), new TargetTable(t.source(), t.schema(), t.name(), columns));
                }
            }
        }
        return new ArrayList<>(bySource.values());
    }

    private static boolean sameFamily(ValueKind a, ValueKind b) {
        Set<ValueKind> integers = Set.of(ValueKind.INT16, ValueKind.INT32, ValueKind.INT64);
        return a == b || (integers.contains(a) && integers.contains(b));
    }

    private static int indexOf(List<TargetColumn> columns, String sourceName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).source().name().equals(sourceName)) {
                return i;
            }
        }
        return -1;
    }

    /** A view, function, trigger... with the reason it is not converted and, where we can, a T-SQL start. */
    private static SchemaNote otherObject(SchemaObject o, Map<String, String> schemaMapping, SqlServerDialect d) {
        String schema = schemaMapping.getOrDefault(o.schema(), o.schema());
        String name = o.schema() + "." + o.name();
        String def = o.definition() == null ? "" : o.definition().trim();
        return switch (o.kind()) {
            case "view", "materialized view" -> new SchemaNote(Issue.OBJECT_NOT_CONVERTED, null, null, name,
                    o.kind() + " " + name + " is not converted: its query is PostgreSQL SQL",
                    "CREATE VIEW " + d.qualify(schema, o.name()) + " AS\n" + def.replaceAll(";\\s*$", "")
                            + "\n-- review: PostgreSQL syntax (::casts, ILIKE, LIMIT, functions) must become T-SQL"
                            + ("materialized view".equals(o.kind()) ? "; for a materialized view consider an "
                            + "indexed view (WITH SCHEMABINDING)" : ""));
            case "function", "procedure", "aggregate" -> new SchemaNote(Issue.OBJECT_NOT_CONVERTED, null, null,
                    name + "(" + def + ")", o.kind() + " " + name + " is not converted: PL/pgSQL has no automatic "
                    + "translation", "CREATE " + ("procedure".equals(o.kind()) ? "PROCEDURE" : "FUNCTION") + " "
                    + d.qualify(schema, o.name()) + " ... -- rewrite the body in T-SQL");
            case "trigger" -> new SchemaNote(Issue.OBJECT_NOT_CONVERTED, tableOf(o), null, name,
                    "trigger " + name + " is not converted (" + def + ")", "CREATE TRIGGER "
                    + d.quote(o.name().substring(o.name().indexOf('.') + 1)) + " ON "
                    + d.qualify(schema, o.name().substring(0, o.name().indexOf('.')))
                    + " AFTER INSERT, UPDATE, DELETE AS BEGIN SET NOCOUNT ON; /* the trigger function's logic, "
                    + "using inserted and deleted */ END");
            case "rule" -> new SchemaNote(Issue.OBJECT_NOT_CONVERTED, tableOf(o), null, name,
                    "rule " + name + " is not converted: SQL Server has no rules of this kind",
                    "an INSTEAD OF trigger does what a DO INSTEAD rule does");
            case "exclusion constraint" -> new SchemaNote(Issue.OBJECT_NOT_CONVERTED, tableOf(o), null, name,
                    "exclusion constraint " + name + " (" + def + ") has no SQL Server equivalent",
                    "enforce it in an AFTER INSERT, UPDATE trigger that rolls back overlapping rows");
            case "partitioned table" -> new SchemaNote(Issue.OBJECT_NOT_CONVERTED, name, null, name,
                    "partitioned table " + name + " (PARTITION BY " + def + ") is created as one table holding "
                            + "all partitions' rows; the partitioning is not converted",
                    "CREATE PARTITION FUNCTION [pf_" + o.name() + "] (...) AS RANGE RIGHT FOR VALUES (...); "
                            + "CREATE PARTITION SCHEME [ps_" + o.name() + "] AS PARTITION [pf_" + o.name()
                            + "] ALL TO ([PRIMARY])");
            case "inheritance" -> new SchemaNote(Issue.TABLE_INHERITANCE, name, null, name,
                    "table " + name + " inherits from " + def + ": reading " + def + " also returns the rows of "
                            + name + ", so they would be copied twice",
                    "exclude one of the tables (migration.excludedTables), or detach the child in PostgreSQL "
                            + "(ALTER TABLE " + name + " NO INHERIT " + def + ")");
            default -> new SchemaNote(Issue.OBJECT_NOT_CONVERTED, null, null, name,
                    o.kind() + " " + name + " is not converted", null);
        };
    }

    private static String tableOf(SchemaObject o) {
        int dot = o.name().indexOf('.');
        return dot < 0 ? null : o.schema() + "." + o.name().substring(0, dot);
    }
}
