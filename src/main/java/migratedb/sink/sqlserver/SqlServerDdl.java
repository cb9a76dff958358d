package migratedb.sink.sqlserver;

import migratedb.model.CheckConstraint;
import migratedb.model.Column;
import migratedb.model.ForeignKey;
import migratedb.model.Index;
import migratedb.model.Key;
import migratedb.model.SchemaNote;
import migratedb.model.SchemaNote.Issue;
import migratedb.model.Sequence;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.UserType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The T-SQL of one schema conversion: tables, keys, indexes, checks, foreign keys, comments, identities and
 * sequences, with the names SQL Server will accept. One instance per conversion (it remembers the names it gave);
 * what it cannot convert, or converts with a change, it records as {@link SchemaNote}s. The notes do not depend on
 * the dialect's hooks, so the H2 stand-in reports exactly what SQL Server would get.
 */
public final class SqlServerDdl {
    /** SQL Server's limits on key columns: 16 in a clustered index (the primary key), 32 in a nonclustered one. */
    public static final int CLUSTERED_KEY_COLUMNS = 16;
    public static final int NONCLUSTERED_KEY_COLUMNS = 32;

    private static final Set<String> INTEGER_TYPES = Set.of("int2", "int4", "int8");

    private final SqlServerDialect d;
    private final List<Sequence> sequences;
    private final java.util.Map<String, Sequence> byOwner = new java.util.HashMap<>();
    private final java.util.Map<String, Sequence> byUser = new java.util.HashMap<>();
    /** The columns of the tables last asked about by becomesIdentity, by "schema.table.column". */
    private final java.util.Map<String, Map.Entry<TargetTable, TargetColumn>> ownerColumns = new java.util.HashMap<>();
    private List<TargetTable> columnsOf;
    private final Function<String, String> targetSchema;
    private final List<UserType> userTypes;
    private final ObjectNames names = new ObjectNames();
    private final Map<String, String> sequenceNames = new HashMap<>();
    private final List<SchemaNote> notes = new ArrayList<>();
    private final DefaultTranslator defaults = new DefaultTranslator();

    /** How a column gets its generated values in the target. */
    public enum GenerationKind { NONE, IDENTITY, SEQUENCE }

    /** @param sequence the source sequence behind an IDENTITY or a NEXT VALUE FOR default, or null */
    public record Generation(GenerationKind kind, Sequence sequence) {
        static final Generation NONE = new Generation(GenerationKind.NONE, null);
    }

    /**
     * @param sequences    every source sequence (with owner and users)
     * @param targetSchema source schema → target schema
     * @param userTypes    enums and domains of the source
     */
    public SqlServerDdl(SqlServerDialect dialect, List<Sequence> sequences, Function<String, String> targetSchema,
                        List<UserType> userTypes) {
        this.d = dialect;
        this.sequences = List.copyOf(sequences);
        // the first sequence owned by, and used by, each column: looked up per column of every table
        for (Sequence s : this.sequences) {
            if (s.ownedBy() != null) {
                byOwner.putIfAbsent(s.ownedBy(), s);
            }
            for (String user : s.usedBy()) {
                byUser.putIfAbsent(user, s);
            }
        }
        this.targetSchema = targetSchema;
        this.userTypes = List.copyOf(userTypes);
    }

    public List<SchemaNote> notes() {
        return List.copyOf(notes);
    }

    private void note(Issue issue, String table, String column, String object, String detail, String suggestion) {
        notes.add(new SchemaNote(issue, table, column, object, detail, suggestion));
    }

    // --- names ------------------------------------------------------------------------------------------------

    /**
     * Takes the names of all tables first (they are never renamed): a second table whose name differs only by case
     * is a collision SQL Server refuses. Column names are checked per table the same way; reserved words noted.
     */
    public void reserveTables(List<TargetTable> tables) {
        Map<String, String> seen = new HashMap<>();
        for (TargetTable t : tables) {
            String key = ObjectNames.fold(t.schema()) + "." + ObjectNames.fold(t.name());
            if (!names.reserveObject(t.schema(), t.name())) {
                note(Issue.NAME_COLLISION, t.sourceName(), null, t.name(), "table " + t.sourceName()
                        + " and table " + seen.get(key) + " become the same table " + t.schema() + "." + t.name()
                        + " in SQL Server, which compares names case-insensitively", null);
            }
            seen.putIfAbsent(key, t.sourceName());
            if (ObjectNames.isReserved(t.name())) {
                note(Issue.RESERVED_WORD, t.sourceName(), null, t.name(), "table name " + t.name()
                        + " is a T-SQL reserved word: application SQL must write it as " + d.quote(t.name()), null);
            }
            Map<String, String> columns = new HashMap<>();
            for (TargetColumn c : t.columns()) {
                String previous = columns.putIfAbsent(ObjectNames.fold(c.name()), c.name());
                if (previous != null) {
                    note(Issue.NAME_COLLISION, t.sourceName(), c.source().name(), c.name(), "columns " + previous
                            + " and " + c.name() + " of " + t.sourceName() + " differ only by case; SQL Server "
                            + "refuses the table", null);
                }
                if (ObjectNames.isReserved(c.name())) {
                    note(Issue.RESERVED_WORD, t.sourceName(), c.source().name(), c.name(), "column name "
                            + c.name() + " is a T-SQL reserved word: application SQL must write it as "
                            + d.quote(c.name()), null);
                }
            }
        }
    }

    private String constraintName(TargetTable t, String wanted, boolean alsoIndex) {
        return names.constraint(t.schema(), t.name(), wanted, alsoIndex, ch -> note(Issue.NAME_CHANGED,
                t.sourceName(), null, ch.original(), "constraint " + ch.original() + " is created as " + ch.chosen()
                        + ": " + ch.reason(), null));
    }

    private String indexName(TargetTable t, String wanted) {
        return names.index(t.schema(), t.name(), wanted, ch -> note(Issue.NAME_CHANGED, t.sourceName(), null,
                ch.original(), "index " + ch.original() + " is created as " + ch.chosen() + ": " + ch.reason(),
                null));
    }

    private String sequenceName(Sequence s) {
        return sequenceNames.computeIfAbsent(s.schema() + "." + s.name(), k -> {
            String schema = targetSchema.apply(s.schema());
            String name = s.name();
            for (int n = 2; !names.reserveObject(schema, name); n++) {
                name = ObjectNames.fit(s.name() + "_" + n);
            }
            if (!name.equals(s.name())) {
                note(Issue.NAME_CHANGED, null, null, s.schema() + "." + s.name(), "sequence " + s.name()
                        + " is created as " + name + ": a table or sequence of that name (ignoring case) exists", null);
            }
            return name;
        });
    }

    // --- generated values -------------------------------------------------------------------------------------

    /**
     * IDENTITY for identity columns and for serial columns whose sequence feeds only them; a NEXT VALUE FOR default
     * for columns that share a sequence; nothing otherwise. Protected (encrypted) columns never generate values.
     */
    public Generation generation(TargetTable t, TargetColumn c) {
        if (c.protectedColumn() || !c.source().isIdentity() || !INTEGER_TYPES.contains(c.source().baseType())) {
            return Generation.NONE;
        }
        String owner = t.sourceName() + "." + c.source().name();
        if (c.source().identity() != Column.Identity.SERIAL) {
            return new Generation(GenerationKind.IDENTITY, byOwner.get(owner));
        }
        Optional<Sequence> used = Optional.ofNullable(byUser.get(owner));
        if (used.isEmpty()) {
            return Generation.NONE;
        }
        Sequence s = used.get();
        if (owner.equals(s.ownedBy()) && s.usedBy().size() == 1) {
            return new Generation(GenerationKind.IDENTITY, s);
        }
        return new Generation(GenerationKind.SEQUENCE, s);
    }

    /** True when the sequence becomes some column's IDENTITY (and is therefore not created as a sequence). */
    public boolean becomesIdentity(Sequence s, List<TargetTable> tables) {
        // only the column that owns a sequence can make it its IDENTITY: that column alone is asked
        if (s.ownedBy() == null) {
            return false;
        }
        if (tables != columnsOf) {
            ownerColumns.clear();
            for (TargetTable t : tables) {
                for (TargetColumn c : t.columns()) {
                    ownerColumns.putIfAbsent(t.sourceName() + "." + c.source().name(), Map.entry(t, c));
                }
            }
            columnsOf = tables;
        }
        Map.Entry<TargetTable, TargetColumn> owner = ownerColumns.get(s.ownedBy());
        if (owner == null) {
            return false;
        }
        Generation g = generation(owner.getKey(), owner.getValue());
        return g.kind() == GenerationKind.IDENTITY && g.sequence() == s;
    }

    // --- create phase -----------------------------------------------------------------------------------------

    public List<String> createSchema(String schema) {
        return d.createSchema(schema);
    }

    public List<String> createSequence(Sequence s) {
        return createSequenceIn(s, targetSchema.apply(s.schema()));
    }

    List<String> createSequenceIn(Sequence s, String schema) {
        return List.of("CREATE SEQUENCE " + d.qualify(schema, sequenceName(s)) + " AS "
                + sequenceType(s) + " START WITH " + s.nextValue() + " INCREMENT BY " + s.increment()
                + " MINVALUE " + s.min() + " MAXVALUE " + s.max() + (s.cycle() ? " CYCLE" : " NO CYCLE"));
    }

    private static String sequenceType(Sequence s) {
        return switch (s.dataType()) {
            case "smallint" -> "SMALLINT";
            case "integer" -> "INT";
            default -> "BIGINT";
        };
    }

    /** CREATE TABLE with columns, identity, defaults and the primary key (clustered). */
    public List<String> createTable(TargetTable table) {
        List<String> parts = new ArrayList<>();
        for (TargetColumn c : table.columns()) {
            parts.add(columnDefinition(table, c));
        }
        parts.addAll(d.comparisonColumns(table));
        Key pk = table.source().primaryKey();
        if (pk != null) {
            if (pk.columns().size() > CLUSTERED_KEY_COLUMNS) {
                note(Issue.INDEX_TOO_WIDE, table.sourceName(), null, pk.name(), "the primary key has "
                        + pk.columns().size() + " columns; SQL Server allows " + CLUSTERED_KEY_COLUMNS
                        + " in a clustered index", null);
            }
            String name = constraintName(table, pk.name(), true);
            parts.add("CONSTRAINT " + d.quote(name) + " " + d.primaryKeyClause() + " (" + columnList(table,
                    pk.columns()) + ")");
            parts.addAll(d.primaryKeyComparison(table, name, pk.columns()));
        }
        parts.addAll(d.valueRangeChecks(table));
        return List.of("CREATE TABLE " + d.qualify(table.schema(), table.name()) + " (\n    "
                + String.join(",\n    ", parts) + "\n)");
    }

    private String columnDefinition(TargetTable table, TargetColumn c) {
        StringBuilder sb = new StringBuilder(d.quote(c.name())).append(' ').append(d.columnType(c))
                .append(d.collateClause(c));
        Generation g = generation(table, c);
        if (g.kind() == GenerationKind.IDENTITY) {
            sb.append(" IDENTITY(").append(g.sequence() == null ? 1 : g.sequence().start()).append(',')
                    .append(g.sequence() == null ? 1 : g.sequence().increment()).append(')');
        } else {
            String def = null;
            if (g.kind() == GenerationKind.SEQUENCE) {
                def = "NEXT VALUE FOR " + d.qualify(targetSchema.apply(g.sequence().schema()),
                        sequenceName(g.sequence()));
            } else if (c.source().identity() == Column.Identity.GENERATED) {
                // the generation expression is no default; the column keeps the copied values
                Optional<String> computed = translator(table, null).value(c.source().defaultExpression());
                note(Issue.GENERATED_COLUMN_COPIED, table.sourceName(), c.source().name(), null, "generated column "
                        + c.source().name() + " = " + c.source().defaultExpression() + ": its values are copied into "
                        + "a plain column, which SQL Server does not recompute when the other columns change",
                        computed.map(e -> "to compute it in SQL Server: ALTER TABLE " + d.qualify(table.schema(),
                                table.name()) + " DROP COLUMN " + d.quote(c.name()) + "; ALTER TABLE "
                                + d.qualify(table.schema(), table.name()) + " ADD " + d.quote(c.name()) + " AS ("
                                + e + ") PERSISTED").orElse(null));
            } else if (!c.protectedColumn()) {
                def = defaults.translate(c, d);
                String source = c.source().defaultExpression();
                if (def == null && source != null && !source.isBlank()) {
                    note(Issue.DEFAULT_NOT_TRANSLATED, table.sourceName(), c.source().name(), null,
                            "default " + source + " has no T-SQL translation; the column is created without it",
                            null);
                }
            }
            if (def != null) {
                sb.append(' ').append(d.defaultClause(constraintName(table, "df_" + table.name() + "_" + c.name(),
                        false), def));
            }
        }
        sb.append(c.source().nullable() ? " NULL" : " NOT NULL");
        return sb.toString();
    }

    // --- finalize phase ---------------------------------------------------------------------------------------

    /** Unique constraints (filtered unique indexes over nullable columns) and secondary indexes. */
    public List<String> createIndexes(TargetTable table) {
        List<String> out = new ArrayList<>();
        String target = d.qualify(table.schema(), table.name());
        for (Key uk : table.source().uniqueKeys()) {
            String name = constraintName(table, uk.name(), true);
            if (unindexable(table, uk.columns(), uk.name())) {
                continue;
            }
            out.add(d.uniqueConstraint(table, target, uk, name));
            out.addAll(d.uniqueKeyComparison(table, target, name, uk.columns()));
        }
        for (Index ix : table.source().indexes()) {
            out.addAll(index(table, target, ix));
        }
        return out;
    }

    /** A key over a column SQL Server cannot index (a MAX type or XML, e.g. after a type override). */
    private boolean unindexable(TargetTable table, List<String> keyColumns, String object) {
        for (String col : keyColumns) {
            Optional<TargetColumn> c = table.column(col);
            if (c.isPresent() && (c.get().sqlType().endsWith("(MAX)") || c.get().sqlType().equals("XML"))) {
                note(Issue.INDEX_NOT_CONVERTED, table.sourceName(), col, object, object + " is not created: its key "
                        + "column " + col + " is " + c.get().sqlType() + ", which SQL Server cannot index",
                        "choose a bounded type for " + col + " (mapping.column." + table.sourceName() + "." + col
                                + "=NVARCHAR(450))");
                return true;
            }
        }
        return false;
    }

    private List<String> index(TargetTable table, String target, Index ix) {
        String object = ix.name();
        if (!"btree".equals(ix.method()) && !"hash".equals(ix.method())) {
            note(Issue.INDEX_NOT_CONVERTED, table.sourceName(), null, object, ix.method().toUpperCase(Locale.ROOT)
                    + " index has no SQL Server equivalent", suggestion(table, ix));
            return List.of();
        }
        if (ix.columns().size() > NONCLUSTERED_KEY_COLUMNS) {
            note(Issue.INDEX_TOO_WIDE, table.sourceName(), null, object, "the index has " + ix.columns().size()
                    + " key columns; SQL Server allows " + NONCLUSTERED_KEY_COLUMNS, null);
            return List.of();
        }
        ExpressionTranslator tr = translator(table, null);
        List<String> statements = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        int n = 0;
        for (Index.IndexColumn k : ix.columns()) {
            n++;
            if (!k.expression()) {
                if (unindexable(table, List.of(k.nameOrExpression()), object)) {
                    return List.of();
                }
                keys.add(d.quote(table.column(k.nameOrExpression()).map(TargetColumn::name)
                        .orElse(k.nameOrExpression())) + (k.descending() ? " DESC" : " ASC"));
                continue;
            }
            // the computed column takes its inputs' type: over an NVARCHAR(MAX) column it is MAX too, which SQL
            // Server cannot index (Msg 1919 would stop the finalize step)
            List<String> inputs = ExpressionTranslator.columnsOf(k.nameOrExpression()).stream()
                    .filter(w -> table.column(w).isPresent()).toList();
            if (unindexable(table, inputs, object)) {
                return List.of();
            }
            Optional<String> expr = tr.value(k.nameOrExpression());
            if (expr.isEmpty()) {
                note(Issue.INDEX_NOT_CONVERTED, table.sourceName(), null, object, "index expression "
                        + k.nameOrExpression() + " has no T-SQL translation", null);
                return List.of();
            }
            String computed = computedColumnName(table, ix, k.nameOrExpression(), n);
            String add = d.computedColumn(target, d.quote(computed), expr.get());
            note(Issue.INDEX_ON_COMPUTED_COLUMN, table.sourceName(), null, object, "expression "
                    + k.nameOrExpression() + " is indexed through the computed column " + computed
                    + " that MigrateDB adds to the table", "ALTER TABLE " + target + " ADD " + d.quote(computed)
                    + " AS (" + expr.get() + ")");
            if (add == null) {
                return List.of(); // a dialect without computed columns (its hook returns null) skips the index
            }
            statements.add(add);
            keys.add(d.quote(computed) + (k.descending() ? " DESC" : " ASC"));
        }
        boolean unique = ix.unique();
        String where = "";
        // SQL Server's unique index holds one NULL, PostgreSQL's any number: filtered to rows without NULLs in
        // its nullable key columns, as unique constraints are (a filter cannot name a computed column)
        List<String> notNull = !unique ? List.of() : ix.columns().stream()
                .filter(k -> !k.expression() && table.source().column(k.nameOrExpression())
                        .map(Column::nullable).orElse(false))
                .map(k -> d.quote(table.column(k.nameOrExpression()).map(TargetColumn::name)
                        .orElse(k.nameOrExpression())) + " IS NOT NULL")
                .toList();
        if (ix.predicate() != null) {
            Optional<String> filter = tr.filter(ix.predicate());
            if (filter.isEmpty() && unique) {
                note(Issue.INDEX_NOT_CONVERTED, table.sourceName(), null, object, "unique partial index: its "
                        + "predicate " + ix.predicate() + " is outside SQL Server's filtered-index grammar (column "
                        + "op constant, IS [NOT] NULL, IN, joined by AND)", "enforce the rule in a trigger, or "
                        + "with a unique index on a computed column that is NULL outside the predicate");
                return List.of();
            }
            if (filter.isEmpty()) {
                note(Issue.INDEX_WIDENED, table.sourceName(), null, object, "partial index predicate "
                        + ix.predicate() + " is outside SQL Server's filtered-index grammar: the index is created "
                        + "over the whole table", null);
            } else {
                String clause = d.indexFilter(Stream.concat(Stream.of(filter.get()), notNull.stream())
                        .collect(Collectors.joining(" AND ")));
                if (clause == null) {
                    unique = false; // a dialect without filtered indexes: a plain index keeps the lookups
                } else {
                    where = clause;
                }
            }
        } else if (!notNull.isEmpty()) {
            // a dialect without filtered indexes (H2) already lets a unique index hold many NULLs
            where = Objects.requireNonNullElse(d.indexFilter(String.join(" AND ", notNull)), "");
        }
        String include = ix.include().isEmpty() ? "" : d.includeClause(ix.include().stream()
                .map(c -> d.quote(table.column(c).map(TargetColumn::name).orElse(c))).toList());
        String name = indexName(table, ix.name());
        statements.add("CREATE " + (unique ? d.uniqueKeyword() : "") + d.indexKind() + "INDEX " + d.quote(name)
                + " ON " + target + " (" + String.join(", ", keys) + ")" + include + where);
        if (unique && where.isEmpty() && ix.columns().stream().noneMatch(Index.IndexColumn::expression)) {
            statements.addAll(d.uniqueKeyComparison(table, target, name, ix.columns().stream()
                    .map(Index.IndexColumn::nameOrExpression).toList()));
        }
        return statements;
    }

    private String computedColumnName(TargetTable table, Index ix, String expression, int position) {
        List<String> words = ExpressionTranslator.columnsOf(expression);
        String base = words.size() >= 2 ? words.get(1) + "_" + words.get(0) : ix.name() + "_expr" + position;
        String name = ObjectNames.fit(base);
        Set<String> taken = table.columns().stream().map(c -> ObjectNames.fold(c.name())).collect(Collectors.toSet());
        for (int n = 2; taken.contains(ObjectNames.fold(name)); n++) {
            name = ObjectNames.fit(base + "_" + n);
        }
        return name;
    }

    /** What we would suggest instead of an index SQL Server has no equivalent for. */
    private String suggestion(TargetTable table, Index ix) {
        String target = d.qualify(table.schema(), table.name());
        String cols = ix.columns().stream().map(Index.IndexColumn::nameOrExpression).collect(Collectors.joining(", "));
        List<String> types = ix.columns().stream().filter(k -> !k.expression())
                .map(k -> table.source().column(k.nameOrExpression()).map(Column::baseType).orElse(""))
                .toList();
        if (types.contains("tsvector")) {
            return "CREATE FULLTEXT CATALOG [ftc] ; CREATE FULLTEXT INDEX ON " + target + " (<text columns>) "
                    + "KEY INDEX <primary key index>";
        }
        if (types.contains("jsonb") || types.contains("json")) {
            return "ALTER TABLE " + target + " ADD [<name>] AS JSON_VALUE(" + d.quote(cols)
                    + ", '$.<path>'); CREATE NONCLUSTERED INDEX [<name>_idx] ON " + target + " ([<name>])";
        }
        if ("brin".equals(ix.method())) {
            return "CREATE NONCLUSTERED INDEX " + d.quote(ix.name()) + " ON " + target + " (" + ix.columns().stream()
                    .map(k -> d.quote(k.nameOrExpression())).collect(Collectors.joining(", ")) + ")";
        }
        return "no direct equivalent for a " + ix.method() + " index on (" + cols + "); review the queries it serves";
    }

    /** CHECK constraints of the table, of its columns' domains, and the label lists of its enum columns. */
    public List<String> createChecks(TargetTable table) {
        List<String> out = new ArrayList<>();
        String target = d.qualify(table.schema(), table.name());
        for (CheckConstraint ck : table.source().checks()) {
            addCheck(out, table, target, ck.name(), ck.expression(), ck.validated(), null);
        }
        for (TargetColumn c : table.columns()) {
            for (UserType u : userTypes) {
                if (u.kind() == UserType.Kind.DOMAIN && u.displayName().equals(c.source().sourceType())) {
                    int n = 0;
                    for (String expr : u.checks()) {
                        String wanted = table.name() + "_" + c.name() + "_" + u.name() + (n++ == 0 ? "" : "_" + n)
                                + "_check";
                        addCheck(out, table, target, wanted, expr, true, c.source().name());
                    }
                }
                if (u.kind() == UserType.Kind.ENUM && u.name().equals(c.source().baseType()) && !u.labels().isEmpty()
                        && c.source().kind() != Column.TypeKind.ARRAY && !c.protectedColumn()) {
                    String list = u.labels().stream().map(d::literal).collect(Collectors.joining(", "));
                    out.add("ALTER TABLE " + target + d.checkOption(true) + " ADD CONSTRAINT "
                            + d.quote(constraintName(table, table.name() + "_" + c.name() + "_enum_check", false))
                            + " CHECK (" + d.quote(c.name()) + " IN (" + list + "))");
                }
            }
        }
        return out;
    }

    private void addCheck(List<String> out, TargetTable table, String target, String name, String expression,
                          boolean validated, String domainColumn) {
        boolean touchesProtected = table.columns().stream().anyMatch(c -> c.protectedColumn()
                && (expression.contains(c.source().name()) || c.source().name().equals(domainColumn)));
        Optional<String> predicate = touchesProtected ? Optional.empty()
                : translator(table, domainColumn).predicate(expression);
        if (predicate.isEmpty()) {
            note(Issue.CHECK_NOT_TRANSLATED, table.sourceName(), domainColumn, name, "CHECK " + expression
                    + (touchesProtected ? " reads an encrypted column" : " has no T-SQL translation")
                    + "; it is not created", null);
            return;
        }
        out.add("ALTER TABLE " + target + d.checkOption(validated) + " ADD CONSTRAINT "
                + d.quote(constraintName(table, name, false)) + " CHECK (" + predicate.get() + ")");
    }

    private ExpressionTranslator translator(TargetTable table, String domainColumn) {
        return new ExpressionTranslator(d, table::column, domainColumn);
    }

    /**
     * Foreign keys, created trusted (WITH CHECK) unless PostgreSQL holds them NOT VALID. Keys in {@code noAction}
     * ("schema.table.name") get NO ACTION because SQL Server refuses their cascade (multiple paths or a cycle).
     */
    public List<String> createForeignKeys(TargetTable table, Function<String, TargetTable> tables,
                                          Set<String> noAction) {
        List<String> out = new ArrayList<>();
        for (ForeignKey fk : table.source().foreignKeys()) {
            TargetTable ref = tables.apply(fk.referencedQualifiedName());
            if (ref == null) {
                note(Issue.EXCLUDED_REFERENCE, table.sourceName(), String.join(", ", fk.columns()), fk.name(),
                        "foreign key " + fk.name() + " references " + fk.referencedQualifiedName()
                                + ", which is not migrated; the key is not created", null);
                continue;
            }
            Optional<Key> filtered = ref.source().uniqueKeys().stream()
                    .filter(k -> k.columns().equals(fk.referencedColumns()) && k.columns().stream()
                            .anyMatch(c -> ref.source().column(c).map(Column::nullable).orElse(false)))
                    .findFirst();
            boolean referencesPk = ref.source().primaryKey() != null
                    && ref.source().primaryKey().columns().equals(fk.referencedColumns());
            if (filtered.isPresent() && !referencesPk) {
                note(Issue.FOREIGN_KEY_NOT_CONVERTED, table.sourceName(), String.join(", ", fk.columns()), fk.name(),
                        "foreign key " + fk.name() + " references the unique key " + filtered.get().name()
                                + " over nullable columns, which becomes a filtered unique index that SQL Server "
                                + "cannot reference; the key is not created",
                        "declare the referenced columns NOT NULL in PostgreSQL, or enforce the reference in a trigger");
                continue;
            }
            String onDelete = action(fk.onDelete());
            String onUpdate = action(fk.onUpdate());
            if (noAction.contains(table.sourceName() + "." + fk.name())) {
                onDelete = "NO ACTION";
                onUpdate = "NO ACTION";
            }
            out.add("ALTER TABLE " + d.qualify(table.schema(), table.name()) + d.checkOption(fk.validated())
                    + " ADD CONSTRAINT " + d.quote(constraintName(table, fk.name(), false)) + " FOREIGN KEY ("
                    + columnList(table, fk.columns()) + ") REFERENCES " + d.qualify(ref.schema(), ref.name()) + " ("
                    + columnList(ref, fk.referencedColumns()) + ") ON DELETE " + onDelete + " ON UPDATE " + onUpdate);
        }
        return out;
    }

    /** SQL Server has no RESTRICT; NO ACTION is checked at statement end, which is what RESTRICT means here. */
    static String action(String pgAction) {
        return "RESTRICT".equals(pgAction) ? "NO ACTION" : pgAction;
    }

    /** Table and column comments as MS_Description extended properties. */
    public List<String> comments(TargetTable table) {
        List<String> out = new ArrayList<>();
        if (table.source().comment() != null) {
            add(out, d.describe(table.schema(), table.name(), null, table.source().comment()));
        }
        for (TargetColumn c : table.columns()) {
            if (c.source().comment() != null) {
                add(out, d.describe(table.schema(), table.name(), c.name(), c.source().comment()));
            }
        }
        return out;
    }

    private static void add(List<String> out, String statement) {
        if (statement != null) {
            out.add(statement);
        }
    }

    // --- sync phase -------------------------------------------------------------------------------------------

    /** The identity column continues at the source sequence's next value, with the sequence's increment. */
    public List<String> syncIdentity(TargetTable table, TargetColumn column, Sequence s) {
        return d.syncIdentity(table, column, s.nextValue(), s.increment());
    }

    public List<String> restartSequence(Sequence s) {
        return List.of("ALTER SEQUENCE " + d.qualify(targetSchema.apply(s.schema()), sequenceName(s))
                + " RESTART WITH " + s.nextValue());
    }

    String columnList(TargetTable table, List<String> sourceColumns) {
        return sourceColumns.stream().map(c -> d.quote(table.column(c).map(TargetColumn::name).orElse(c)))
                .collect(Collectors.joining(", "));
    }
}
