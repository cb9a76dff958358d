package migratedb.sink.sqlserver;

import migratedb.model.Column;
import migratedb.model.ForeignKey;
import migratedb.model.Index;
import migratedb.model.Key;
import migratedb.model.Sequence;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.UserType;
import migratedb.sink.BatchWriter;
import migratedb.sink.DdlFailure;
import migratedb.sink.KeyManagement;
import migratedb.sink.TargetDialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The production dialect: T-SQL for Microsoft SQL Server 2016 and later. Every statement it emits has a golden
 * test. The H2 stand-in extends this class and overrides only what H2 lacks.
 */
public class SqlServerDialect implements TargetDialect {

    /** SQL Server error numbers a retry can cure: deadlock victim, timeouts, Azure throttling and failover. */
    private static final Set<Integer> TRANSIENT_ERRORS = Set.of(
            1205, -2, 233, 4060, 4221, 10053, 10054, 10060, 10928, 10929, 11001, 40143, 40197, 40501, 40540,
            40613, 49918, 49919, 49920);

    private final KeyManagement keys;

    /** @param keys the key hierarchy whose symmetric key encrypts protected columns */
    public SqlServerDialect(KeyManagement keys) {
        this.keys = keys;
    }

    @Override
    public KeyManagement keys() {
        return keys;
    }

    @Override
    public String name() {
        return "sqlserver";
    }

    /** Bracket quoting through {@link TSql#quoteName}: a ']' inside the name is doubled. */
    @Override
    public String quote(String identifier) {
        return TSql.quoteName(identifier);
    }

    /** An N'...' literal with quotes doubled: for the few places T-SQL takes no parameter (DDL, DBCC). */
    public String literal(String value) {
        return TSql.literal(value);
    }

    @Override
    public List<String> createSchema(String schema) {
        if (schema.equalsIgnoreCase("dbo")) {
            return List.of();
        }
        return List.of("IF SCHEMA_ID(" + literal(schema) + ") IS NULL EXEC(" + literal("CREATE SCHEMA "
                + quote(schema)) + ")");
    }

    /** The DDL of one schema conversion (names, notes, identities) for the given source sequences and types. */
    public SqlServerDdl ddl(List<Sequence> sequences, Function<String, String> targetSchema,
                            List<UserType> userTypes) {
        return new SqlServerDdl(this, sequences, targetSchema, userTypes);
    }

    private SqlServerDdl standalone() {
        return ddl(List.of(), Function.identity(), List.of());
    }

    @Override
    public List<String> createTable(TargetTable table) {
        return standalone().createTable(table);
    }

    protected String primaryKeyClause() {
        return "PRIMARY KEY CLUSTERED";
    }

    /** The column's type as written in CREATE TABLE: protected columns hold the symmetric key's ciphertext. */
    protected String columnType(TargetColumn c) {
        return c.protectedColumn() ? keys.protectedColumnType(c.valueKind(), c.source().length()) : c.sqlType();
    }

    /**
     * " COLLATE name" for a column MigrateDB gives its own collation (a binary one that keeps PostgreSQL's comparison
     * of a key), "" for the database's. The name is not an identifier T-SQL can bracket: only letters, digits and
     * underscores pass.
     */
    protected String collateClause(TargetColumn c) {
        if (c.collation() == null) {
            return "";
        }
        if (!c.collation().matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("not a collation name: " + c.collation());
        }
        return " COLLATE " + c.collation();
    }

    /**
     * Column definitions CREATE TABLE adds so that keys compare as the target does. SQL Server compares under its
     * collations itself and needs none; the H2 stand-in adds helper columns.
     */
    protected List<String> comparisonColumns(TargetTable table) {
        return List.of();
    }

    /** Table constraints CREATE TABLE adds beside the primary key so that it compares as the target does. */
    protected List<String> primaryKeyComparison(TargetTable table, String constraintName, List<String> keyColumns) {
        return List.of();
    }

    /**
     * Table constraints CREATE TABLE adds so that a column refuses the values SQL Server's type cannot hold. SQL
     * Server's types refuse them themselves (NaN and infinities in FLOAT and REAL, dates outside their range) and
     * need none; the H2 stand-in's wider types get CHECK constraints.
     */
    protected List<String> valueRangeChecks(TargetTable table) {
        return List.of();
    }

    /** Statements after a unique constraint or unique index so that it compares as the target does. */
    protected List<String> uniqueKeyComparison(TargetTable table, String qualifiedTable, String name,
                                               List<String> keyColumns) {
        return List.of();
    }

    /** "UNIQUE " of CREATE UNIQUE INDEX. */
    protected String uniqueKeyword() {
        return "UNIQUE ";
    }

    /** A named default constraint, so its name is ours and not DF__table__col__1A2B3C. */
    protected String defaultClause(String constraintName, String expression) {
        return "CONSTRAINT " + quote(constraintName) + " DEFAULT " + expression;
    }

    /** The function that returns the current date and time for a column default of the given target type. */
    protected String currentTimestampFunction(String sqlType) {
        return sqlType.startsWith("DATETIMEOFFSET") ? "SYSDATETIMEOFFSET()" : "SYSDATETIME()";
    }

    String currentTimestamp(String sqlType) {
        return currentTimestampFunction(sqlType);
    }

    @Override
    public List<String> createSequence(Sequence s, String targetSchema) {
        return standalone().createSequenceIn(s, targetSchema);
    }

    @Override
    public List<String> createIndexes(TargetTable table) {
        return standalone().createIndexes(table);
    }

    protected String indexKind() {
        return "NONCLUSTERED ";
    }

    /** " WHERE ..." of a filtered index, or null where filtered indexes do not exist. */
    protected String indexFilter(String predicate) {
        return " WHERE " + predicate;
    }

    /** " INCLUDE (...)" of an index's non-key columns. */
    protected String includeClause(List<String> quotedColumns) {
        return " INCLUDE (" + String.join(", ", quotedColumns) + ")";
    }

    /** Adds a computed column for an expression index, or null where computed columns do not exist. */
    protected String computedColumn(String qualifiedTable, String quotedColumn, String expression) {
        return "ALTER TABLE " + qualifiedTable + " ADD " + quotedColumn + " AS (" + expression + ")";
    }

    /** Plain b-tree indexes on columns convert; expression, partial and GIN/GiST indexes are reported instead. */
    public boolean convertible(Index ix) {
        return ("btree".equals(ix.method()) || "hash".equals(ix.method())) && ix.predicate() == null
                && ix.columns().stream().noneMatch(Index.IndexColumn::expression);
    }

    /**
     * SQL Server lets a UNIQUE constraint hold only one NULL; PostgreSQL allows many. A unique key over nullable
     * columns therefore becomes a unique index filtered to rows without NULLs, which keeps PostgreSQL's meaning.
     */
    protected String uniqueConstraint(TargetTable table, String target, Key uk, String name) {
        List<String> nullable = uk.columns().stream()
                .filter(c -> table.source().column(c).map(Column::nullable).orElse(false)).toList();
        if (nullable.isEmpty()) {
            return "ALTER TABLE " + target + " ADD CONSTRAINT " + quote(name) + " UNIQUE NONCLUSTERED ("
                    + columnList(table, uk.columns()) + ")";
        }
        return "CREATE UNIQUE NONCLUSTERED INDEX " + quote(name) + " ON " + target + " ("
                + columnList(table, uk.columns()) + ") WHERE " + nullable.stream()
                .map(c -> quote(table.column(c).map(TargetColumn::name).orElse(c)) + " IS NOT NULL")
                .collect(Collectors.joining(" AND "));
    }

    @Override
    public List<String> createForeignKeys(TargetTable table, Function<String, TargetTable> tables) {
        return standalone().createForeignKeys(table, tables, Set.of());
    }

    /**
     * WITH CHECK makes SQL Server verify existing rows, so the constraint is trusted by the optimizer; a constraint
     * PostgreSQL holds NOT VALID (rows may violate it) is created WITH NOCHECK, as it was.
     */
    protected String checkOption(boolean validated) {
        return validated ? " WITH CHECK" : " WITH NOCHECK";
    }

    /** A table's (column null) or column's comment as the MS_Description extended property, or null. */
    protected String describe(String schema, String table, String column, String comment) {
        return "EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = " + literal(comment)
                + ", @level0type = N'SCHEMA', @level0name = " + literal(schema) + ", @level1type = N'TABLE', "
                + "@level1name = " + literal(table)
                + (column == null ? "" : ", @level2type = N'COLUMN', @level2name = " + literal(column));
    }

    @Override
    public List<String> syncIdentity(TargetTable table, TargetColumn identityColumn, long nextValue) {
        return syncIdentity(table, identityColumn, nextValue, 1);
    }

    /**
     * After rows were inserted DBCC CHECKIDENT's next value is reseed + increment; on a never-filled table it is the
     * reseed itself.
     */
    protected List<String> syncIdentity(TargetTable table, TargetColumn identityColumn, long nextValue,
                                        long increment) {
        String target = qualify(table.schema(), table.name());
        String name = literal(target);
        return List.of("IF EXISTS (SELECT 1 FROM " + target + ") DBCC CHECKIDENT (" + name + ", RESEED, "
                + (nextValue - increment) + ") ELSE DBCC CHECKIDENT (" + name + ", RESEED, " + nextValue + ")");
    }

    @Override
    public List<String> restartSequence(Sequence s, String targetSchema) {
        return List.of("ALTER SEQUENCE " + qualify(targetSchema, s.name()) + " RESTART WITH " + s.nextValue());
    }

    /** Query returning the target database's default collation, or null where the target has none. */
    public String collationQuery() {
        return "SELECT CONVERT(NVARCHAR(128), DATABASEPROPERTYEX(DB_NAME(), 'Collation'))";
    }

    @Override
    public BatchWriter openWriter(Connection connection, TargetTable table) throws SQLException {
        return openWriter(connection, table, true);
    }

    @Override
    public BatchWriter openRowWriter(Connection connection, TargetTable table) throws SQLException {
        return new SqlServerRowWriter(connection, table, this);
    }

    @Override
    public BatchWriter openWriter(Connection connection, TargetTable table, boolean tableLock) throws SQLException {
        if (table.columns().stream().anyMatch(TargetColumn::protectedColumn)) {
            return new SqlServerStagedWriter(connection, table, this, tableLock);
        }
        return new SqlServerBulkWriter(connection, table, this, tableLock);
    }

    /** COUNT_BIG: T-SQL's COUNT is an INT and overflows (Msg 8115) past 2,147,483,647 rows. */
    @Override
    public String countSql(TargetTable table) {
        return "SELECT COUNT_BIG(*) FROM " + qualify(table.schema(), table.name());
    }

    /** Session-local staging table of protected columns' clear values (tempdb, this connection only). */
    static final String STAGING_TABLE = "#migratedb_stage";

    /** Drops a staging table left by an earlier attempt on this session, then creates it with clear types. */
    public List<String> createStagingTable(TargetTable table) {
        StringBuilder sb = new StringBuilder("CREATE TABLE ").append(STAGING_TABLE).append(" (");
        for (int i = 0; i < table.columns().size(); i++) {
            TargetColumn c = table.columns().get(i);
            // tempdb's collation may differ from the database's: a VARCHAR would pass through its code page
            String collate = c.sqlType().matches("N?(VAR)?CHAR.*") ? " COLLATE DATABASE_DEFAULT" : "";
            sb.append(i == 0 ? "" : ", ").append(quote(c.name())).append(' ').append(c.sqlType()).append(collate)
                    .append(" NULL");
        }
        return List.of(dropStagingTable(), sb.append(")").toString());
    }

    public String dropStagingTable() {
        return "IF OBJECT_ID(N'tempdb.." + STAGING_TABLE + "') IS NOT NULL DROP TABLE " + STAGING_TABLE;
    }

    /**
     * Moves the staged rows into the table, encrypting protected columns, and empties the staging table. Identity
     * values are kept (IDENTITY_INSERT), as the bulk path's KeepIdentity does.
     */
    public List<String> moveFromStagingTable(TargetTable table) {
        String target = qualify(table.schema(), table.name());
        StringBuilder cols = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < table.columns().size(); i++) {
            TargetColumn c = table.columns().get(i);
            cols.append(i == 0 ? "" : ", ").append(quote(c.name()));
            values.append(i == 0 ? "" : ", ").append(c.protectedColumn()
                    ? keys.encryptExpression(quote(c.name()), c.valueKind()) : quote(c.name()));
        }
        String insert = "INSERT INTO " + target + " (" + cols + ") SELECT " + values + " FROM " + STAGING_TABLE;
        return List.of(identityInsert(table, true), insert, identityInsert(table, false),
                "TRUNCATE TABLE " + STAGING_TABLE);
    }

    /**
     * SET IDENTITY_INSERT, asked of the table itself: whether a serial column became IDENTITY depends on its
     * sequence (a shared one becomes DEFAULT NEXT VALUE FOR), which the table alone does not tell, and
     * IDENTITY_INSERT on a table without an identity column is an error (Msg 8106).
     */
    String identityInsert(TargetTable table, boolean on) {
        String target = qualify(table.schema(), table.name());
        return "IF OBJECTPROPERTY(OBJECT_ID(" + literal(target) + "), N'TableHasIdentity') = 1 SET IDENTITY_INSERT "
                + target + (on ? " ON" : " OFF");
    }

    @Override
    public List<String> createRunStateTables(String schema) {
        String run = qualify(schema, RUN_TABLE);
        String chunk = qualify(schema, CHUNK_TABLE);
        return List.of(
                "IF OBJECT_ID(" + literal(run) + ", N'U') IS NULL CREATE TABLE " + run + " (" + runColumns() + ")",
                "IF OBJECT_ID(" + literal(chunk) + ", N'U') IS NULL CREATE TABLE " + chunk + " (" + chunkColumns()
                        + ")");
    }

    protected String runColumns() {
        return "[run_id] NVARCHAR(64) NOT NULL PRIMARY KEY, [status] NVARCHAR(20) NOT NULL, "
                + "[config_fingerprint] NVARCHAR(64) NOT NULL, [schema_fingerprint] NVARCHAR(64) NOT NULL, "
                + "[started_at] DATETIME2(3) NOT NULL, [finished_at] DATETIME2(3) NULL";
    }

    protected String chunkColumns() {
        return "[run_id] NVARCHAR(64) NOT NULL, [table_name] NVARCHAR(400) NOT NULL, [chunk_no] INT NOT NULL, "
                + "[range_column] NVARCHAR(128) NULL, [range_lo] BIGINT NULL, [range_hi] BIGINT NULL, "
                + "[status] NVARCHAR(20) NOT NULL, [rows_read] BIGINT NULL, [rows_written] BIGINT NULL, "
                + "[rows_rejected] BIGINT NULL, [checksum] NVARCHAR(40) NULL, [attempts] INT NULL, "
                + "[committed_at] DATETIME2(3) NULL, "
                + "CONSTRAINT [migratedb_chunk_pk] PRIMARY KEY ([run_id], [table_name], [chunk_no])";
    }

    @Override
    public String userTablesQuery() {
        return "SELECT s.name, t.name FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id "
                + "WHERE t.is_ms_shipped = 0 AND t.name NOT IN (N'" + RUN_TABLE + "', N'" + CHUNK_TABLE + "') "
                + "ORDER BY s.name, t.name";
    }

    @Override
    public String versionQuery() {
        return "SELECT @@VERSION";
    }

    /**
     * 1 while the transaction is open and committable. Some errors end it (all of them under XACT_ABORT ON, and,
     * reported from other drivers, errors inside a bulk load) or leave it uncommittable (XACT_STATE() = -1).
     */
    static final String TRANSACTION_ALIVE_SQL =
            "SELECT CASE WHEN @@TRANCOUNT > 0 AND XACT_STATE() = 1 THEN 1 ELSE 0 END";

    @Override
    public void requireTransactionAlive(Connection connection, SQLException failure) throws SQLException {
        try (java.sql.Statement st = connection.createStatement();
             java.sql.ResultSet rs = st.executeQuery(TRANSACTION_ALIVE_SQL)) {
            if (rs.next() && rs.getInt(1) == 1) {
                return;
            }
        }
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getMessage().lines().findFirst().orElse("");
        throw new migratedb.sink.TransactionEndedException("SQL Server ended the chunk's whole transaction on this "
                + "error, so its refused rows cannot be set aside inside the chunk; nothing of the chunk is "
                + "committed. The error: " + reason, failure);
    }

    @Override
    public boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                if (TRANSIENT_ERRORS.contains(s.getErrorCode())) {
                    return true;
                }
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.equals("40001") || state.equals("HYT00"))) {
                    return true;
                }
                // mssql-jdbc reports a dropped socket with no SQLState, only this message
                if (s.getMessage() != null && s.getMessage().contains("connection is closed")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final Set<Integer> DUPLICATE_KEY = Set.of(1505, 2627, 2601);
    private static final Set<Integer> CONSTRAINT_CONFLICT = Set.of(547);
    private static final Set<Integer> CASCADE_PATHS = Set.of(1785);
    private static final Set<Integer> ALREADY_EXISTS = Set.of(2714, 1913, 1779, 2705, 15233);
    private static final Set<Integer> PERMISSION_DENIED = Set.of(229, 230, 262, 297, 300, 916, 1088, 2557, 2571,
            4902, 15151, 15247);
    private static final java.util.regex.Pattern DUPLICATE_VALUE =
            java.util.regex.Pattern.compile("duplicate key value is (\\(.*\\))");
    private static final java.util.regex.Pattern CONFLICT =
            java.util.regex.Pattern.compile("conflicted with the (.*)", java.util.regex.Pattern.DOTALL);

    /**
     * By SQL Server's error number. A refused statement can bring several errors (1505, then 1750 "Could not create
     * constraint or index. See previous errors."); mssql-jdbc reports the first and chains the others as next
     * exceptions, so the first number with a meaning decides.
     */
    @Override
    public DdlFailure classifyDdlFailure(SQLException e) {
        for (SQLException s : errors(e)) {
            int code = s.getErrorCode();
            String message = s.getMessage() == null ? "" : s.getMessage();
            if (DUPLICATE_KEY.contains(code)) {
                java.util.regex.Matcher m = DUPLICATE_VALUE.matcher(message);
                return new DdlFailure(DdlFailure.Kind.DUPLICATE_KEY, m.find() ? m.group(1) : "");
            }
            if (CONSTRAINT_CONFLICT.contains(code)) {
                java.util.regex.Matcher m = CONFLICT.matcher(message);
                return new DdlFailure(DdlFailure.Kind.CONSTRAINT_CONFLICT, m.find() ? m.group(1).strip() : "");
            }
            if (CASCADE_PATHS.contains(code)) {
                return DdlFailure.of(DdlFailure.Kind.CASCADE_PATHS);
            }
            if (ALREADY_EXISTS.contains(code)) {
                return DdlFailure.of(DdlFailure.Kind.ALREADY_EXISTS);
            }
            if (PERMISSION_DENIED.contains(code)) {
                return DdlFailure.of(DdlFailure.Kind.PERMISSION_DENIED);
            }
        }
        return DdlFailure.of(DdlFailure.Kind.OTHER);
    }

    /** The failure, its causes and their next exceptions, first error first. */
    protected static List<SQLException> errors(SQLException e) {
        List<SQLException> out = new ArrayList<>();
        for (Throwable t = e; t != null && out.size() < 50; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException n = s; n != null && !out.contains(n) && out.size() < 50; n = n.getNextException()) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    protected String columnList(TargetTable table, List<String> sourceColumns) {
        return sourceColumns.stream().map(c -> quote(table.column(c).map(TargetColumn::name).orElse(c)))
                .collect(Collectors.joining(", "));
    }
}
