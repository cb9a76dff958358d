package migratedb.sink.h2;

import migratedb.model.Key;
import migratedb.model.Sequence;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.sink.BatchWriter;
import migratedb.sink.JdbcBatchWriter;
import migratedb.sink.sqlserver.SqlServerDialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * The H2 stand-in (MSSQLServer mode) for the demo and CI. It overrides ONLY what H2 rejects — CLUSTERED,
 * DBCC CHECKIDENT, IF OBJECT_ID, WITH CHECK, SYSDATETIME, sys.* catalogs, SQLServerBulkCopy — so the SQL Server
 * dialect's statements stay exactly as SQL Server needs them.
 */
public class H2Dialect extends SqlServerDialect {

    /** H2 error codes of a broken or closed connection (90067 connection broken, 90098 database closed...). */
    private static final Set<Integer> TRANSIENT_ERRORS = Set.of(90067, 90098, 90121, 90028, 50200);
    private static final int GENERAL_ERROR = 50000;
    private static final java.util.regex.Pattern TRANSACTION_ENDED =
            java.util.regex.Pattern.compile("Transaction \\d+ has status \\w+, not OPEN");

    public H2Dialect(H2KeyManagement keys) {
        super(keys);
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
     * In MSSQLServer mode H2 treats NULLs in a unique index as equal, like SQL Server, but has no filtered index.
     * A unique key over nullable columns therefore becomes a plain index in the stand-in (uniqueness of the
     * non-NULL values was checked in the source); SQL Server gets the filtered unique index.
     */
    @Override
    protected String uniqueConstraint(TargetTable table, String target, Key uk, String name) {
        boolean nullable = uk.columns().stream()
                .anyMatch(c -> table.source().column(c).map(migratedb.model.Column::nullable).orElse(false));
        if (nullable) {
            return "CREATE INDEX " + quote(name) + " ON " + target + " (" + columnList(table, uk.columns()) + ")";
        }
        return "ALTER TABLE " + target + " ADD CONSTRAINT " + quote(name) + " UNIQUE ("
                + columnList(table, uk.columns()) + ")";
    }

    /** H2 has no XML type: the stand-in keeps XML as text. */
    @Override
    protected String columnType(TargetColumn c) {
        return !c.protectedColumn() && c.sqlType().equals("XML") ? "NVARCHAR(MAX)" : super.columnType(c);
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
