package migratedb.copy;

/** Told about copy progress; the console display and the route log listen. Must be thread-safe. */
public interface ProgressListener {
    default void runStarted(int tables) {
    }

    default void runFinished() {
    }

    void tableStarted(String table, long sourceRows, long alreadyCopied);

    void rowsCopied(String table, long rows);

    void tableFinished(String table);

    ProgressListener NONE = new ProgressListener() {
        @Override
        public void tableStarted(String table, long sourceRows, long alreadyCopied) {
        }

        @Override
        public void rowsCopied(String table, long rows) {
        }

        @Override
        public void tableFinished(String table) {
        }
    };
}
