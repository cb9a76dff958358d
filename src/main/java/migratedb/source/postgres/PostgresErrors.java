package migratedb.source.postgres;

import java.sql.SQLException;
import java.util.Set;

/** Which PostgreSQL failures a retry can cure. */
public final class PostgresErrors {
    /** admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now, serialization, deadlock. */
    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "40001", "40P01", "53300");

    private PostgresErrors() {
    }

    public static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || TRANSIENT_STATES.contains(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** True when the failure says the exported snapshot no longer exists (its exporting transaction ended). */
    public static boolean isSnapshotGone(SQLException e) {
        return "22023".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().contains("snapshot");
    }
}
