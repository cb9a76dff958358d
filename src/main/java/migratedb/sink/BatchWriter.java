package migratedb.sink;

import java.sql.SQLException;
import java.util.List;

/**
 * Writes rows of one table into the target, inside the transaction of the connection it was opened on. It never
 * commits: the copy engine commits the rows together with their checkpoint.
 */
public interface BatchWriter extends AutoCloseable {
    /** Writes the rows, in order; values are in target column order and of the columns' ValueKind types. */
    void write(List<Object[]> rows) throws SQLException;

    @Override
    void close() throws SQLException;
}
