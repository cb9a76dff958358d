package migratedb.it;

import org.h2.tools.Server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The H2 stand-in as a TCP server on a loopback port inside the test JVM, so that a test can cut a copy's target
 * connection for real (ABORT_SESSION closes the session and rolls its transaction back) or let a killed child JVM
 * drop its connections the way a crashed MigrateDB would.
 */
public final class H2TcpTarget implements AutoCloseable {
    private final Server server;
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

    /** Aborts every other session that holds uncommitted rows (a chunk mid-write); returns how many. */
    public int abortSessionsMidChunk() throws SQLException {
        try (Connection c = connect()) {
            List<Integer> victims = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS "
                    + "WHERE CONTAINS_UNCOMMITTED AND SESSION_ID <> SESSION_ID()");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    victims.add(rs.getInt(1));
                }
            }
            int aborted = 0;
            for (int id : victims) {
                try (PreparedStatement ps = c.prepareStatement("SELECT ABORT_SESSION(?)")) {
                    ps.setInt(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getBoolean(1)) {
                            aborted++;
                        }
                    }
                }
            }
            return aborted;
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
