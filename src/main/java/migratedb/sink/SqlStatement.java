package migratedb.sink;

import migratedb.config.SecretRedactor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * One statement MigrateDB sends to the target, with what it is for.
 *
 * <p>Values travel as {@code ?} parameters. A statement that must carry a secret as a literal (T-SQL DDL takes no
 * parameters for passwords and key phrases) is marked {@code holdsSecret} and has no parameters: it is sent as a
 * plain batch, never prepared, and its {@link #toString()} / {@link #loggable()} mask the secret literals. A
 * statement whose parameters hold a secret is also marked, and its parameter values are never shown.</p>
 *
 * @param purpose    what the statement does, for logs and the report ("create the database master key")
 * @param sql        the text to execute; when {@code holdsSecret}, never log it: use {@link #loggable()}
 * @param parameters values bound to the {@code ?} markers, in order
 */
public record SqlStatement(String purpose, String sql, List<String> parameters, boolean holdsSecret) {

    public SqlStatement {
        parameters = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(parameters)); // nulls allowed
    }

    public static SqlStatement of(String purpose, String sql, String... parameters) {
        return new SqlStatement(purpose, sql, java.util.Arrays.asList(parameters), false);
    }

    /** A statement with a secret literal: sent as a plain batch (never prepared), masked in logs. */
    public static SqlStatement withSecret(String purpose, String sql) {
        return new SqlStatement(purpose, sql, List.of(), true);
    }

    /** A statement with a secret among its parameters: its parameter values are never shown. */
    public static SqlStatement withSecretParameters(String purpose, String sql, String... parameters) {
        return new SqlStatement(purpose, sql, java.util.Arrays.asList(parameters), true);
    }

    /** The text safe for logs and reports: secret literals masked. */
    public String loggable() {
        return holdsSecret ? SecretRedactor.standard().redact(sql) : sql;
    }

    /** Runs it: a plain batch when it has no parameters, a prepared statement otherwise. */
    public void execute(Connection connection) throws SQLException {
        if (parameters.isEmpty()) {
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            }
        } else {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    ps.setString(i + 1, parameters.get(i));
                }
                ps.execute();
            }
        }
    }

    @Override
    public String toString() {
        String shownParameters = parameters.isEmpty() ? "" : holdsSecret ? " [parameters hidden]" : " " + parameters;
        return purpose + ": " + loggable() + shownParameters;
    }
}
