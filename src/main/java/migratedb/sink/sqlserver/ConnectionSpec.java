package migratedb.sink.sqlserver;

import migratedb.config.Secret;
import migratedb.config.SecretRedactor;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What {@code DriverManager.getConnection(url, properties)} needs, built by {@link SqlServerConnectionFactory}.
 * The URL never holds a secret; the password travels only in the properties; {@link #toString()} masks it.
 *
 * @param url         the JDBC URL (safe to log)
 * @param properties  user, password and other secret-bearing properties
 * @param warnings    texts the caller prints on every run (e.g. certificate validation is off)
 * @param kerberos    what the JVM needs for Kerberos with a keytab, or null
 */
public record ConnectionSpec(String url, Properties properties, List<String> warnings, KerberosSetup kerberos) {

    public ConnectionSpec {
        properties = copy(properties);
        warnings = List.copyOf(warnings);
    }

    /** A copy; changing it does not change the spec. */
    @Override
    public Properties properties() {
        return copy(properties);
    }

    /** Opens a connection. The failure names the server and the driver's reason with every secret masked. */
    public Connection open() {
        try {
            return DriverManager.getConnection(url, copy(properties));
        } catch (SQLException e) {
            throw new MigrationException(SecurityTrouble.TARGET_CONNECTION_FAILED,
                    Map.of("server", url, "reason", redactor().redact(String.valueOf(e.getMessage()))),
                    new SanitizedSqlException(e, redactor()));
        }
    }

    /** Masks the secrets of this spec (password, trust store password) in any text, e.g. a driver message. */
    public SecretRedactor redactor() {
        List<Secret> secrets = properties.stringPropertyNames().stream()
                .filter(k -> SecretRedactor.standard().isSecretKey(k))
                .map(k -> Secret.of(properties.getProperty(k)))
                .toList();
        return SecretRedactor.standard().withKnownSecrets(secrets);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> shown.put(k, properties.getProperty(k)));
        return "ConnectionSpec[url=" + url + ", properties=" + SecretRedactor.standard().redact(shown)
                + ", warnings=" + warnings + "]";
    }

    private static Properties copy(Properties in) {
        Properties out = new MaskedProperties();
        in.stringPropertyNames().forEach(k -> out.setProperty(k, in.getProperty(k)));
        return out;
    }

    /** Properties whose toString masks secrets, in case someone logs what the driver got. */
    static final class MaskedProperties extends Properties {
        @Override
        public synchronized String toString() {
            Map<String, String> shown = new TreeMap<>();
            stringPropertyNames().forEach(k -> shown.put(k, getProperty(k)));
            return SecretRedactor.standard().redact(shown).toString();
        }

        @Override
        public void list(java.io.PrintStream out) {
            out.println(this);
        }

        @Override
        public void list(java.io.PrintWriter out) {
            out.println(this);
        }
    }

    /**
     * The driver's exception with its message (and its chain's messages) re-written with secrets masked; it keeps
     * the SQLState, the vendor code and the stack trace for diagnosis.
     */
    static final class SanitizedSqlException extends SQLException {
        /** The driver's exception class: named in stack traces (troubleshooting.log), not in console messages. */
        private final String originalClass;

        SanitizedSqlException(SQLException original, SecretRedactor redactor) {
            super(redactor.redact(String.valueOf(original.getMessage())), original.getSQLState(),
                    original.getErrorCode(), original.getCause() == null ? null : sanitize(original.getCause(), redactor));
            this.originalClass = original.getClass().getName();
            setStackTrace(original.getStackTrace());
        }

        @Override
        public String toString() {
            return originalClass + ": " + getMessage();
        }

        private static Throwable sanitize(Throwable t, SecretRedactor redactor) {
            Throwable copy = new Exception(t.getClass().getName() + ": " + redactor.redact(String.valueOf(t.getMessage())),
                    t.getCause() == null ? null : sanitize(t.getCause(), redactor));
            copy.setStackTrace(t.getStackTrace());
            return copy;
        }
    }
}
