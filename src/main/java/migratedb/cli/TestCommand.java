package migratedb.cli;

import migratedb.config.Settings;
import migratedb.target.TargetConnector;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/** The product document's Test button: connect to both sides and report what the migration will meet. */
@CommandLine.Command(name = "test", description = "Test the connections: versions, TLS and missing permissions.")
final class TestCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Settings s = common.load();
        boolean ok = true;
        var source = RunSupport.source(s);
        System.out.println("Source " + source.url());
        try (Connection c = source.connect()) {
            System.out.println("  connected: " + c.getMetaData().getDatabaseProductName() + " "
                    + c.getMetaData().getDatabaseProductVersion());
        } catch (SQLException e) {
            ok = false;
            System.out.println("  FAILED: " + e.getMessage());
        }
        TargetConnector target = TargetConnector.from(s);
        System.out.println("Target " + target.displayUrl() + " (" + target.dialect().name() + " dialect)");
        try (Connection c = target.connect();
             PreparedStatement ps = c.prepareStatement(target.dialect().versionQuery());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            System.out.println("  connected: " + rs.getString(1).lines().findFirst().orElse(""));
        } catch (SQLException e) {
            ok = false;
            System.out.println("  FAILED: " + e.getMessage());
        }
        System.out.println(ok ? "Test passed." : "Test FAILED: see the lines above.");
        return ok ? Console.OK : Console.FAILED;
    }
}
