package migratedb.copy;

/**
 * A failure that a retry can cure (lost connection, timeout, deadlock victim). The copy routes redeliver the
 * chunk on this type only, with exponential backoff; every other failure goes to the error channel at once.
 */
public final class TransientFailure extends RuntimeException {
    private final String table;
    private final String chunk;

    public TransientFailure(String table, String chunk, Throwable cause) {
        super("transient failure copying " + chunk + ": " + cause.getMessage(), cause);
        this.table = table;
        this.chunk = chunk;
    }

    public String table() {
        return table;
    }

    public String chunk() {
        return chunk;
    }
}
