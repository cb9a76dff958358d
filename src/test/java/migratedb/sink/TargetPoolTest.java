package migratedb.sink;

import migratedb.config.Settings;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run's target pool ends with its run: no connection of it, and no transaction, outlives its close. */
class TargetPoolTest {

    /**
     * A worker still writing when its run ends (a Cancel, the run's thread done before it): HikariCP aborts the lent
     * connection, which H2 ignores; the pool's close still ends it, so its row lock does not stop the next run.
     */
    @Test
    void aConnectionStillLentWhenThePoolClosesIsRolledBackAndClosed() throws Exception {
        String url = "jdbc:h2:mem:pool_lent;DB_CLOSE_DELAY=-1;MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE";
        try (Connection watcher = DriverManager.getConnection(url, "sa", "");
             Statement st = watcher.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS dbo; CREATE TABLE dbo.items (id INT PRIMARY KEY)");
            TargetConnector target = TargetConnector.from(Settings.of(Map.of("target.url", url)));
            TargetPool pool = target.pool(2);
            Connection lent = pool.borrow();
            Connection login = lent.unwrap(org.h2.jdbc.JdbcConnection.class); // under the pool's proxy
            lent.setAutoCommit(false);
            try (Statement w = lent.createStatement()) {
                w.execute("INSERT INTO dbo.items VALUES (1)");
            }

            pool.close(); // the worker never gave it back

            assertTrue(login.isClosed(), "the lent connection's login is closed with its pool");
            st.execute("SET LOCK_TIMEOUT 2000");
            st.execute("INSERT INTO dbo.items VALUES (1)"); // waits for a lock left behind, then fails, if one is
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM dbo.items")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the unfinished insert was rolled back");
            }
        }
    }
}
