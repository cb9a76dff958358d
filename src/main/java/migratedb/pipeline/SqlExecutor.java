package migratedb.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Runs a phase's DDL one statement at a time, logging each, so a failure names the statement that failed. */
final class SqlExecutor {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.schema");

    private SqlExecutor() {
    }

    /** A DDL statement the target refused, with the statement text (DDL holds no secret). */
    static final class StatementFailed extends SQLException {
        final String statement;

        StatementFailed(String statement, SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
            this.statement = statement;
        }
    }

    static void run(Connection c, List<String> statements, boolean tolerateExisting) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                try {
                    st.execute(sql);
                    LOG.debug("Executed: {}", sql);
                } catch (SQLException e) {
                    if (tolerateExisting && alreadyExists(e)) {
                        LOG.info("Already present, kept: {}", firstLine(sql));
                        continue;
                    }
                    throw new StatementFailed(sql, e);
                }
            }
        }
    }

    /** SQL Server 2714/1913/1750/2705/1779, H2 42101/42111/90045/90131: the object exists (a resumed finalize). */
    private static boolean alreadyExists(SQLException e) {
        int code = e.getErrorCode();
        return code == 2714 || code == 1913 || code == 1750 || code == 2705 || code == 1779 || code == 42101
                || code == 42111 || code == 90045 || code == 90131;
    }

    static String firstLine(String sql) {
        return sql.lines().findFirst().orElse(sql);
    }
}
