package migratedb.route;

import migratedb.sink.TargetConnector;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * The target as a {@link DataSource}, for the {@code jdbc:} endpoints of the run-state routes: every connection is
 * made the way the run makes its own (TLS, authentication, timeouts, the password only in driver properties). No
 * pool: these routes read a few rows now and then.
 */
public final class ConnectorDataSource implements DataSource {
    private final TargetConnector target;

    public ConnectorDataSource(TargetConnector target) {
        this.target = target;
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
        // the driver logs through the route log
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the target's own timeouts apply (target.socketTimeoutSeconds)
    }

    @Override
    public int getLoginTimeout() {
        return 0;
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
