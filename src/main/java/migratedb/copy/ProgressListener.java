package migratedb.copy;

/**
 * Told about copy progress; the console display and the route log listen, each to what it needs (every event is
 * a no-op by default). Must be thread-safe.
 */
public interface ProgressListener {
    default void runStarted(int tables) {
    }

    default void runFinished() {
    }

    default void tableStarted(String table, long sourceRows, long alreadyCopied) {
    }

    /**
     * Rows written to the target in a chunk's transaction. Negative when a chunk attempt that did not commit takes
     * its rows back (it will be copied again, or the run stopped), so that no row is ever counted twice.
     */
    default void rowsCopied(String table, long rows) {
    }

    default void tableFinished(String table) {
    }

    /** Tells both listeners (e.g. the console and the report's throughput sampler). */
    static ProgressListener both(ProgressListener first, ProgressListener second) {
        return new ProgressListener() {
            @Override
            public void runStarted(int tables) {
                first.runStarted(tables);
                second.runStarted(tables);
            }

            @Override
            public void runFinished() {
                first.runFinished();
                second.runFinished();
            }

            @Override
            public void tableStarted(String table, long sourceRows, long alreadyCopied) {
                first.tableStarted(table, sourceRows, alreadyCopied);
                second.tableStarted(table, sourceRows, alreadyCopied);
            }

            @Override
            public void rowsCopied(String table, long rows) {
                first.rowsCopied(table, rows);
                second.rowsCopied(table, rows);
            }

            @Override
            public void tableFinished(String table) {
                first.tableFinished(table);
                second.tableFinished(table);
            }
        };
    }

    ProgressListener NONE = new ProgressListener() {
    };
}
