package migratedb.sink;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * The target as a {@link DataSource}: every connection is {@link TargetConnector#connect()}'s, made the way the run
 * makes its own (TLS, authentication, timeouts, the password only in driver properties, the count of logins). It
 * serves the {@code jdbc:} endpoints of the run-state routes unpooled (they read a few rows now and then) and is
 * the source of new connections of the run's {@link TargetPool}.
 */
public final class TargetDataSource implements DataSource {
    private final TargetConnector target;
    private final int loginTimeoutSeconds;

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
        return target.connect();
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
