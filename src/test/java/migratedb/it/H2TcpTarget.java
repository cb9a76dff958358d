package migratedb.it;

import org.h2.tools.Server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The H2 stand-in as a TCP server on a loopback port inside the test JVM, so that a killed child JVM drops its
 * connections the way a crashed MigrateDB would.
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

    @Override
    public void close() {
        server.stop();
    }
}
