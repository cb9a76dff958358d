package migratedb.sink;

import migratedb.model.Sequence;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/**
 * Everything that differs between target databases: quoting, DDL, the bulk writer, verification queries and which
 * errors are worth retrying. {@code SqlServerDialect} is the production dialect; {@code H2Dialect} extends it and
 * overrides only what H2 lacks, so it can never change what SQL Server receives.
 */
public interface TargetDialect {

    /** "sqlserver" or "h2". */
    String name();

    /** Quotes one identifier. */
    String quote(String identifier);

    default String qualify(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    // --- schema phase -------------------------------------------------------------------------------------

    List<String> createSchema(String schema);

    /** CREATE TABLE with columns, defaults, identity and primary key. */
    List<String> createTable(TargetTable table);

    List<String> createSequence(Sequence sequence, String targetSchema);

    // --- finalize phase -----------------------------------------------------------------------------------

    /** Unique constraints and secondary indexes, created after the data for speed. */
    List<String> createIndexes(TargetTable table);

    /** Foreign keys, created trusted (checked) after the data; {@code tables} finds a table by source name. */
    List<String> createForeignKeys(TargetTable table, Function<String, TargetTable> tables);

    /** Makes the identity column hand out {@code nextValue} next. */
    List<String> syncIdentity(TargetTable table, TargetColumn identityColumn, long nextValue);

    /** Makes the sequence hand out the source's next value next. */
    List<String> restartSequence(Sequence sequence, String targetSchema);

    // --- copy ---------------------------------------------------------------------------------------------

    /** Opens a writer for one table on a connection whose transaction the caller owns. */
    BatchWriter openWriter(Connection connection, TargetTable table) throws SQLException;

    /** The key hierarchy whose symmetric key encrypts protected columns. */
    KeyManagement keys();

    /**
     * Prepares a connection that writes or reads {@code table}: when the table has protected columns the symmetric
     * key is opened, and checked to be open (an unopened key makes encryption return NULL silently).
     */
    default void prepareSession(Connection connection, TargetTable table) throws SQLException {
        if (table.columns().stream().anyMatch(TargetColumn::protectedColumn)) {
            keys().openKey(connection);
            keys().requireOpenKey(connection);
        }
    }

    /** The VALUES placeholder of a column in a row-by-row insert: protected columns are encrypted on the way in. */
    default String insertPlaceholder(TargetColumn column) {
        return column.protectedColumn() ? keys().encryptExpression("?", column.valueKind()) : "?";
    }

    /**
     * Opens a writer with the copy's options; {@code tableLock} asks a bulk writer for a table lock (SQL Server's
     * TABLOCK). Targets without such an option ignore it.
     */
    default BatchWriter openWriter(Connection connection, TargetTable table, boolean tableLock) throws SQLException {
        return openWriter(connection, table);
    }

    /**
     * A writer of single-row INSERTs, whose refused rows end only their own statement: the copy's second try of a
     * chunk whose transaction the target ended on a refused row ({@link TransactionEndedException}). Targets whose
     * writer already inserts row by row return it.
     */
    default BatchWriter openRowWriter(Connection connection, TargetTable table) throws SQLException {
        return openWriter(connection, table);
    }

    // --- run state, verification, preflight ---------------------------------------------------------------

    /** Creates MigrateDB's own run and chunk tables when absent. */
    List<String> createRunStateTables(String schema);

    /**
     * SELECT of the table's target columns for verification, in target column order; when {@code rangeColumn} is
     * given the query has two parameters: lower bound (inclusive) and upper bound (exclusive).
     */
    default String selectForVerification(TargetTable table, String rangeColumn) {
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < table.columns().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(selectExpression(table.columns().get(i)));
        }
        sb.append(" FROM ").append(qualify(table.schema(), table.name()));
        if (rangeColumn != null) {
            sb.append(" WHERE ").append(quote(rangeColumn)).append(" >= ? AND ").append(quote(rangeColumn))
                    .append(" < ?");
        }
        return sb.toString();
    }

    /**
     * Makes the session hand out a large query's rows as they are read instead of buffering the whole result first:
     * a verification reads every row of a chunk or a table. SQL Server streams already.
     */
    default void streamLargeReads(Connection connection) throws SQLException {
    }

    /**
     * Whether DDL on different tables can run at once (finalize runs across tables on the workers). SQL Server
     * locks the tables a statement changes; a target that locks its whole catalog for any DDL says false.
     */
    default boolean concurrentDdl() {
        return true;
    }

    /** Counts the rows of a target table. */
    default String countSql(TargetTable table) {
        return "SELECT COUNT(*) FROM " + qualify(table.schema(), table.name());
    }

    /** Removes a table (a failed import-excluded takes back the table it created). */
    default String dropTableSql(TargetTable table) {
        return "DROP TABLE " + qualify(table.schema(), table.name());
    }

    /** Deletes every row of a table (a failed import-excluded takes back the rows it loaded into an empty table). */
    default String deleteAllSql(TargetTable table) {
        return "DELETE FROM " + qualify(table.schema(), table.name());
    }

    /** How a column is read back for verification (protected columns are decrypted here). */
    default String selectExpression(TargetColumn column) {
        return column.protectedColumn() ? keys().decryptExpression(quote(column.name()), column.valueKind())
                : quote(column.name());
    }

    /** Query listing user tables of the target database other than MigrateDB's own: schema, table. */
    String userTablesQuery();

    /** Query returning the server's version string. */
    String versionQuery();

    /** True for failures that a retry can cure: lost connection, timeout, deadlock victim, throttling. */
    boolean isTransient(SQLException e);

    /** What a refused DDL statement (create, finalize) means, from the target's own error codes. */
    DdlFailure classifyDdlFailure(SQLException e);

    /**
     * Called after a write of the chunk's transaction failed on data, before rolling back to its savepoint: throws
     * when the target ended the whole transaction instead of the failed statement. Rolling back to the savepoint
     * would then do nothing (mssql-jdbc guards it with IF @@TRANCOUNT > 0), the rows written before it would be
     * gone, and the chunk must not go on ({@link TransactionEndedException}). Targets that end only the failed
     * statement (H2) have nothing to check.
     */
    default void requireTransactionAlive(Connection connection, SQLException failure) throws SQLException {
    }

    /** MigrateDB's own tables in the target: never migrated, never counted as user data. */
    String RUN_TABLE = "migratedb_run";
    String CHUNK_TABLE = "migratedb_chunk";
}
