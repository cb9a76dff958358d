package migratedb.sink;

import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Writes batches with JDBC batch inserts: the writer of targets without a bulk API (the H2 stand-in), and SQL
 * Server's single-row writer (with its own value conversion).
 */
public final class JdbcBatchWriter implements BatchWriter {
    private final PreparedStatement insert;
    private final int[] types;
    private final ProtectedValues protectedValues;
    private final UnaryOperator<Object> toDriver;

    public JdbcBatchWriter(Connection connection, TargetTable table, TargetDialect dialect) throws SQLException {
        this(connection, table, dialect, UnaryOperator.identity());
    }

    /** @param toDriver turns a non-null value into what the driver is given */
    public JdbcBatchWriter(Connection connection, TargetTable table, TargetDialect dialect,
                           UnaryOperator<Object> toDriver) throws SQLException {
        this.toDriver = toDriver;
        String columns = table.columns().stream().map(c -> dialect.quote(c.name()))
                .collect(Collectors.joining(", "));
        String params = table.columns().stream().map(dialect::insertPlaceholder).collect(Collectors.joining(", "));
        this.insert = connection.prepareStatement("INSERT INTO " + dialect.qualify(table.schema(), table.name())
                + " (" + columns + ") VALUES (" + params + ")");
        this.protectedValues = new ProtectedValues(table, dialect.keys());
        this.types = table.columns().stream().map(TargetColumn::valueKind).mapToInt(ValueTypes::jdbcType).toArray();
    }

    @Override
    public void write(List<Object[]> rows) throws SQLException {
        protectedValues.check(rows);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (row[i] == null) {
                    insert.setNull(i + 1, types[i]);
                } else {
                    insert.setObject(i + 1, toDriver.apply(row[i]));
                }
            }
            insert.addBatch();
        }
        try {
            insert.executeBatch();
        } finally {
            insert.clearBatch();
        }
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }
}
