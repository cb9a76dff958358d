package migratedb.sink.sqlserver;

import migratedb.model.TargetTable;
import migratedb.sink.BatchWriter;
import migratedb.sink.JdbcBatchWriter;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Single-row INSERTs (sent as a JDBC batch) for the second try of a chunk whose transaction SQL Server ended when
 * bulk copy met a refused row. With XACT_ABORT OFF a refused INSERT ends only its own statement, so the copy's
 * halving under savepoints can set the refused rows aside. Slower than bulk copy; used for that chunk only. Values
 * go as bulk copy sends them (dates and times as ISO text); protected columns are encrypted in the VALUES list.
 */
final class SqlServerRowWriter implements BatchWriter {
    private final Connection connection;
    private final String identityOff;
    private final JdbcBatchWriter rows;

    SqlServerRowWriter(Connection connection, TargetTable table, SqlServerDialect dialect) throws SQLException {
        this.connection = connection;
        this.identityOff = dialect.identityInsert(table, false);
        execute(connection, dialect.identityInsert(table, true));
        this.rows = new JdbcBatchWriter(connection, table, dialect, SqlServerBulkWriter.Rows::toDriverValue);
    }

    @Override
    public void write(List<Object[]> batch) throws SQLException {
        rows.write(batch);
    }

    @Override
    public void close() throws SQLException {
        try {
            rows.close();
        } finally {
            execute(connection, identityOff);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }
}
