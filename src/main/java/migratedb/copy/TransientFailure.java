package migratedb.copy;

/**
 * A failure that a retry can cure (lost connection, timeout, deadlock victim). The routes redeliver the work that
 * failed (a chunk, a group of tables being planned, a stage, a table's finalize or verification) on this type only,
 * with exponential backoff; every other failure goes to the error channel at once.
 */
public final class TransientFailure extends RuntimeException {
    private final String table;
    private final String chunk;

    /**
     * @param table the table being copied, or null when the work is not one table's chunk
     * @param chunk what failed, as the retry line names it: "public.events chunk 2 [id 5001, 10001)", "the preflight"
     */
    public TransientFailure(String table, String chunk, Throwable cause) {
        super("transient failure " + (table == null ? "in " : "copying ") + chunk + ": " + cause.getMessage(), cause);
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
