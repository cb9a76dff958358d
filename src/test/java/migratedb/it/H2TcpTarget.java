package migratedb.it;

import org.h2.tools.Server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The H2 stand-in as a TCP server on a loopback port inside the test JVM, so that a test can cut a copy's target
 * connections for real (the server is stopped and started again on the same port) or let a killed child JVM drop
 * its connections the way a crashed MigrateDB would.
 */
public final class H2TcpTarget implements AutoCloseable {
    private Server server;
    private final Path file;

    public H2TcpTarget(Path file) throws SQLException {
        this.file = file;
        this.server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    }

    /** The target URL MigrateDB is given (it completes it like any H2 URL). */
    public String url() {
        return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/" + file + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url() + ";CASE_INSENSITIVE_IDENTIFIERS=TRUE", "sa", "");
    }

    /** Sessions other than the caller's that hold uncommitted rows: chunks being written. */
    public int sessionsMidChunk() throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM "
                + "INFORMATION_SCHEMA.SESSIONS WHERE CONTAINS_UNCOMMITTED AND SESSION_ID <> SESSION_ID()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Cuts every connection, as a network failure or a server restart would, and listens again on the same port.
     * The server closes each session between two of its commands, so a cut transaction is rolled back whole.
     * (H2's ABORT_SESSION is not used: aborting a session while its statement runs can leave that statement's
     * row committed in H2 2.5.252, which neither SQL Server's KILL nor a lost connection does.)
     */
    public void restart() throws SQLException {
        int port = server.getPort();
        server.stop();
        server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
    }

    @Override
    public void close() {
        server.stop();
    }
}
