package migratedb.ops;

import migratedb.config.Settings;
import migratedb.sink.EncryptionMode;
import migratedb.sink.TargetConnector;
import migratedb.sink.sqlserver.ConnectionSecurity;
import migratedb.sink.sqlserver.NativeAuthLibrary;
import migratedb.sink.sqlserver.PermissionCheck;
import migratedb.sink.sqlserver.PermissionFinding;
import migratedb.source.postgres.PostgresVersion;
import migratedb.source.postgres.SourceSession;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.TroubleshootingLog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The product document's Test button: connect to both sides and find what the migration will meet — versions, TLS
 * in use, the authentication scheme the server saw, and each missing permission with the GRANT that fixes it. The
 * command line prints it ({@code ./run.sh test}), the web console shows it; both run this.
 */
public final class ConnectionTest {
    private ConnectionTest() {
    }

    /** What the test found on both sides; {@code passed} when every check passed. */
    public record Report(boolean passed, Side source, Side target) {
    }

    /**
     * What the test found on one side.
     *
     * @param url         the connection as shown (no secret); null when the source could not even be started
     * @param note        how it was reached ("bundled, started for the test"; "sqlserver dialect"), or null
     * @param connected   what the server said it is ("PostgreSQL 16.10 (MigrateDB reads 9.6 to 18)"), or null
     * @param tls         TLS in use: yes, NO, or why it is not known or not applicable; null for the source
     * @param authScheme  the authentication scheme SQL Server saw (SQL, NTLM, KERBEROS), or null
     * @param nativeAuth  whether the driver's native library for Windows authentication is found, when it is used
     * @param notes       what else was found ("target database not reachable yet ...")
     * @param missing     each missing permission with the GRANT that fixes it
     * @param permissions the verdict on permissions when there is nothing missing to list ("every permission the
     *                    migration needs is granted", "not applicable (H2 stand-in)"), or null
     * @param failure     the failure as error · cause · effect · solution (code, error, cause, effect, solution), or
     *                    null
     * @param failureText the failure as the command line prints it: one paragraph, what failed and what to do
     */
    public record Side(boolean passed, String url, String note, String connected, String tls, String authScheme,
                       String nativeAuth, List<String> warnings, List<String> notes, List<Permission> missing,
                       String permissions, Map<String, String> failure, String failureText) {
        public Side {
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
            notes = notes == null ? List.of() : List.copyOf(notes);
            missing = missing == null ? List.of() : List.copyOf(missing);
        }
    }

    /** A permission the login lacks, and the statement a DBA runs to grant it. */
    public record Permission(String name, String fixSql) {
    }

    public static Report run(Settings s) {
        Side source = source(s);
        Side target = target(s);
        return new Report(source.passed() && target.passed(), source, target);
    }

    private static Side source(Settings s) {
        String url = null;
        String note = null;
        List<String> warnings = new ArrayList<>();
        try (SourceSession session = SourceSession.open(s)) {
            url = session.source().url();
            note = session.bundled() ? "bundled, started for the test" : null;
            warnings.addAll(session.warnings());
            try (Connection c = session.source().open()) {
                PostgresVersion v = session.source().version();
                String connected = "PostgreSQL " + v.text() + " (MigrateDB reads "
                        + PostgresVersion.OLDEST_SUPPORTED.major() + " to " + PostgresVersion.NEWEST_TESTED_MAJOR
                        + (v.newerThanTested() ? "; this newer one is read, untested" : "") + ")";
                return new Side(true, url, note, connected, null, null, null, warnings, List.of(), List.of(), null,
                        null, null);
            } catch (SQLException e) {
                throw session.source().failure(e, "closing the test connection");
            }
        } catch (MigrationException e) {
            // the source's troubleshooting entry: what failed and what to do, not just the driver's words
            return new Side(false, url, note, null, null, null, null, warnings, List.of(), List.of(), null,
                    failure(e), e.consoleText());
        }
    }

    private static Side target(Settings s) {
        TargetConnector target = TargetConnector.from(s);
        String note = target.dialect().name() + " dialect";
        List<String> warnings = new ArrayList<>(target.warnings());
        String nativeAuth = NativeAuthLibrary.usedBy(target.displayUrl())
                ? NativeAuthLibrary.status(System.getProperty("java.library.path")) : null;
        EncryptionMode mode = EncryptionMode.of(s);
        List<PermissionFinding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String connected = null;
        String tls = null;
        String scheme = null;
        String permissions = null;
        boolean ok = true;
        try {
            Optional<Connection> server = target.connectToServer();
            if (server.isPresent()) {
                try (Connection master = server.get()) {
                    PermissionCheck check = new PermissionCheck(target.keys().names(), mode);
                    ConnectionSecurity security = check.connectionSecurity(master);
                    connected = version(master, target).lines().findFirst().orElse("");
                    tls = security.encrypted() == null ? "unknown (needs VIEW SERVER STATE)"
                            : security.encrypted() ? "yes" : "NO";
                    scheme = security.authScheme();
                    if (Boolean.FALSE.equals(security.encrypted())) {
                        ok = false;
                    }
                    findings.addAll(check.checkServer(master));
                }
                try (Connection db = target.connect()) {
                    findings.addAll(new PermissionCheck(target.keys().names(), mode).checkDatabase(db));
                } catch (SQLException e) {
                    notes.add("target database not reachable yet (" + e.getMessage()
                            + "); with target.encryption=default or none MigrateDB creates it");
                }
            } else {
                try (Connection c = target.connect()) {
                    connected = version(c, target);
                    tls = "not applicable (H2 stand-in, embedded)";
                    permissions = "not applicable (H2 stand-in)";
                }
            }
        } catch (SQLException | MigrationException e) {
            // a failure whose fix is known says it: a certificate, the native library for Windows authentication
            Optional<MigrationException> known = target.explain(e);
            Map<String, String> failure = known.map(ConnectionTest::failure)
                    .orElseGet(() -> Map.of("error", String.valueOf(e.getMessage())));
            return new Side(false, target.displayUrl(), note, connected, tls, scheme, nativeAuth, warnings, notes,
                    List.of(), permissions, failure, known.map(MigrationException::consoleText)
                    .orElse(e.getMessage()));
        }
        List<Permission> missing = findings.stream().filter(f -> !f.granted())
                .map(f -> new Permission(f.name(), f.fixSql())).toList();
        if (!missing.isEmpty()) {
            ok = false;
        } else if (!findings.isEmpty()) {
            permissions = "every permission the migration needs is granted";
        }
        return new Side(ok, target.displayUrl(), note, connected, tls, scheme, nativeAuth, warnings, notes, missing,
                permissions, null, null);
    }

    /** A failure as the troubleshooting catalogue writes it: code, error, cause, effect, solution. */
    public static Map<String, String> failure(Throwable t) {
        MigrationException m = TroubleshootingLog.catalogued(t);
        Map<String, String> f = new LinkedHashMap<>();
        f.put("code", m.trouble().code());
        f.put("error", m.error());
        f.put("cause", m.cause());
        f.put("effect", m.effect());
        f.put("solution", m.solution());
        return f;
    }

    private static String version(Connection c, TargetConnector target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(target.dialect().versionQuery());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
