package migratedb.sink;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The target as a {@link DataSource}: every connection is {@link TargetConnector#connect()}'s, made the way the run
 * makes its own (TLS, authentication, timeouts, the password only in driver properties, the count of logins). It
 * serves the {@code jdbc:} endpoints of the run-state routes unpooled (they read a few rows now and then) and is
 * the source of new connections of the run's {@link TargetPool}, which asks it at its close to
 * {@link #closeAnyStillOpen() close the connections still open}.
 */
public final class TargetDataSource implements DataSource {
    private final TargetConnector target;
    private final int loginTimeoutSeconds;
    /** Every connection this source made that was open when the last one was made (closed ones are dropped). */
    private final List<Connection> made = new ArrayList<>();

    /** Unpooled: the target's own timeouts apply. */
    public TargetDataSource(TargetConnector target) {
        this(target, 0);
    }

    /** @param loginTimeoutSeconds what a pool is told a login may take (HikariCP waits that long at shutdown) */
    TargetDataSource(TargetConnector target, int loginTimeoutSeconds) {
        this.target = target;
        this.loginTimeoutSeconds = loginTimeoutSeconds;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = target.connect();
        synchronized (made) {
            made.removeIf(TargetDataSource::isClosed);
            made.add(c);
        }
        return c;
    }

    /**
     * Closes every connection this source made that is still open, and says how many there were. A pool that shuts
     * down while a connection is lent aborts it (JDBC's {@code Connection.abort}), and a driver may do nothing there
     * (H2 does nothing): the connection, and the uncommitted rows and locks of its transaction, would outlive the run.
     * Closing it rolls that transaction back (waiting for a statement still running on it, if any).
     */
    int closeAnyStillOpen() {
        List<Connection> open;
        synchronized (made) {
            open = new ArrayList<>(made);
            made.clear();
        }
        int closed = 0;
        for (Connection c : open) {
            if (!isClosed(c)) {
                try {
                    c.close();
                } catch (SQLException | RuntimeException e) {
                    // closing is all that can be done; a driver that fails here has lost the connection already
                }
                closed++;
            }
        }
        return closed;
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the target's login comes from the configuration");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // the driver logs through the route log, HikariCP through slf4j
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the target's own timeouts apply (target.socketTimeoutSeconds)
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "target " + target.displayUrl();
    }
}
