package migratedb.ops.tablefile;

/** A file that cannot be read as a table: the message says where (record or cell) and what is wrong. */
public final class TableFileException extends Exception {
    public TableFileException(String message) {
        super(message);
    }

    public TableFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
