package migratedb.pipeline;

import migratedb.sink.DdlFailure;
import migratedb.sink.TargetDialect;
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

    /** @param tolerateExisting keep going past an object that exists already (the dialect says which errors) */
    static void run(Connection c, List<String> statements, boolean tolerateExisting, TargetDialect dialect)
            throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                try {
                    st.execute(sql);
                    LOG.debug("Executed: {}", sql);
                } catch (SQLException e) {
                    if (tolerateExisting && dialect.classifyDdlFailure(e).kind() == DdlFailure.Kind.ALREADY_EXISTS) {
                        LOG.info("Already present, kept: {}", firstLine(sql));
                        continue;
                    }
                    throw new StatementFailed(sql, e);
                }
            }
        }
    }

    static String firstLine(String sql) {
        return sql.lines().findFirst().orElse(sql);
    }
}
