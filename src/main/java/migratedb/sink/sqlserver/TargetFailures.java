package migratedb.sink.sqlserver;

import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Failures of connecting to SQL Server whose fix MigrateDB knows, recognised by the driver's own words: a
 * certificate this JVM does not accept, and Windows authentication without the driver's native library. The other
 * connection failures keep their general entries (unreachable, login refused).
 */
public final class TargetFailures {
    /**
     * The driver's words for a TLS handshake whose certificate was refused (R_sslFailed wraps the JVM's reason;
     * R_certNameFailed, R_serverCertExpired and R_serverCertError are its own checks).
     */
    private static final List<String> CERTIFICATE = List.of("pkix path building failed",
            "unable to find valid certification path", "failed to validate the server name",
            "server certificate has expired", "error validating server certificate", "certificate_unknown",
            "no subject alternative names", "no name matching");

    private TargetFailures() {
    }

    /**
     * The catalogue entry for a failure to connect to {@code server}, when its fix is known.
     *
     * @param failure the driver's exception (its message and its causes are read; secrets are already masked)
     */
    public static Optional<MigrationException> explain(Throwable failure, String server) {
        String text = chain(failure);
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains(NativeAuthLibrary.DRIVER_MESSAGE.toLowerCase(Locale.ROOT))
                || lower.contains("mssql-jdbc_auth") && lower.contains("unsatisfiedlinkerror")) {
            return Optional.of(new MigrationException(SecurityTrouble.TARGET_NATIVE_AUTH_LIBRARY_MISSING, Map.of(
                    "dll", NativeAuthLibrary.name(), "version", NativeAuthLibrary.version(),
                    "libraryPath", System.getProperty("java.library.path", "")), failure));
        }
        if (CERTIFICATE.stream().anyMatch(lower::contains)) {
            return Optional.of(new MigrationException(SecurityTrouble.TARGET_CERTIFICATE_REJECTED, Map.of(
                    "server", server, "reason", firstLine(failure)), failure));
        }
        return Optional.empty();
    }

    private static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c).append('\n');
        }
        return sb.toString();
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
