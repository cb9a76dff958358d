package migratedb.source.postgres;

import migratedb.model.TargetTable;
import migratedb.model.ValueKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Streams one key range of a table as batches of rows through a cursor (SELECT with a fetch size, binary transfer,
 * typed getters): the reference reader ({@code copy.sourceReader=cursor}) that {@link BinaryCopyStream} must equal.
 */
public final class BatchStream extends ReadAheadStream {

    public BatchStream(Connection connection, PostgresTableReader tableReader, TargetTable table, String rangeColumn,
                       Long lo, Long hi, int fetchSize, int batchSize, String threadName) {
        super(batchSize, threadName, sink -> {
            ValueKind[] kinds = PostgresTableReader.kinds(table);
            try (PreparedStatement ps = tableReader.prepare(connection, table, rangeColumn, lo, hi, fetchSize);
                 ResultSet rs = ps.executeQuery()) {
                while (!sink.cancelled() && rs.next()) {
                    sink.add(PostgresTableReader.readRow(rs, kinds));
                }
            }
        });
    }

    /** A source failure met while streaming, carried across the reader thread. */
    public static final class SourceReadException extends RuntimeException {
        public SourceReadException(SQLException cause) {
            super("reading the source failed: " + cause.getMessage(), cause);
        }

        public SQLException sqlException() {
            return (SQLException) getCause();
        }
    }
}
