package migratedb.source.postgres;

import migratedb.troubleshoot.MigrationException;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one classification of PostgreSQL source failures: which a retry can cure, and which troubleshooting entry
 * ({@link SourceTrouble}) each one is. The stages' retries and every command's error messages ask here.
 */
public final class PostgresErrors {
    /** admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now, serialization, deadlock. */
    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "40001", "40P01", "53300");
    /** The server ended the session: admin_shutdown (pg_terminate_backend, fast shutdown), crash_shutdown. */
    private static final Set<String> SESSION_ENDED_STATES = Set.of("57P01", "57P02");
    /**
     * Turned away before a session existed: unable to connect (refused, unknown host, timeout), connection rejected,
     * cannot_connect_now (starting up, shutting down), no such database, too many connections.
     */
    private static final Set<String> TURNED_AWAY_STATES = Set.of("08001", "08004", "57P03", "3D000", "53300");
    /** invalid_password, invalid_authorization_specification (no pg_hba.conf entry). */
    private static final Set<String> AUTH_STATES = Set.of("28P01", "28000");

    /** What kind of source failure an exception is; each kind is its own troubleshooting entry. */
    public enum Kind {
        /** No session could be opened: server down, wrong host or port, firewall, database missing. */
        UNREACHABLE,
        /** The server refused the login. */
        AUTHENTICATION,
        /** An open session ended: terminated backend, server stopped, network cut, socket timeout. */
        CONNECTION_LOST,
        /** The session is fine but the server refused the statement. */
        QUERY_FAILED
    }

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

    /** The kind of a failure, whenever it happened (opening a connection or on an open one). */
    public static Kind classify(SQLException e) {
        String state = state(e);
        if (state == null) {
            return Kind.QUERY_FAILED;
        }
        if (AUTH_STATES.contains(state)) {
            return Kind.AUTHENTICATION;
        }
        if (TURNED_AWAY_STATES.contains(state)) {
            return Kind.UNREACHABLE;
        }
        if (state.startsWith("08") || SESSION_ENDED_STATES.contains(state)) {
            return Kind.CONNECTION_LOST;
        }
        return Kind.QUERY_FAILED;
    }

    /** The kind of a failure to open a connection: a refused login, or else the server was not reached. */
    public static Kind classifyLogin(SQLException e) {
        return classify(e) == Kind.AUTHENTICATION ? Kind.AUTHENTICATION : Kind.UNREACHABLE;
    }

    /** True when PostgreSQL refused the login itself (wrong password, no pg_hba entry). */
    public static boolean isAuthFailure(SQLException e) {
        return classify(e) == Kind.AUTHENTICATION;
    }

    /** True when an open session ended (a terminated backend included): a retry on a new connection may cure it. */
    public static boolean isConnectionLost(SQLException e) {
        return classify(e) == Kind.CONNECTION_LOST;
    }

    /**
     * True when the failure came from the source: a labelled source query or the PostgreSQL driver. A block that
     * talks to both sides (the assessment) tells the target's failures apart with it.
     */
    public static boolean fromSource(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceQueryException || t instanceof org.postgresql.util.PSQLException) {
                return true;
            }
        }
        return false;
    }

    /** The entry for a failure to open a connection to {@code url} as {@code user}. */
    public static MigrationException loginFailure(SQLException e, String url, String user) {
        if (classifyLogin(e) == Kind.AUTHENTICATION) {
            return new MigrationException(SourceTrouble.SOURCE_AUTH_FAILED,
                    Map.of("user", String.valueOf(user), "reason", reason(e)), e);
        }
        return new MigrationException(SourceTrouble.SOURCE_UNREACHABLE,
                Map.of("url", String.valueOf(url), "reason", reason(e)), e);
    }

    /**
     * The entry for a failure while working with the source: a lost connection, a failing query (never "cannot
     * connect" for a query the server refused), or — when the work opened its own connection — a login failure.
     *
     * @param purpose what was being done, when the exception does not say it ({@link SourceQueryException} does)
     * @param version the server's version if known, when the exception does not carry it
     */
    public static MigrationException failure(SQLException e, String url, String user, PostgresVersion version,
                                             String purpose) {
        SourceQueryException labelled = labelled(e);
        String what = labelled != null ? labelled.purpose() : purpose;
        PostgresVersion v = labelled != null && labelled.version() != null ? labelled.version() : version;
        Map<String, Object> details = new LinkedHashMap<>();
        switch (classify(e)) {
            case UNREACHABLE, AUTHENTICATION -> {
                return loginFailure(e, url, user);
            }
            case CONNECTION_LOST -> {
                details.put("url", url);
                details.put("purpose", what);
                details.put("reason", reason(e));
                return new MigrationException(SourceTrouble.SOURCE_CONNECTION_LOST, details, e);
            }
            default -> {
                details.put("purpose", what);
                details.put("version", v == null ? "version unknown" : v.text());
                details.put("reason", reason(e));
                return new MigrationException(SourceTrouble.SOURCE_QUERY_FAILED, details, e);
            }
        }
    }

    /** The refusal of a server older than {@link PostgresVersion#OLDEST_SUPPORTED}. */
    public static MigrationException unsupported(PostgresVersion version, String url) {
        return new MigrationException(SourceTrouble.SOURCE_VERSION_UNSUPPORTED, Map.of("version", version.major(),
                "url", String.valueOf(url), "oldest", PostgresVersion.OLDEST_SUPPORTED.major(),
                "newest", PostgresVersion.NEWEST_TESTED_MAJOR));
    }

    private static SourceQueryException labelled(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceQueryException q) {
                return q;
            }
        }
        return null;
    }

    /** The SQLSTATE of the first exception in the chain that has one. */
    private static String state(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    private static String reason(SQLException e) {
        return String.valueOf(e.getMessage());
    }
}
