package migratedb.assess;

import migratedb.mapping.KeyCollations;
import migratedb.mapping.SchemaPlan;
import migratedb.mapping.SqlType;
import migratedb.model.Catalog;
import migratedb.model.CheckConstraint;
import migratedb.model.Column;
import migratedb.model.ForeignKey;
import migratedb.model.Index;
import migratedb.model.Key;
import migratedb.model.SchemaNote;
import migratedb.model.SchemaObject;
import migratedb.model.Sequence;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;
import migratedb.source.postgres.PostgresDataChecks;
import migratedb.source.postgres.PostgresDataChecks.ColumnCheck;
import migratedb.source.postgres.PostgresDataChecks.KeyCheck;
import migratedb.source.postgres.PostgresDataChecks.RowCheck;
import migratedb.sink.TargetDialect;
import migratedb.sink.sqlserver.SqlServerDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pre-migration assessment: what converts and what does not (from the schema plan's notes), which of the
 * source's VALUES SQL Server will refuse or treat differently (one pass per table over the source data), and whether
 * the target database is ready (empty, expected collation).
 */
public final class Assessor {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.assess");
    private static final Set<String> TEXT_TYPES = Set.of("text", "varchar", "bpchar", "name", "citext");

    private final PostgresDataChecks checks = new PostgresDataChecks();

    /**
     * What to check against.
     *
     * @param collation         the target collation (target.collation): decides case and accent rules
     * @param allowed           blocking kinds the administrator allowed (assess.allow)
     * @param checkTargetEmpty  report a target that holds tables (not for resume and verify)
     * @param excludedTables    schema.table names not migrated (listed as objects not converted)
     * @param credentialNames       assess.credentialNames: names that say a table or column holds a secret
     * @param notCredential         assess.notCredential: schema.table[.column] declared to hold none
     */
    /**
     * @param columnsCanBeProtected false with target.encryption=none: no symmetric key, so migration.protectedColumns
     *                              is no way out and the findings must not offer it
     */
    public record Options(String collation, Set<FindingKind> allowed, boolean checkTargetEmpty,
                          List<String> excludedTables, CredentialNames credentialNames, Set<String> notCredential,
                          boolean columnsCanBeProtected) {
    }

    /**
     * @param source a connection to the source (reads only)
     * @param target a connection to the target, or null when it is not reachable (a warning says so)
     */
    public Assessment assess(String runId, Catalog catalog, SchemaPlan plan, Connection source,
                             TargetDialect dialect, Connection target, String sourceUrl, String targetUrl,
                             Options options) throws SQLException {
        List<TableData> data = new ArrayList<>();
        for (TargetTable t : plan.tables()) {
            data.add(dataFindings(source, t, options));
        }
        return assessScanned(runId, catalog, plan, data, dialect, target, sourceUrl, targetUrl, options);
    }

    /**
     * The same with the source's data already checked, table by table in the plan's order ({@link #dataFindings}):
     * a caller may check several tables at once, each on a connection of its own.
     */
    public Assessment assessScanned(String runId, Catalog catalog, SchemaPlan plan, List<TableData> dataFindings,
                                    TargetDialect dialect, Connection target, String sourceUrl, String targetUrl,
                                    Options options) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        for (SchemaNote n : plan.notes()) {
            findings.add(fromNote(n));
        }
        findings.addAll(secrets(catalog, plan, options));
        List<KeyCollations.Collision> collisions = new ArrayList<>();
        for (TableData d : dataFindings) {
            findings.addAll(d.findings());
            collisions.addAll(d.collisions());
        }
        List<KeyCollations.ColumnCollation> collations = options.allowed().contains(FindingKind.COLLATION_DUPLICATE)
                ? KeyCollations.decide(plan.tables(), collisions, options.collation()) : List.of();
        for (KeyCollations.ColumnCollation c : collations) {
            findings.add(Finding.of(FindingKind.BINARY_COLLATION, c.table(), c.column(), 1, List.of(c.collation()),
                    c.table() + "." + c.column() + " is created with COLLATE " + c.collation() + ": " + c.reason()));
        }
        findings.addAll(identityOverflow(catalog, plan));
        if (target == null) {
            findings.add(Finding.of(FindingKind.TARGET_NOT_CHECKED, null, null, 0, List.of(),
                    "no connection to the target " + targetUrl));
        } else {
            findings.addAll(targetChecks(target, dialect, options));
        }
        List<Finding> marked = findings.stream()
                .map(f -> f.allow(options.allowed().stream().anyMatch(k -> k.id().equals(f.kind())))).toList();
        return new Assessment(runId, Instant.now(), sourceUrl, catalog.serverVersion(), targetUrl, options.collation(),
                options.allowed().stream().map(FindingKind::id).sorted().toList(), marked,
                objects(catalog, plan, options.excludedTables()), collations);
    }

    private static Finding fromNote(SchemaNote n) {
        FindingKind kind = switch (n.issue()) {
            case LOSSY_TYPE -> FindingKind.LOSSY_TYPE;
            case TYPE_OVERRIDE -> FindingKind.TYPE_OVERRIDE;
            case CHECK_NOT_TRANSLATED -> FindingKind.CHECK_NOT_TRANSLATED;
            case DEFAULT_NOT_TRANSLATED -> FindingKind.DEFAULT_NOT_TRANSLATED;
            case INDEX_NOT_CONVERTED, INDEX_WIDENED -> FindingKind.INDEX_NOT_CONVERTED;
            case INDEX_ON_COMPUTED_COLUMN -> FindingKind.COMPUTED_COLUMN_ADDED;
            case GENERATED_COLUMN_COPIED -> FindingKind.GENERATED_COLUMN_COPIED;
            case OBJECT_NOT_CONVERTED, COMMENT_NOT_CONVERTED -> FindingKind.OBJECT_NOT_CONVERTED;
            case TABLE_INHERITANCE -> FindingKind.TABLE_INHERITANCE;
            case NAME_COLLISION -> FindingKind.NAME_COLLISION;
            case NAME_CHANGED -> FindingKind.NAME_CHANGED;
            case RESERVED_WORD -> FindingKind.RESERVED_WORD;
            case CASCADE_PATH -> FindingKind.CASCADE_PATH;
            case FOREIGN_KEY_NOT_CONVERTED -> FindingKind.FOREIGN_KEY_NOT_CONVERTED;
            case EXCLUDED_REFERENCE -> FindingKind.EXCLUDED_REFERENCE;
            case INDEX_TOO_WIDE -> FindingKind.INDEX_TOO_WIDE;
        };
        String detail = n.detail() + (n.suggestion() == null ? "" : " Suggested: " + n.suggestion());
        return Finding.of(kind, n.table(), n.column() != null ? n.column() : n.object(), 1, List.of(), detail);
    }

    /** Tables and text or binary columns named like secrets that would arrive in plain text. */
    private static List<Finding> secrets(Catalog catalog, SchemaPlan plan, Options options) {
        List<Finding> out = new ArrayList<>();
        for (CredentialNames.Candidate c : options.credentialNames().unprotected(catalog, plan, options.excludedTables(),
                options.notCredential())) {
            String detail;
            if (!options.columnsCanBeProtected()) {
                detail = (c.column() == null ? "table " + c.table() + " is named like it holds secrets ('"
                        : c.name() + " (" + c.type() + ") is named like a secret ('") + c.word() + "'): copied in "
                        + "plain text unless migration.excludedTables names " + (c.column() == null ? "it" : "its table")
                        + " or assess.notCredential names it (target.encryption=none: there is no symmetric key, so "
                        + "migration.protectedColumns cannot protect it; choose default or custom to protect it)";
            } else {
                detail = c.column() == null
                        ? "table " + c.table() + " is named like it holds secrets ('" + c.word() + "'): copied in "
                        + "plain text unless migration.excludedTables or assess.notCredential names it, or "
                        + "migration.protectedColumns names its secret columns"
                        : c.name() + " (" + c.type() + ") is named like a secret ('" + c.word() + "'): copied in "
                        + "plain text unless migration.protectedColumns or assess.notCredential names it, or "
                        + "migration.excludedTables its table";
            }
            out.add(Finding.of(FindingKind.CREDENTIAL_NOT_PROTECTED, c.table(), c.column(), 1, List.of(), detail));
        }
        return out;
    }

    // --- data -------------------------------------------------------------------------------------------------

    /**
     * What the checks of one table's data found: its findings, and its keys whose values collide under the target
     * collation (an allowed collation-duplicate gives their columns a binary collation).
     */
    public record TableData(List<Finding> findings, List<KeyCollations.Collision> collisions) {
        public TableData {
            findings = List.copyOf(findings);
            collisions = List.copyOf(collisions);
        }
    }

    /** The checks of one table's data: one pass over its rows, and a query per key compared under the collation. */
    public TableData dataFindings(Connection source, TargetTable t, Options options) throws SQLException {
        long start = System.nanoTime();
        List<KeyCollations.Collision> collisions = new ArrayList<>();
        List<Finding> found = dataChecks(source, t, options, collisions);
        LOG.info("Assessed the data of {} in {} ms", t.sourceName(), (System.nanoTime() - start) / 1_000_000);
        return new TableData(found, collisions);
    }

    private List<Finding> dataChecks(Connection source, TargetTable t, Options options,
                                     List<KeyCollations.Collision> collisions) throws SQLException {
        List<ColumnCheck> rowChecks = new ArrayList<>();
        Map<ColumnCheck, FindingKind> kinds = new java.util.LinkedHashMap<>();
        for (TargetColumn c : t.columns()) {
            if (c.protectedColumn()) {
                continue; // values travel encrypted; another engineer's checks apply
            }
            SqlType type = SqlType.parse(c.sqlType()).orElse(null);
            if (type == null) {
                continue;
            }
            String base = c.source().baseType();
            String col = c.source().name();
            boolean arrayOrOther = c.source().kind() == Column.TypeKind.ARRAY || base.startsWith("_");
            if (arrayOrOther) {
                continue;
            }
            boolean numericTarget = type.integerRange() != null || type.decimalPrecisionScale() != null
                    || c.valueKind() == ValueKind.FLOAT32 || c.valueKind() == ValueKind.FLOAT64;
            if (Set.of("float4", "float8", "numeric").contains(base) && numericTarget) {
                add(rowChecks, kinds, new ColumnCheck(RowCheck.NON_FINITE, col, base, List.of()),
                        FindingKind.NAN_INFINITY);
            }
            if ("numeric".equals(base) && type.decimalPrecisionScale() != null) {
                int[] ps = type.decimalPrecisionScale();
                Integer sp = c.source().precision();
                Integer ss = c.source().scale();
                // integer digits the source allows: numeric(38,-5) holds 43 of them, numeric(2,5) none
                if (sp == null || sp - ss > ps[0] - ps[1]) {
                    add(rowChecks, kinds, new ColumnCheck(RowCheck.NUMERIC_INTEGER_DIGITS, col, base,
                            List.of(ps[0] - ps[1])), FindingKind.NUMERIC_OVERFLOW);
                }
                if (ss == null || ss > ps[1]) {
                    add(rowChecks, kinds, new ColumnCheck(RowCheck.NUMERIC_SCALE, col, base, List.of(ps[1])),
                            FindingKind.NUMERIC_ROUNDED);
                }
            }
            if ("numeric".equals(base) && type.integerRange() != null) {
                add(rowChecks, kinds, new ColumnCheck(RowCheck.NUMERIC_SCALE, col, base, List.of(0)),
                        FindingKind.NUMERIC_ROUNDED);
            }
            if (type.integerRange() != null && !fits(base, type)) {
                long[] r = type.integerRange();
                add(rowChecks, kinds, new ColumnCheck(RowCheck.INTEGER_RANGE, col, base, List.of(r[0], r[1])),
                        FindingKind.INTEGER_OVERFLOW);
            }
            if (Set.of("date", "timestamp", "timestamptz").contains(base)
                    && Set.of(ValueKind.DATE, ValueKind.TIMESTAMP, ValueKind.TIMESTAMPTZ).contains(c.valueKind())) {
                add(rowChecks, kinds, new ColumnCheck(RowCheck.TEMPORAL_RANGE, col, base, List.of()),
                        FindingKind.DATE_OUT_OF_RANGE);
            }
            if ("time".equals(base) && c.valueKind() == ValueKind.TIME) {
                add(rowChecks, kinds, new ColumnCheck(RowCheck.TIME_24, col, base, List.of()), FindingKind.TIME_24);
            }
            boolean textSource = TEXT_TYPES.contains(base) || c.note() != null && c.note().startsWith("override");
            if (c.valueKind() == ValueKind.STRING && textSource && !type.isMax() && type.capacity() < Long.MAX_VALUE) {
                add(rowChecks, kinds, new ColumnCheck(RowCheck.TEXT_LENGTH, col, base,
                        List.of(type.capacity(), type.capacity())), FindingKind.VALUE_TOO_LONG);
            }
            if (c.valueKind() == ValueKind.STRING && !type.unicode()) {
                add(rowChecks, kinds, new ColumnCheck(RowCheck.NON_ASCII, col, base, List.of()),
                        FindingKind.NON_UNICODE_TEXT);
            }
            if (c.valueKind() == ValueKind.BYTES && !type.isMax()) {
                add(rowChecks, kinds, new ColumnCheck(RowCheck.BYTES_LENGTH, col, base, List.of(type.capacity())),
                        FindingKind.VALUE_TOO_LONG);
            }
        }
        List<KeyCheck> keyChecks = keyChecks(t);
        List<Finding> out = new ArrayList<>();
        for (PostgresDataChecks.Result r : checks.scan(source, t.source(), rowChecks, keyChecks)) {
            if (r.count() == 0) {
                continue;
            }
            if (r.check() instanceof KeyCheck k) {
                out.add(Finding.of(FindingKind.INDEX_KEY_TOO_LONG, t.sourceName(), k.name(), r.count(), r.samples(),
                        r.count() + " row(s) have a key of " + k.name() + " longer than " + k.limit()
                                + " bytes as SQL Server stores it"));
            } else {
                ColumnCheck cc = rowChecks.stream().filter(c -> c.check() == r.check() && c.column()
                        .equals(r.column())).findFirst().orElseThrow();
                FindingKind kind = kinds.get(cc);
                out.add(Finding.of(kind, t.sourceName(), r.column(), r.count(), r.samples(), r.count() + " row(s) of "
                        + t.sourceName() + "." + r.column() + " (" + t.column(r.column()).map(TargetColumn::sqlType)
                        .orElse("?") + "): " + kind.title().toLowerCase(Locale.ROOT)));
            }
        }
        out.addAll(keyCollisions(source, t, options, collisions));
        return out;
    }

    private static void add(List<ColumnCheck> list, Map<ColumnCheck, FindingKind> kinds, ColumnCheck c,
                            FindingKind kind) {
        list.add(c);
        kinds.put(c, kind);
    }

    /** True when every value of the source type fits the target integer type. */
    private static boolean fits(String base, SqlType type) {
        long[] r = type.integerRange();
        return switch (base) {
            case "int2" -> r[0] <= Short.MIN_VALUE && r[1] >= Short.MAX_VALUE;
            case "int4" -> r[0] <= Integer.MIN_VALUE && r[1] >= Integer.MAX_VALUE;
            case "int8" -> r[0] <= Long.MIN_VALUE && r[1] >= Long.MAX_VALUE;
            default -> false;
        };
    }

    /** Keys whose declared size may exceed SQL Server's limit: measured on the data. */
    private static List<KeyCheck> keyChecks(TargetTable t) {
        List<KeyCheck> out = new ArrayList<>();
        Key pk = t.source().primaryKey();
        if (pk != null) {
            keyCheck(t, pk.name(), pk.columns(), 900).ifPresent(out::add);
        }
        for (Key uk : t.source().uniqueKeys()) {
            keyCheck(t, uk.name(), uk.columns(), 1700).ifPresent(out::add);
        }
        for (Index ix : t.source().indexes()) {
            if (("btree".equals(ix.method()) || "hash".equals(ix.method()))
                    && ix.columns().stream().noneMatch(Index.IndexColumn::expression)) {
                keyCheck(t, ix.name(), ix.columns().stream().map(Index.IndexColumn::nameOrExpression).toList(), 1700)
                        .ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<KeyCheck> keyCheck(TargetTable t, String name, List<String> columns, long limit) {
        long declared = 0;
        long fixed = 0;
        List<String> unicode = new ArrayList<>();
        List<String> bytes = new ArrayList<>();
        for (String col : columns) {
            Optional<TargetColumn> c = t.column(col);
            SqlType type = c.flatMap(x -> SqlType.parse(x.sqlType())).orElse(null);
            if (type == null || c.get().protectedColumn()) {
                return Optional.empty();
            }
            long max = type.maxKeyBytes();
            declared = max == Long.MAX_VALUE || declared == Long.MAX_VALUE ? Long.MAX_VALUE : declared + max;
            boolean variable = Set.of("NVARCHAR", "VARCHAR", "VARBINARY").contains(type.name());
            if (variable && type.unicode()) {
                unicode.add(col);
            } else if (variable) {
                bytes.add(col);
            } else {
                fixed += max == Long.MAX_VALUE ? 0 : max;
            }
        }
        if (declared <= limit || (unicode.isEmpty() && bytes.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new KeyCheck(name, unicode, bytes, fixed, limit));
    }

    /**
     * Keys whose text values are distinct in PostgreSQL but equal in SQL Server: under the target collation
     * (collation-duplicate, which a binary collation removes; each such key goes into {@code collisions}), and by
     * trailing spaces alone (trailing-space-duplicate, which SQL Server ignores under every collation).
     */
    private List<Finding> keyCollisions(Connection source, TargetTable t, Options options,
                                        List<KeyCollations.Collision> collisions) throws SQLException {
        String collation = options.collation().toUpperCase(Locale.ROOT);
        boolean binary = collation.contains("_BIN");
        boolean ci = !binary && !collation.contains("_CS");
        boolean ai = !binary && collation.contains("_AI");
        List<Finding> out = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        if (t.source().primaryKey() != null) {
            keys.add(t.source().primaryKey());
        }
        keys.addAll(t.source().uniqueKeys());
        for (Index ix : t.source().indexes()) {
            if (ix.unique() && ix.predicate() == null && ix.columns().stream().noneMatch(Index.IndexColumn::expression)) {
                keys.add(new Key(ix.name(), ix.columns().stream().map(Index.IndexColumn::nameOrExpression).toList()));
            }
        }
        for (Key k : keys) {
            List<String> text = k.columns().stream().filter(c -> t.column(c).map(tc -> tc.valueKind()
                    == ValueKind.STRING && !tc.protectedColumn() && (TEXT_TYPES.contains(tc.source().baseType())
                    || tc.source().kind() == Column.TypeKind.ENUM)).orElse(false)).toList();
            if (text.isEmpty()) {
                continue;
            }
            PostgresDataChecks.Result trailing = checks.trailingSpaceDuplicates(source, t.source(), k.name(),
                    k.columns(), text);
            if (trailing.count() > 0) {
                out.add(Finding.of(FindingKind.TRAILING_SPACE_DUPLICATE, t.sourceName(), String.join(", ",
                        k.columns()), trailing.count(), trailing.samples(), trailing.count() + " group(s) of "
                        + k.name() + " values differ only by trailing spaces, which SQL Server ignores under every "
                        + "collation, binary ones included: SQL Server refuses the key whatever MigrateDB does. "
                        + "The samples name the rows (by the primary key, in parentheses after each value when the "
                        + "key is another): change or delete all but one row of each group in PostgreSQL"));
            }
            if ((!ci && !ai) || skipped(FindingKind.COLLATION_DUPLICATE)) {
                continue; // a binary or case- and accent-sensitive collation: only trailing spaces collide
            }
            PostgresDataChecks.Result r = checks.collationDuplicates(source, t.source(), k.name(), k.columns(), text,
                    ci, ai);
            if (r.count() > 0) {
                collisions.add(new KeyCollations.Collision(t.sourceName(), k.name(), text,
                        r.samples().isEmpty() ? null : r.samples().get(0)));
                out.add(Finding.of(FindingKind.COLLATION_DUPLICATE, t.sourceName(), String.join(", ", k.columns()),
                        r.count(), r.samples(), r.count() + " group(s) of " + k.name() + " values are distinct in "
                                + "PostgreSQL but equal under " + options.collation() + " ("
                                + (ci ? "case-insensitive" : "") + (ci && ai ? ", " : "")
                                + (ai ? "accent-insensitive" : "") + "): SQL Server refuses the key unless its "
                                + "columns get a binary collation (allow collation-duplicate)"));
            }
        }
        return out;
    }

    /**
     * Test-only: the checks named in the system property {@code migratedb.test.skipChecks} (finding kinds, comma
     * separated) are not run, so a test can show what the target does with data the assessment would have stopped.
     * No setting reaches it; it is never set in production.
     */
    private static boolean skipped(FindingKind kind) {
        return List.of(System.getProperty("migratedb.test.skipChecks", "").split(",")).contains(kind.id());
    }

    /** A sequence whose next value does not fit the column type it feeds. */
    private static List<Finding> identityOverflow(Catalog catalog, SchemaPlan plan) {
        List<Finding> out = new ArrayList<>();
        for (Sequence s : catalog.sequences()) {
            Set<String> users = new HashSet<>(s.usedBy());
            if (s.ownedBy() != null) {
                users.add(s.ownedBy());
            }
            for (String user : users) {
                int dot = user.lastIndexOf('.');
                Optional<TargetColumn> c = plan.table(user.substring(0, dot))
                        .flatMap(t -> t.column(user.substring(dot + 1)));
                Optional<long[]> range = c.flatMap(x -> SqlType.parse(x.sqlType())).map(SqlType::integerRange);
                if (range.isPresent() && (s.nextValue() > range.get()[1] || s.nextValue() < range.get()[0])) {
                    out.add(Finding.of(FindingKind.IDENTITY_OVERFLOW, user.substring(0, dot), user.substring(dot + 1),
                            1, List.of(s.schema() + "." + s.name() + " next value " + s.nextValue()),
                            "sequence " + s.schema() + "." + s.name() + " continues at " + s.nextValue()
                                    + ", beyond " + c.get().sqlType()));
                }
            }
        }
        return out;
    }

    // --- target -----------------------------------------------------------------------------------------------

    private static List<Finding> targetChecks(Connection target, TargetDialect dialect, Options options)
            throws SQLException {
        List<Finding> out = new ArrayList<>();
        if (options.checkTargetEmpty()) {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement ps = target.prepareStatement(dialect.userTablesQuery());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1) + "." + rs.getString(2));
                }
            }
            if (!tables.isEmpty()) {
                out.add(Finding.of(FindingKind.TARGET_NOT_EMPTY, null, null, tables.size(),
                        tables.subList(0, Math.min(5, tables.size())), "the target database holds " + tables.size()
                                + " table(s)"));
            }
        }
        String query = dialect instanceof SqlServerDialect ss ? ss.collationQuery() : null;
        if (query != null) {
            try (PreparedStatement ps = target.prepareStatement(query); ResultSet rs = ps.executeQuery()) {
                String actual = rs.next() ? rs.getString(1) : null;
                if (actual != null && !actual.equalsIgnoreCase(options.collation())) {
                    out.add(Finding.of(FindingKind.COLLATION_MISMATCH, null, null, 1, List.of(actual),
                            "the target database uses " + actual + "; target.collation is " + options.collation()));
                }
            }
        }
        return out;
    }

    // --- objects ----------------------------------------------------------------------------------------------

    private static final Set<SchemaNote.Issue> NOT_CREATED = Set.of(SchemaNote.Issue.CHECK_NOT_TRANSLATED,
            SchemaNote.Issue.INDEX_NOT_CONVERTED, SchemaNote.Issue.FOREIGN_KEY_NOT_CONVERTED,
            SchemaNote.Issue.EXCLUDED_REFERENCE, SchemaNote.Issue.INDEX_TOO_WIDE);

    private static List<AssessedObject> objects(Catalog catalog, SchemaPlan plan, List<String> excluded) {
        List<AssessedObject> out = new ArrayList<>();
        for (Table t : catalog.tables()) {
            if (excluded.contains(t.qualifiedName())) {
                out.add(new AssessedObject("table", t.qualifiedName(), false, "excluded by migration.excludedTables",
                        null));
                continue;
            }
            out.add(new AssessedObject("table", t.qualifiedName(), true, null, null));
            if (t.primaryKey() != null) {
                out.add(object(plan, t, "primary key", t.primaryKey().name()));
            }
            for (Key k : t.uniqueKeys()) {
                out.add(object(plan, t, "unique", k.name()));
            }
            for (Index ix : t.indexes()) {
                out.add(object(plan, t, "index", ix.name()));
            }
            for (CheckConstraint ck : t.checks()) {
                out.add(object(plan, t, "check", ck.name()));
            }
            for (ForeignKey fk : t.foreignKeys()) {
                out.add(object(plan, t, "foreign key", fk.name()));
            }
        }
        for (Sequence s : catalog.sequences()) {
            out.add(new AssessedObject("sequence", s.schema() + "." + s.name(), true,
                    s.ownedBy() != null && s.usedBy().size() <= 1 ? "IDENTITY of " + s.ownedBy()
                            + " when that column is an integer" : null, null));
        }
        for (SchemaNote n : plan.notes()) {
            if (n.issue() == SchemaNote.Issue.OBJECT_NOT_CONVERTED || n.issue() == SchemaNote.Issue.TABLE_INHERITANCE) {
                out.add(new AssessedObject(kindOf(catalog, n), n.object(), false, n.detail(), n.suggestion()));
            }
        }
        return out;
    }

    private static String kindOf(Catalog catalog, SchemaNote n) {
        return catalog.otherObjects().stream().filter(o -> n.object() != null
                        && n.object().startsWith(o.schema() + "." + o.name()))
                .map(SchemaObject::kind).findFirst().orElse("object");
    }

    private static AssessedObject object(SchemaPlan plan, Table t, String kind, String name) {
        for (SchemaNote n : plan.notes()) {
            if (NOT_CREATED.contains(n.issue()) && t.qualifiedName().equals(n.table()) && name.equals(n.object())) {
                return new AssessedObject(kind, t.qualifiedName() + "." + name, false, n.detail(), n.suggestion());
            }
        }
        for (SchemaNote n : plan.notes()) {
            if (t.qualifiedName().equals(n.table()) && name.equals(n.object())) {
                return new AssessedObject(kind, t.qualifiedName() + "." + name, true, n.detail(), n.suggestion());
            }
        }
        return new AssessedObject(kind, t.qualifiedName() + "." + name, true, null, null);
    }
}
