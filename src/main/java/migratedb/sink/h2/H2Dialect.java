package migratedb.sink.h2;

import migratedb.mapping.SqlType;
import migratedb.model.Index;
import migratedb.model.Key;
import migratedb.model.Sequence;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.sink.BatchWriter;
import migratedb.sink.DdlFailure;
import migratedb.sink.JdbcBatchWriter;
import migratedb.sink.sqlserver.SqlServerDialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The H2 stand-in (MSSQLServer mode) for the demo and CI. It overrides ONLY what H2 rejects — CLUSTERED,
 * DBCC CHECKIDENT, IF OBJECT_ID, WITH CHECK, SYSDATETIME, COLLATE, sys.* catalogs, SQLServerBulkCopy — so the SQL
 * Server dialect's statements stay exactly as SQL Server needs them.
 *
 * <p>Its keys compare as SQL Server's do under target.collation, in H2's own terms. H2 compares strings
 * case-sensitively and keeps trailing spaces significant; SQL Server's default collation ignores case, and every
 * collation ignores trailing spaces (U+0020) in keys. So text columns are {@code VARCHAR_IGNORECASE} under a
 * case-insensitive collation (plain {@code NVARCHAR} where MigrateDB gives a column a binary collation, or under a
 * case-sensitive one), and every text column of a primary key, unique constraint or unique index gets an invisible
 * generated helper column {@code RTRIM(col)} of the same comparison, with a unique constraint over the helpers beside
 * the key itself: a key SQL Server refuses is refused here at the same step (the primary key during the copy,
 * unique keys in finalize), with H2's duplicate-key error. Not modelled: accent-, kana- and width-insensitivity,
 * and plain = in queries, which still sees trailing spaces.</p>
 *
 * <p>Its types refuse what SQL Server's refuse: H2's DOUBLE, REAL and dates hold more (NaN, infinities, any year),
 * so every such column gets a CHECK constraint of SQL Server's range ({@link #valueRangeChecks}).</p>
 */
public class H2Dialect extends SqlServerDialect {

    /** H2 error codes of a broken or closed connection (90067 connection broken, 90098 database closed...). */
    private static final Set<Integer> TRANSIENT_ERRORS = Set.of(90067, 90098, 90121, 90028, 50200);
    private static final int GENERAL_ERROR = 50000;
    private static final Pattern TRANSACTION_ENDED = Pattern.compile("Transaction \\d+ has status \\w+, not OPEN");
    /** A bounded text type: NVARCHAR(n), VARCHAR(n), NCHAR(n), CHAR(n). */
    private static final Pattern BOUNDED_TEXT = Pattern.compile("N?(?:VAR)?CHAR\\((\\d+)\\)");
    /** The suffix of the helper columns and constraints that compare keys as SQL Server does. */
    static final String COMPARISON_SUFFIX = "$cmp";
    /** The suffix of the CHECK constraints that refuse what SQL Server's type of the column cannot hold. */
    static final String RANGE_SUFFIX = "$range";

    private final boolean caseInsensitive;

    /** The stand-in of a SQL Server with its default collation (case-insensitive). */
    public H2Dialect(H2KeyManagement keys) {
        this(keys, "SQL_Latin1_General_CP1_CI_AS");
    }

    /** @param targetCollation target.collation: decides whether text compares case-insensitively */
    public H2Dialect(H2KeyManagement keys, String targetCollation) {
        super(keys);
        String c = targetCollation.toUpperCase(java.util.Locale.ROOT);
        this.caseInsensitive = !c.contains("_BIN") && !c.contains("_CS");
    }

    @Override
    public String name() {
        return "h2";
    }

    /**
     * H2's MSSQLServer mode ends a [bracketed] name at the first ']' and has no ']]' escape, so a name holding ']'
     * is written as a standard "quoted" identifier (quotes doubled) instead; every other name keeps its brackets.
     */
    @Override
    public String quote(String identifier) {
        return identifier.indexOf(']') < 0 ? super.quote(identifier)
                : "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public List<String> createSchema(String schema) {
        return List.of("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
    }

    @Override
    protected String primaryKeyClause() {
        return "PRIMARY KEY";
    }

    @Override
    protected String indexKind() {
        return "";
    }

    @Override
    protected String currentTimestampFunction(String sqlType) {
        return "CURRENT_TIMESTAMP";
    }

    /**
     * In MSSQLServer mode H2 treats NULLs in a unique key as equal, like SQL Server's UNIQUE, and has no filtered
     * index. NULLS DISTINCT gives what SQL Server's filtered unique index gives a key over nullable columns: any
     * number of rows with a NULL, the others unique.
     */
    @Override
    protected String uniqueConstraint(TargetTable table, String target, Key uk, String name) {
        return "ALTER TABLE " + target + " ADD CONSTRAINT " + quote(name) + " UNIQUE NULLS DISTINCT ("
                + columnList(table, uk.columns()) + ")";
    }

    @Override
    protected String uniqueKeyword() {
        return "UNIQUE NULLS DISTINCT ";
    }

    /**
     * H2 has no XML type: the stand-in keeps XML as text. Bounded text compares as the target does: ignoring case
     * (VARCHAR_IGNORECASE) under a case-insensitive collation unless MigrateDB gave the column a binary one.
     */
    @Override
    protected String columnType(TargetColumn c) {
        if (!c.protectedColumn() && c.sqlType().equals("XML")) {
            return "NVARCHAR(MAX)";
        }
        OptionalInt length = textLength(c);
        if (length.isPresent() && ignoresCase(c)) {
            return "VARCHAR_IGNORECASE(" + length.getAsInt() + ")";
        }
        return super.columnType(c);
    }

    /** H2 has no COLLATE: a column's binary collation is its case-sensitive type (see columnType). */
    @Override
    protected String collateClause(TargetColumn c) {
        return "";
    }

    /**
     * An invisible generated column RTRIM(col), of the column's comparison, for every text column of a primary key,
     * unique constraint or unique index: no H2 collation ignores trailing spaces, so a unique constraint over these
     * helpers stands for SQL Server's comparison of the key.
     */
    @Override
    protected List<String> comparisonColumns(TargetTable table) {
        List<String> out = new ArrayList<>();
        for (TargetColumn c : keyTextColumns(table)) {
            out.add(quote(helper(c)) + " " + (ignoresCase(c) ? "VARCHAR_IGNORECASE(" : "NVARCHAR(")
                    + textLength(c).getAsInt() + ") INVISIBLE GENERATED ALWAYS AS (RTRIM(" + quote(c.name()) + "))");
        }
        return out;
    }

    @Override
    protected List<String> primaryKeyComparison(TargetTable table, String constraintName, List<String> keyColumns) {
        return helperColumns(table, keyColumns).map(cols -> List.of("CONSTRAINT " + quote(constraintName
                + COMPARISON_SUFFIX) + " UNIQUE (" + cols + ")")).orElse(List.of());
    }

    @Override
    protected List<String> uniqueKeyComparison(TargetTable table, String qualifiedTable, String name,
                                               List<String> keyColumns) {
        return helperColumns(table, keyColumns).map(cols -> List.of("ALTER TABLE " + qualifiedTable
                + " ADD CONSTRAINT " + quote(name + COMPARISON_SUFFIX) + " UNIQUE NULLS DISTINCT (" + cols + ")"))
                .orElse(List.of());
    }

    /** The key's columns with each text column replaced by its helper; empty when the key has no text column. */
    private Optional<String> helperColumns(TargetTable table, List<String> keyColumns) {
        List<TargetColumn> text = keyTextColumns(table);
        boolean any = false;
        List<String> out = new ArrayList<>();
        for (String k : keyColumns) {
            Optional<TargetColumn> c = table.column(k);
            if (c.isPresent() && text.contains(c.get())) {
                out.add(quote(helper(c.get())));
                any = true;
            } else {
                out.add(quote(c.map(TargetColumn::name).orElse(k)));
            }
        }
        return any ? Optional.of(String.join(", ", out)) : Optional.empty();
    }

    /** Bounded text columns of the primary key, the unique constraints and the plain unique indexes. */
    private List<TargetColumn> keyTextColumns(TargetTable table) {
        Set<String> keyColumns = new LinkedHashSet<>();
        if (table.source().primaryKey() != null) {
            keyColumns.addAll(table.source().primaryKey().columns());
        }
        table.source().uniqueKeys().forEach(k -> keyColumns.addAll(k.columns()));
        for (Index ix : table.source().indexes()) {
            if (ix.unique() && ix.predicate() == null && ix.columns().stream().noneMatch(Index.IndexColumn::expression)) {
                ix.columns().forEach(k -> keyColumns.add(k.nameOrExpression()));
            }
        }
        return table.columns().stream().filter(c -> keyColumns.contains(c.source().name()) && textLength(c)
                .isPresent()).toList();
    }

    /** The helper column's name: the column's, with a suffix no PostgreSQL name in a key is likely to have. */
    private static String helper(TargetColumn c) {
        return c.name() + COMPARISON_SUFFIX;
    }

    private boolean ignoresCase(TargetColumn c) {
        return caseInsensitive && c.collation() == null;
    }

    /** The declared length of a bounded, unencrypted text column. */
    private static OptionalInt textLength(TargetColumn c) {
        if (c.protectedColumn() || c.valueKind() != migratedb.model.ValueKind.STRING) {
            return OptionalInt.empty();
        }
        Matcher m = BOUNDED_TEXT.matcher(c.sqlType());
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /**
     * H2's DOUBLE and REAL hold NaN and the infinities, and its dates run far beyond SQL Server's; SQL Server refuses
     * such a value in its FLOAT, REAL, DATE, DATETIME2, DATETIMEOFFSET, DATETIME or SMALLDATETIME. A CHECK constraint
     * per column refuses the same values here, row by row (NaN compares above every number in H2, so a range
     * excludes it). A value the assessment flagged and the administrator allowed is then refused at the copy,
     * under copy.rejectPolicy, as on SQL Server.
     */
    @Override
    protected List<String> valueRangeChecks(TargetTable table) {
        List<String> out = new ArrayList<>();
        for (TargetColumn c : table.columns()) {
            if (c.protectedColumn()) {
                continue; // ciphertext: the plain value's type is not the column's
            }
            Optional<SqlType> type = SqlType.parse(c.sqlType());
            if (type.isEmpty()) {
                continue;
            }
            String col = quote(c.name());
            String range = switch (type.get().name()) {
                case "REAL" -> finite(col, "REAL", "3.4028235E38");
                case "FLOAT" -> type.get().length() != null && type.get().length() <= 24
                        ? finite(col, "REAL", "3.4028235E38") : finite(col, "DOUBLE PRECISION", "1.7976931348623157E308");
                case "DATE", "DATETIME2", "DATETIMEOFFSET" -> "EXTRACT(YEAR FROM " + col + ") BETWEEN 1 AND 9999";
                case "DATETIME" -> col + " BETWEEN TIMESTAMP '1753-01-01 00:00:00' AND "
                        + "TIMESTAMP '9999-12-31 23:59:59.997'";
                case "SMALLDATETIME" -> col + " BETWEEN TIMESTAMP '1900-01-01 00:00:00' AND "
                        + "TIMESTAMP '2079-06-06 23:59:00'";
                default -> null;
            };
            if (range != null) {
                out.add("CONSTRAINT " + quote(table.name() + "_" + c.name() + RANGE_SUFFIX) + " CHECK (" + range + ")");
            }
        }
        return out;
    }

    /** Between minus and plus the type's largest finite value, compared in the type itself (not as a decimal). */
    private static String finite(String column, String h2Type, String largest) {
        return column + " BETWEEN CAST(-" + largest + " AS " + h2Type + ") AND CAST(" + largest + " AS " + h2Type + ")";
    }

    /** H2 rejects named DEFAULT constraints. */
    @Override
    protected String defaultClause(String constraintName, String expression) {
        return "DEFAULT " + expression;
    }

    /** No filtered indexes in H2: the index is created over the whole table (and not unique). */
    @Override
    protected String indexFilter(String predicate) {
        return null;
    }

    @Override
    protected String includeClause(List<String> quotedColumns) {
        return "";
    }

    /** No T-SQL computed columns in H2: indexes on expressions are left out of the stand-in. */
    @Override
    protected String computedColumn(String qualifiedTable, String quotedColumn, String expression) {
        return null;
    }

    @Override
    protected String checkOption(boolean validated) {
        return "";
    }

    /** H2 has COMMENT ON instead of extended properties. */
    @Override
    protected String describe(String schema, String table, String column, String comment) {
        String literal = "'" + comment.replace("'", "''") + "'";
        return column == null ? "COMMENT ON TABLE " + qualify(schema, table) + " IS " + literal
                : "COMMENT ON COLUMN " + qualify(schema, table) + "." + quote(column) + " IS " + literal;
    }

    @Override
    protected List<String> syncIdentity(TargetTable table, TargetColumn identityColumn, long nextValue,
                                        long increment) {
        return List.of("ALTER TABLE " + qualify(table.schema(), table.name()) + " ALTER COLUMN "
                + quote(identityColumn.name()) + " RESTART WITH " + nextValue);
    }

    /**
     * H2 buffers a whole result before the first row (spilling a large one to a temporary store) unless the session
     * runs queries lazily: reading a chunk of 200,000 rows back cost more than writing it (JFR).
     */
    @Override
    public void streamLargeReads(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET LAZY_QUERY_EXECUTION TRUE");
        }
    }

    /**
     * H2 locks its whole catalog (table SYS) for every DDL statement: two at once wait for each other and time out
     * ("Timeout trying to lock table SYS") while an index builds. Finalize's statements run one at a time here.
     */
    @Override
    public boolean concurrentDdl() {
        return false;
    }

    /** H2 has no COUNT_BIG; its COUNT is a BIGINT already. */
    @Override
    public String countSql(TargetTable table) {
        return "SELECT COUNT(*) FROM " + qualify(table.schema(), table.name());
    }

    /** H2 has no database collation to compare: the assessment skips that check on the stand-in. */
    @Override
    public String collationQuery() {
        return null;
    }

    @Override
    public List<String> restartSequence(Sequence s, String targetSchema) {
        return List.of("ALTER SEQUENCE " + qualify(targetSchema, s.name()) + " RESTART WITH " + s.nextValue());
    }

    @Override
    public BatchWriter openWriter(Connection connection, TargetTable table) throws SQLException {
        return new JdbcBatchWriter(connection, table, this);
    }

    /** H2 has no bulk copy and no table-lock option: JDBC batch inserts in the same transaction shape. */
    @Override
    public BatchWriter openWriter(Connection connection, TargetTable table, boolean tableLock) throws SQLException {
        return openWriter(connection, table);
    }

    @Override
    public List<String> createRunStateTables(String schema) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + qualify(schema, RUN_TABLE) + " (" + runColumns() + ")",
                "CREATE TABLE IF NOT EXISTS " + qualify(schema, CHUNK_TABLE) + " (" + chunkColumns() + ")");
    }

    /** The emulated key hierarchy's table stands for SQL Server's key catalog, which holds no user data. */
    @Override
    public String userTablesQuery() {
        return "SELECT TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE' "
                + "AND TABLE_SCHEMA <> 'INFORMATION_SCHEMA' AND TABLE_NAME NOT IN ('" + RUN_TABLE + "', '"
                + CHUNK_TABLE + "', '" + H2KeyManagement.STORE_TABLE + "') ORDER BY TABLE_SCHEMA, TABLE_NAME";
    }

    @Override
    public String versionQuery() {
        return "SELECT 'H2 ' || H2VERSION() || ' (MSSQLServer mode, SQL Server stand-in)'";
    }

    /** H2 has no @@TRANCOUNT/XACT_STATE(), and a data error ends only the failed statement, never the transaction. */
    @Override
    public void requireTransactionAlive(Connection connection, SQLException failure) {
    }

    /** H2's error codes onto the same kinds as SQL Server's numbers, so the stand-in reports the same entry. */
    @Override
    public DdlFailure classifyDdlFailure(SQLException e) {
        for (SQLException s : errors(e)) {
            String message = s.getMessage() == null ? "" : s.getMessage();
            switch (s.getErrorCode()) {
                case 23505 -> { // DUPLICATE_KEY_1
                    Matcher m = H2_DUPLICATE_VALUE.matcher(message);
                    return new DdlFailure(DdlFailure.Kind.DUPLICATE_KEY, m.find() ? "(" + m.group(1)
                            .replaceAll("/\\* \\d+ \\*/ ", "").replaceAll("CAST\\((.*?) AS [^)]*\\)\\)?", "$1")
                            .strip() + ")" : "");
                }
                case 23503, 23506, 23513, 23514 -> { // referential integrity, CHECK constraint
                    Matcher m = H2_CONSTRAINT_NAME.matcher(message);
                    String kind = s.getErrorCode() == 23503 || s.getErrorCode() == 23506 ? "FOREIGN KEY" : "CHECK";
                    return new DdlFailure(DdlFailure.Kind.CONSTRAINT_CONFLICT, m.find()
                            ? kind + " constraint \"" + m.group(1) + "\"" : "");
                }
                case 42101, 42111, 42121, 90045 -> { // table, index, column, constraint exists
                    return DdlFailure.of(DdlFailure.Kind.ALREADY_EXISTS);
                }
                case 90096 -> { // NOT_ENOUGH_RIGHTS_FOR_1
                    return DdlFailure.of(DdlFailure.Kind.PERMISSION_DENIED);
                }
                default -> {
                }
            }
        }
        return DdlFailure.of(DdlFailure.Kind.OTHER);
    }

    /** The constraint H2 names first in its message: "ch_fk: dbo.ch FOREIGN KEY..." or "roles_not_admin: ". */
    private static final Pattern H2_CONSTRAINT_NAME = Pattern.compile("\"([^\":]+)[:\"]");
    private static final Pattern H2_DUPLICATE_VALUE = Pattern.compile("VALUES \\( (.*?) \\)\"");

    @Override
    public boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && TRANSIENT_ERRORS.contains(s.getErrorCode())) {
                return true;
            }
            // a session closed by the server under a running statement (its connection cut): H2 reports "Transaction
            // N has status ROLLED_BACK, not OPEN", a general error (over TCP without its cause), where SQL Server
            // reports a lost connection
            if (t instanceof SQLException s && s.getErrorCode() == GENERAL_ERROR && s.getMessage() != null
                    && TRANSACTION_ENDED.matcher(s.getMessage()).find()) {
                return true;
            }
        }
        return super.isTransient(e);
    }
}
