package migratedb.reliability;

import org.h2.tools.Server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQL Server stand-in as a server: H2 in MSSQLServer mode behind a TCP port, so that MigrateDB reaches it over
 * real sockets (through a {@link TcpProxy} when a test injects network faults) and a test can stop the server and
 * start it again on the same database files.
 */
final class H2TcpTarget implements AutoCloseable {
    private static final String OPTIONS = ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE";
    private static final String QUERY_OPTIONS = OPTIONS
            + ";CASE_INSENSITIVE_IDENTIFIERS=TRUE;INIT=CREATE SCHEMA IF NOT EXISTS dbo\\;SET SCHEMA dbo";

    private final Path baseDir;
    private final int port;
    private Server server;

    H2TcpTarget(Path baseDir) throws Exception {
        this.baseDir = baseDir;
        this.port = StoppablePostgres.freePort();
        startAgain();
    }

    int port() {
        return port;
    }

    /** The URL MigrateDB gets (completed by MigrateDB like any H2 URL), through the given port. */
    String url(int viaPort) {
        return "jdbc:h2:tcp://127.0.0.1:" + viaPort + "/target" + OPTIONS;
    }

    String url() {
        return url(port);
    }

    /** A connection for the test's own checks, straight to the server (never through a proxy). */
    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:tcp://127.0.0.1:" + port + "/target" + QUERY_OPTIONS, "sa", "");
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Stops the server: its port closes, every session is dropped, and the database itself is closed (uncommitted
     * work is lost, as when a database server stops).
     */
    void stop() throws SQLException {
        server.stop();
        // the engine lives in this JVM: close the database as the server process would on exit
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + baseDir.resolve("target")
                + OPTIONS + ";IFEXISTS=TRUE", "sa", ""); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            if (e.getErrorCode() != 90146) { // database not found: nothing to close
                throw e;
            }
        }
    }

    void startAgain() throws SQLException {
        server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", baseDir.toString(),
                "-ifNotExists").start();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
