package migratedb.sink;

import java.sql.SQLException;

/**
 * The target ended the chunk's whole transaction on a data error, not only the failed statement: the rows written
 * before it are gone and no savepoint is left to isolate the refused rows. Nothing of the chunk is committed.
 */
public final class TransactionEndedException extends SQLException {
    public TransactionEndedException(String message, SQLException failure) {
        super(message, failure.getSQLState(), failure.getErrorCode(), failure);
    }
}
