package migratedb.target.sqlserver;

import migratedb.model.Column;
import migratedb.model.ForeignKey;
import migratedb.model.Index;
import migratedb.model.Key;
import migratedb.model.Sequence;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.target.BatchWriter;
import migratedb.target.TargetDialect;

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

    private final DefaultTranslator defaults = new DefaultTranslator();

    @Override
    public String name() {
        return "sqlserver";
    }

    /** Bracket quoting; a ']' inside the name is doubled, so no name can close the bracket early. */
    @Override
    public String quote(String identifier) {
        return "[" + identifier.replace("]", "]]") + "]";
    }

    /** An N'...' literal with quotes doubled: for the few places T-SQL takes no parameter (DDL, DBCC). */
    public String literal(String value) {
        return "N'" + value.replace("'", "''") + "'";
    }

    @Override
    public List<String> createSchema(String schema) {
        if (schema.equalsIgnoreCase("dbo")) {
            return List.of();
        }
        return List.of("IF SCHEMA_ID(" + literal(schema) + ") IS NULL EXEC(" + literal("CREATE SCHEMA "
                + quote(schema)) + ")");
    }

    @Override
    public List<String> createTable(TargetTable table) {
        StringBuilder sb = new StringBuilder("CREATE TABLE ").append(qualify(table.schema(), table.name()))
                .append(" (");
        List<String> parts = new ArrayList<>();
        for (TargetColumn c : table.columns()) {
            parts.add(columnDefinition(table, c));
        }
        Key pk = table.source().primaryKey();
        if (pk != null) {
            parts.add("CONSTRAINT " + quote(pk.name()) + " " + primaryKeyClause() + " (" + columnList(table,
                    pk.columns()) + ")");
        }
        sb.append("\n    ").append(String.join(",\n    ", parts)).append("\n)");
        return List.of(sb.toString());
    }

    protected String primaryKeyClause() {
        return "PRIMARY KEY CLUSTERED";
    }

    protected String columnDefinition(TargetTable table, TargetColumn c) {
        StringBuilder sb = new StringBuilder(quote(c.name())).append(' ').append(c.sqlType());
        if (usesIdentity(c)) {
            sb.append(" IDENTITY(1,1)");
        } else {
            String def = c.protectedColumn() ? null : defaults.translate(c, this);
            if (def != null) {
                sb.append(" DEFAULT ").append(def);
            }
        }
        sb.append(c.source().nullable() ? " NULL" : " NOT NULL");
        return sb.toString();
    }

    /** Integer identity and serial columns become IDENTITY; the source's next value is set after the copy. */
    public boolean usesIdentity(TargetColumn c) {
        return c.source().isIdentity() && !c.protectedColumn()
                && Set.of("int2", "int4", "int8").contains(c.source().baseType());
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
        return List.of("CREATE SEQUENCE " + qualify(targetSchema, s.name()) + " AS " + sequenceType(s)
                + " START WITH " + s.nextValue() + " INCREMENT BY " + s.increment()
                + " MINVALUE " + s.min() + " MAXVALUE " + s.max() + (s.cycle() ? " CYCLE" : " NO CYCLE"));
    }

    private static String sequenceType(Sequence s) {
        return switch (s.dataType()) {
            case "smallint" -> "SMALLINT";
            case "integer" -> "INT";
            default -> "BIGINT";
        };
    }

    @Override
    public List<String> createIndexes(TargetTable table) {
        List<String> out = new ArrayList<>();
        String target = qualify(table.schema(), table.name());
        for (Key uk : table.source().uniqueKeys()) {
            out.add(uniqueConstraint(table, target, uk));
        }
        for (Index ix : table.source().indexes()) {
            if (!convertible(ix)) {
                continue; // reported by the assessment
            }
            StringBuilder sb = new StringBuilder("CREATE ").append(ix.unique() ? "UNIQUE " : "")
                    .append(indexKind()).append("INDEX ").append(quote(ix.name())).append(" ON ").append(target)
                    .append(" (").append(ix.columns().stream()
                            .map(c -> quote(c.nameOrExpression()) + (c.descending() ? " DESC" : " ASC"))
                            .collect(Collectors.joining(", "))).append(')');
            out.add(sb.toString());
        }
        return out;
    }

    protected String indexKind() {
        return "NONCLUSTERED ";
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
    protected String uniqueConstraint(TargetTable table, String target, Key uk) {
        List<String> nullable = uk.columns().stream()
                .filter(c -> table.source().column(c).map(Column::nullable).orElse(false)).toList();
        if (nullable.isEmpty()) {
            return "ALTER TABLE " + target + " ADD CONSTRAINT " + quote(uk.name()) + " UNIQUE NONCLUSTERED ("
                    + columnList(table, uk.columns()) + ")";
        }
        return "CREATE UNIQUE NONCLUSTERED INDEX " + quote(uk.name()) + " ON " + target + " ("
                + columnList(table, uk.columns()) + ") WHERE " + nullable.stream()
                .map(c -> quote(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
    }

    @Override
    public List<String> createForeignKeys(TargetTable table, Function<String, TargetTable> tables) {
        List<String> out = new ArrayList<>();
        for (ForeignKey fk : table.source().foreignKeys()) {
            TargetTable ref = tables.apply(fk.referencedSchema() + "." + fk.referencedTable());
            if (ref == null) {
                continue; // referenced table excluded: reported by the assessment
            }
            out.add("ALTER TABLE " + qualify(table.schema(), table.name()) + foreignKeyCheck() + " ADD CONSTRAINT "
                    + quote(fk.name()) + " FOREIGN KEY (" + columnList(table, fk.columns()) + ") REFERENCES "
                    + qualify(ref.schema(), ref.name()) + " (" + columnList(ref, fk.referencedColumns()) + ")"
                    + " ON DELETE " + action(fk.onDelete()) + " ON UPDATE " + action(fk.onUpdate()));
        }
        return out;
    }

    /** WITH CHECK makes SQL Server verify existing rows, so the constraint is trusted by the optimizer. */
    protected String foreignKeyCheck() {
        return " WITH CHECK";
    }

    /** SQL Server has no RESTRICT; NO ACTION is checked at statement end, which is what RESTRICT means here. */
    private static String action(String pgAction) {
        return "RESTRICT".equals(pgAction) ? "NO ACTION" : pgAction;
    }

    @Override
    public List<String> syncIdentity(TargetTable table, TargetColumn identityColumn, long nextValue) {
        String target = qualify(table.schema(), table.name());
        String name = literal(target);
        // After rows were inserted the next value is reseed+1; on a never-filled table it is the reseed itself.
        return List.of("IF EXISTS (SELECT 1 FROM " + target + ") DBCC CHECKIDENT (" + name + ", RESEED, "
                + (nextValue - 1) + ") ELSE DBCC CHECKIDENT (" + name + ", RESEED, " + nextValue + ")");
    }

    @Override
    public List<String> restartSequence(Sequence s, String targetSchema) {
        return List.of("ALTER SEQUENCE " + qualify(targetSchema, s.name()) + " RESTART WITH " + s.nextValue());
    }

    @Override
    public BatchWriter openWriter(Connection connection, TargetTable table) throws SQLException {
        return new SqlServerBulkWriter(connection, table, this, true);
    }

    @Override
    public BatchWriter openWriter(Connection connection, TargetTable table, boolean tableLock) throws SQLException {
        return new SqlServerBulkWriter(connection, table, this, tableLock);
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

    protected String columnList(TargetTable table, List<String> sourceColumns) {
        return sourceColumns.stream().map(c -> quote(table.column(c).map(TargetColumn::name).orElse(c)))
                .collect(Collectors.joining(", "));
    }
}
