package migratedb.cli;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.source.postgres.PostgresVersion;
import migratedb.source.postgres.SourceSession;
import migratedb.sink.EncryptionMode;
import migratedb.sink.TargetConnector;
import migratedb.sink.sqlserver.ConnectionSecurity;
import migratedb.sink.sqlserver.NativeAuthLibrary;
import migratedb.sink.sqlserver.PermissionCheck;
import migratedb.sink.sqlserver.PermissionFinding;
import migratedb.troubleshoot.MigrationException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The product document's Test button: connect to both sides and report what the migration will meet — versions,
 * TLS in use, the authentication scheme the server saw, and each missing permission with the GRANT that fixes it.
 */
@CommandLine.Command(name = "test", description = "Test the connections: versions, TLS, authentication and missing permissions.")
final class TestCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return run(common.load(), System.out);
    }

    static int run(Settings s, PrintStream out) {
        boolean ok = testSource(s, out);
        ok &= testTarget(s, out);
        out.println(ok ? "Test passed." : "Test FAILED: see the lines above.");
        return ok ? Console.OK : Console.FAILED;
    }

    private static boolean testSource(Settings s, PrintStream out) {
        try (SourceSession session = SourceSession.open(s)) {
            out.println("Source " + session.source().url() + (session.bundled() ? " (bundled, started for the test)" : ""));
            session.warnings().forEach(w -> out.println("  WARNING: " + w));
            try (Connection c = session.source().open()) {
                PostgresVersion v = session.source().version();
                out.println("  connected: PostgreSQL " + v.text() + " (MigrateDB reads "
                        + PostgresVersion.OLDEST_SUPPORTED.major() + " to " + PostgresVersion.NEWEST_TESTED_MAJOR
                        + (v.newerThanTested() ? "; this newer one is read, untested" : "") + ")");
                return true;
            } catch (SQLException e) {
                throw session.source().failure(e, "closing the test connection");
            }
        } catch (MigrationException e) {
            // the source's troubleshooting entry: what failed and what to do, not just the driver's words
            out.println("  FAILED: " + e.consoleText());
            return false;
        }
    }

    private static boolean testTarget(Settings s, PrintStream out) {
        TargetConnector target = TargetConnector.from(s);
        out.println("Target " + target.displayUrl() + " (" + target.dialect().name() + " dialect)");
        target.warnings().forEach(w -> out.println("  WARNING: " + w));
        if (NativeAuthLibrary.usedBy(target.displayUrl())) {
            out.println("  Windows authentication: " + NativeAuthLibrary.status(System.getProperty("java.library.path")));
        }
        EncryptionMode mode = EncryptionMode.of(s);
        List<PermissionFinding> findings = new ArrayList<>();
        boolean ok = true;
        try {
            Optional<Connection> server = target.connectToServer();
            if (server.isPresent()) {
                try (Connection master = server.get()) {
                    PermissionCheck check = new PermissionCheck(target.keys().names(), mode);
                    ConnectionSecurity security = check.connectionSecurity(master);
                    out.println("  connected: " + version(master, target).lines().findFirst().orElse(""));
                    out.println("  TLS in use: " + (security.encrypted() == null ? "unknown (needs VIEW SERVER STATE)"
                            : security.encrypted() ? "yes" : "NO"));
                    out.println("  authentication scheme: " + security.authScheme());
                    if (Boolean.FALSE.equals(security.encrypted())) {
                        ok = false;
                    }
                    findings.addAll(check.checkServer(master));
                }
                try (Connection db = target.connect()) {
                    findings.addAll(new PermissionCheck(target.keys().names(), mode).checkDatabase(db));
                } catch (SQLException e) {
                    out.println("  target database not reachable yet (" + e.getMessage()
                            + "); with target.encryption=default or none MigrateDB creates it");
                }
            } else {
                try (Connection c = target.connect()) {
                    out.println("  connected: " + version(c, target));
                    out.println("  TLS in use: not applicable (H2 stand-in, embedded)");
                    out.println("  permissions: not applicable (H2 stand-in)");
                }
            }
        } catch (SQLException | MigrationException e) {
            // a failure whose fix is known prints it: a certificate, the native library for Windows authentication
            out.println("  FAILED: " + target.explain(e).map(MigrationException::consoleText)
                    .orElse(e.getMessage()));
            return false;
        }
        for (PermissionFinding f : findings) {
            if (!f.granted()) {
                ok = false;
                out.println("  MISSING permission " + f.name() + " — fix: " + f.fixSql());
            }
        }
        if (!findings.isEmpty() && findings.stream().allMatch(PermissionFinding::granted)) {
            out.println("  permissions: every permission the migration needs is granted");
        }
        return ok;
    }

    private static String version(Connection c, TargetConnector target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(target.dialect().versionQuery());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
