package migratedb.sink;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * The run's target connections, kept for the whole run: a worker borrows one for a chunk (or a table's finalize,
 * or its verification) and gives it back, so a table costs its rows and not a login. No snapshot is held on the
 * target side, so a general-purpose pool fits here (HikariCP: a connection given back is rolled back and reset, an
 * idle one is checked before it is lent again); the connections themselves are {@link TargetConnector#connect()}'s,
 * so TLS, secrets in driver Properties, the network timeout and the count of connections opened stay in one place.
 * A connection that failed is {@link #discard discarded}, never lent again.
 */
public final class TargetPool implements AutoCloseable {
    /** The longest a worker waits for a connection (a new login included) before its attempt counts as failed. */
    static final long WAIT_MILLIS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger("migratedb.copy");

    private final TargetConnector connector;
    private final TargetDataSource logins;
    private final HikariDataSource pool;

    TargetPool(TargetConnector connector, int size) {
        this.connector = connector;
        HikariConfig config = new HikariConfig();
        config.setPoolName("migratedb-target");
        this.logins = new TargetDataSource(connector, (int) (WAIT_MILLIS / 1000));
        config.setDataSource(logins);
        // a fixed size (HikariCP's advice): the logins of a run are the same whatever its number of tables
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(WAIT_MILLIS);
        // no login before the first borrow: a run refused by its preflight never connects through the pool
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    public TargetDialect dialect() {
        return connector.dialect();
    }

    /** The target as shown in logs and reports. */
    public String displayUrl() {
        return connector.displayUrl();
    }

    /**
     * A connection of the pool, in autocommit mode; closing it gives it back. When no connection can be made in
     * time, the failure of the last login is thrown (with its SQLState, so a retry can tell a lost network from a
     * refused login).
     */
    public Connection borrow() throws SQLException {
        try {
            return pool.getConnection();
        } catch (SQLTransientConnectionException e) {
            if (e.getCause() instanceof SQLException login) {
                throw login;
            }
            throw e;
        }
    }

    /**
     * A connection that failed (or whose state is in doubt) leaves the pool for good; the idle ones are checked
     * again before they are lent, as the same cause (a cut network, a restarted server) may have broken them too.
     */
    public void discard(Connection c) {
        pool.evictConnection(c);
        pool.getHikariPoolMXBean().softEvictConnections();
    }

    /**
     * After a failure whose connection is already back in the pool: every connection is replaced before it is lent
     * again (an idle one at once, one in use when it is given back).
     */
    public void renewAll() {
        pool.getHikariPoolMXBean().softEvictConnections();
    }

    /** Logins made for this pool and for the rest of the run. */
    public long connectionsOpened() {
        return connector.connectionsOpened();
    }

    /**
     * Closes the pool, then any connection of it still open: one still lent when the run ended (HikariCP aborts
     * those, which some drivers ignore), or evicted after the pool had let it go. No transaction of the run outlives
     * it, where its locks would stop the next run (a resume in the same process, or the application).
     */
    @Override
    public void close() {
        pool.close();
        int closed = logins.closeAnyStillOpen();
        if (closed > 0) {
            LOG.info("{} target connection(s) still open when the run ended were closed (their work rolled back)",
                    closed);
        }
    }
}
