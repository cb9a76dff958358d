package migratedb.source.postgres;

import java.sql.SQLException;

/**
 * A source query that PostgreSQL refused or could not finish, with what the query was for and the server's version:
 * what the troubleshooting entry {@link SourceTrouble#SOURCE_QUERY_FAILED} names. It keeps the failure's message,
 * SQLSTATE and error code, so {@link PostgresErrors} classifies it like the driver's own exception.
 */
public final class SourceQueryException extends SQLException {
    private final String purpose;
    private final PostgresVersion version;

    public SourceQueryException(String purpose, PostgresVersion version, SQLException cause) {
        super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
        this.purpose = purpose;
        this.version = version;
    }

    /** E.g. "reading the tables' columns (columns-pre12.sql)". */
    public String purpose() {
        return purpose;
    }

    /** The server's version, or null when it was not known yet. */
    public PostgresVersion version() {
        return version;
    }

    /** Runs one source step and labels its failure with its purpose (a failure labelled already keeps its label). */
    public static <T> T labelled(String purpose, PostgresVersion version, Step<T> step) throws SQLException {
        try {
            return step.run();
        } catch (SourceQueryException e) {
            throw e;
        } catch (SQLException e) {
            throw new SourceQueryException(purpose, version, e);
        }
    }

    /** A piece of work against the source. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws SQLException;
    }
}
