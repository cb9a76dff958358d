package migratedb.sink.sqlserver;

import migratedb.model.TargetTable;
import migratedb.sink.BatchWriter;
import migratedb.sink.ProtectedValues;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The writer of tables with protected columns: rows are bulk-copied in clear into a session-local staging table
 * (#migratedb_stage, in tempdb, visible to this connection only), then moved into the table with ENCRYPTBYKEY in
 * one INSERT ... SELECT, inside the chunk's transaction. The bulk path stays fast; the clear values never reach a
 * permanent table.
 */
final class SqlServerStagedWriter implements BatchWriter {
    private final Connection connection;
    private final SqlServerDialect dialect;
    private final TargetTable table;
    private final SqlServerBulkWriter stageWriter;
    private final ProtectedValues protectedValues;

    SqlServerStagedWriter(Connection connection, TargetTable table, SqlServerDialect dialect, boolean tableLock)
            throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.table = table;
        this.protectedValues = new ProtectedValues(table, dialect.keys());
        try (Statement st = connection.createStatement()) {
            for (String sql : dialect.createStagingTable(table)) {
                st.execute(sql);
            }
        }
        // the staging table is this session's own: the lock matters for the INSERT .. SELECT, which SQL Server takes
        this.stageWriter = new SqlServerBulkWriter(connection, table, SqlServerDialect.STAGING_TABLE, tableLock);
    }

    @Override
    public void write(List<Object[]> rows) throws SQLException {
        protectedValues.check(rows);
        stageWriter.write(rows);
        try (Statement st = connection.createStatement()) {
            for (String sql : dialect.moveFromStagingTable(table)) {
                st.execute(sql);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(dialect.dropStagingTable());
        } catch (SQLException ignored) {
            // the temporary table ends with the session anyway
        }
    }
}
