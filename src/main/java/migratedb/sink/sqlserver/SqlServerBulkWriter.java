package migratedb.sink.sqlserver;

import com.microsoft.sqlserver.jdbc.ISQLServerBulkData;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopy;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopyOptions;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.sink.BatchWriter;
import migratedb.sink.ValueTypes;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Writes batches through SQLServerBulkCopy, inside the caller's transaction: KeepIdentity (the source's ids),
 * KeepNulls (without it a NULL becomes the column default), CHECK constraints enforced, and by default a table
 * lock (minimal logging into empty tables; copy.tableLock=false lets chunks of one table write concurrently). One
 * bulk copy per batch of copy.batchSize rows, sent as one bulk batch, committed by the copy engine with the
 * chunk's checkpoint.
 */
final class SqlServerBulkWriter implements BatchWriter {
    private final Connection connection;
    private final TargetTable table;
    private final String destination;
    private final boolean tableLock;

    SqlServerBulkWriter(Connection connection, TargetTable table, SqlServerDialect dialect, boolean tableLock) {
        this(connection, table, dialect.qualify(table.schema(), table.name()), tableLock);
    }

    /** Writes into another destination with the table's columns (the staging table of protected columns). */
    SqlServerBulkWriter(Connection connection, TargetTable table, String destination, boolean tableLock) {
        this.connection = connection;
        this.table = table;
        this.destination = destination;
        this.tableLock = tableLock;
    }

    @Override
    public void write(List<Object[]> rows) throws SQLException {
        try (SQLServerBulkCopy bulk = new SQLServerBulkCopy(connection)) {
            SQLServerBulkCopyOptions options = new SQLServerBulkCopyOptions();
            options.setKeepIdentity(true);
            options.setKeepNulls(true);
            options.setTableLock(tableLock);
            options.setCheckConstraints(true);
            options.setUseInternalTransaction(false);
            options.setBatchSize(rows.size());
            options.setBulkCopyTimeout(0);
            bulk.setBulkCopyOptions(options);
            bulk.setDestinationTableName(destination);
            for (int i = 0; i < table.columns().size(); i++) {
                bulk.addColumnMapping(i + 1, table.columns().get(i).name());
            }
            bulk.writeToServer(new Rows(table.columns(), rows));
        }
    }

    @Override
    public void close() {
        // one SQLServerBulkCopy per batch, closed in write()
    }

    private static final DateTimeFormatter DATE_TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter TIME_TEXT = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSS", Locale.ROOT);
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS",
            Locale.ROOT);

    /** Our batch as the driver's bulk source, with values converted to the classes the driver expects. */
    static final class Rows implements ISQLServerBulkData {
        private final transient List<TargetColumn> columns;
        private final transient List<Object[]> rows;
        private int next;

        Rows(List<TargetColumn> columns, List<Object[]> rows) {
            this.columns = columns;
            this.rows = rows;
        }

        @Override
        public Set<Integer> getColumnOrdinals() {
            Set<Integer> ordinals = new LinkedHashSet<>();
            for (int i = 1; i <= columns.size(); i++) {
                ordinals.add(i);
            }
            return ordinals;
        }

        @Override
        public String getColumnName(int column) {
            return columns.get(column - 1).name();
        }

        @Override
        public int getColumnType(int column) {
            return ValueTypes.jdbcType(columns.get(column - 1).valueKind());
        }

        @Override
        public int getPrecision(int column) {
            return ValueTypes.precision(columns.get(column - 1));
        }

        @Override
        public int getScale(int column) {
            return ValueTypes.scale(columns.get(column - 1));
        }

        @Override
        public Object[] getRowData() {
            Object[] source = rows.get(next - 1);
            Object[] out = new Object[source.length];
            for (int i = 0; i < source.length; i++) {
                out[i] = toDriverValue(source[i]);
            }
            return out;
        }

        @Override
        public boolean next() {
            return next++ < rows.size();
        }

        /**
         * Dates and times as the text the driver sends (see SqlServerConnectionFactory.TEMPORAL_AS_TEXT), written
         * from java.time, so years before 1582 keep PostgreSQL's proleptic Gregorian calendar (java.sql.Timestamp
         * would move them by days). ISO 8601 (yyyy-mm-ddThh:mm:ss), which SQL Server reads the same under every
         * language and DATEFORMAT; 7 fractional digits, the most datetime2, time and datetimeoffset take.
         */
        static Object toDriverValue(Object v) {
            if (v instanceof OffsetDateTime odt) {
                // PostgreSQL keeps the instant, not the offset it was written with: stored as UTC
                return TEXT.format(odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()) + "+00:00";
            }
            if (v instanceof LocalDateTime ldt) {
                return TEXT.format(ldt);
            }
            if (v instanceof LocalDate ld) {
                return DATE_TEXT.format(ld);
            }
            if (v instanceof LocalTime lt) {
                return TIME_TEXT.format(lt);
            }
            if (v instanceof UUID u) {
                return u.toString();
            }
            return v;
        }
    }
}
