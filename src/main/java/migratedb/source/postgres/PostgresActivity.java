package migratedb.source.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Other sessions connected to the source database: a sign that the application is still running. */
public final class PostgresActivity {
    private PostgresActivity() {
    }

    /** "user@client (application)" of every other client session on the current database. */
    public static List<String> otherSessions(Connection c) throws SQLException {
        PostgresVersion version = PostgresVersion.of(c);
        String sql = SourceQuery.OTHER_SESSIONS.sql(version);
        return SourceQueryException.labelled(SourceQuery.OTHER_SESSIONS.describe(version), version, () -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String app = rs.getString(4);
                    out.add(rs.getString(2) + "@" + (rs.getString(3) == null ? "local" : rs.getString(3))
                            + " (pid " + rs.getInt(1) + (app == null || app.isBlank() ? "" : ", " + app) + ")");
                }
            }
            return out;
        });
    }

    /** Exact row counts of tables (for excluded tables: reported, never copied). */
    public static long rowCount(Connection c, String schema, String table) throws SQLException {
        return SourceQueryException.labelled("counting the rows of " + schema + "." + table, PostgresVersion.of(c),
                () -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM "
                            + PostgresTableReader.quote(schema) + "." + PostgresTableReader.quote(table));
                         ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
    }
}
