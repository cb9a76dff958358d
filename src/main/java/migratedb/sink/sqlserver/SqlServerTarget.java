package migratedb.sink.sqlserver;

import migratedb.config.SettingKeys;
import migratedb.config.Secret;
import migratedb.config.SecretCipher;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;

import java.util.Locale;
import java.util.Map;

/**
 * The connection settings of the SQL Server target, as plain values (secrets as {@link Secret}, so the record
 * prints safely).
 *
 * @param host     host name or address, optionally {@code host:port}, {@code host\instance} or {@code [v6]:port}
 * @param instance named instance, or empty for the default instance
 * @param database target database (default PassTrix)
 * @param url      a full JDBC URL that overrides host/instance/database/TLS/auth, or empty
 */
public record SqlServerTarget(String host, String instance, String database, Auth auth, String user,
                              Secret password, Tls tls, Kerberos kerberos, String url) {

    public static final String DEFAULT_DATABASE = "PassTrix";

    public enum Auth { SQL, WINDOWS }

    /** {@code encrypt} values MigrateDB allows: TLS always. */
    public enum Encrypt {
        /** TLS after the pre-login handshake (TDS 7.x), certificate validated. */
        TRUE("true"),
        /** TDS 8.0: TLS before anything else, certificate always validated (SQL Server 2022+). */
        STRICT("strict");

        private final String jdbcValue;

        Encrypt(String jdbcValue) {
            this.jdbcValue = jdbcValue;
        }

        public String jdbcValue() {
            return jdbcValue;
        }
    }

    public record Tls(Encrypt encrypt, boolean trustServerCertificate, String hostNameInCertificate,
                      String trustStore, Secret trustStorePassword, String trustStoreType, String serverCertificate) {
        public static Tls defaults() {
            return new Tls(Encrypt.TRUE, false, "", "", Secret.empty(), "", "");
        }

        public Tls withTrustServerCertificate(boolean trust) {
            return new Tls(encrypt, trust, hostNameInCertificate, trustStore, trustStorePassword, trustStoreType,
                    serverCertificate);
        }
    }

    public record Kerberos(String principal, String keytab, String krb5Conf, String realm, String serverSpn) {
        public static Kerberos none() {
            return new Kerberos("", "", "", "", "");
        }

        public boolean usesKeytab() {
            return !keytab.isBlank();
        }
    }

    public SqlServerTarget {
        host = blankToEmpty(host);
        instance = blankToEmpty(instance);
        database = database == null || database.isBlank() ? DEFAULT_DATABASE : database.strip();
        auth = auth == null ? Auth.SQL : auth;
        user = blankToEmpty(user);
        password = password == null ? Secret.empty() : password;
        tls = tls == null ? Tls.defaults() : tls;
        kerberos = kerberos == null ? Kerberos.none() : kerberos;
        url = blankToEmpty(url);
    }

    /** SQL authentication to host[:port] with default TLS. */
    public static SqlServerTarget sql(String host, String instance, String database, String user, Secret password) {
        return new SqlServerTarget(host, instance, database, Auth.SQL, user, password, Tls.defaults(),
                Kerberos.none(), "");
    }

    public SqlServerTarget withTls(Tls newTls) {
        return new SqlServerTarget(host, instance, database, auth, user, password, newTls, kerberos, url);
    }

    public SqlServerTarget withUrl(String newUrl) {
        return new SqlServerTarget(host, instance, database, auth, user, password, tls, kerberos, newUrl);
    }

    public SqlServerTarget withAuth(Auth newAuth, String newUser, Secret newPassword, Kerberos newKerberos) {
        return new SqlServerTarget(host, instance, database, newAuth, newUser, newPassword, tls, newKerberos, url);
    }

    /**
     * Reads the target.* keys (see {@link ConnectionSettingKeys}); ENC(...) secrets are decrypted with the cipher,
     * which may be null when no value is encrypted.
     */
    public static SqlServerTarget fromSettings(Map<String, String> stored, SecretCipher cipher) {
        return new SqlServerTarget(
                get(stored, SettingKeys.TARGET_HOST),
                get(stored, SettingKeys.TARGET_INSTANCE),
                databaseOf(stored),
                parseAuth(get(stored, SettingKeys.TARGET_AUTH)),
                get(stored, SettingKeys.TARGET_USER),
                secret(stored, SettingKeys.TARGET_PASSWORD, cipher),
                new Tls(parseEncrypt(get(stored, SettingKeys.TLS_ENCRYPT)),
                        parseBoolean(stored, SettingKeys.TLS_TRUST_SERVER_CERTIFICATE),
                        get(stored, SettingKeys.TLS_HOST_NAME_IN_CERTIFICATE),
                        get(stored, SettingKeys.TLS_TRUST_STORE),
                        secret(stored, SettingKeys.TLS_TRUST_STORE_PASSWORD, cipher),
                        get(stored, SettingKeys.TLS_TRUST_STORE_TYPE),
                        get(stored, SettingKeys.TLS_SERVER_CERTIFICATE)),
                new Kerberos(get(stored, SettingKeys.KERBEROS_PRINCIPAL),
                        get(stored, SettingKeys.KERBEROS_KEYTAB),
                        get(stored, SettingKeys.KERBEROS_KRB5_CONF),
                        get(stored, SettingKeys.KERBEROS_REALM),
                        get(stored, SettingKeys.KERBEROS_SERVER_SPN)),
                get(stored, SettingKeys.TARGET_URL));
    }

    /**
     * The database MigrateDB works in: the one a jdbc:sqlserver target.url names, since the URL overrides
     * target.database, else target.database. One name for the connection, CREATE DATABASE and the key hierarchy:
     * otherwise a URL naming another database would have MigrateDB create target.database empty beside it.
     */
    public static String databaseOf(Map<String, String> stored) {
        String url = get(stored, SettingKeys.TARGET_URL);
        if (!url.regionMatches(true, 0, "jdbc:sqlserver:", 0, "jdbc:sqlserver:".length())) {
            return get(stored, SettingKeys.TARGET_DATABASE);
        }
        String named = SqlServerConnectionFactory.databaseNamedIn(url);
        if (named.isEmpty()) {
            throw invalid(SettingKeys.TARGET_URL, "it names no database; add ;databaseName=<name> to it (with "
                    + "target.url, target.database is not used)");
        }
        return named;
    }

    static Auth parseAuth(String value) {
        if (value.isEmpty() || value.equalsIgnoreCase("sql")) {
            return Auth.SQL;
        }
        if (value.equalsIgnoreCase("windows")) {
            return Auth.WINDOWS;
        }
        throw invalid(SettingKeys.TARGET_AUTH, "expected sql or windows, found '" + value + "'");
    }

    static Encrypt parseEncrypt(String value) {
        if (value.isEmpty() || value.equalsIgnoreCase("true")) {
            return Encrypt.TRUE;
        }
        if (value.equalsIgnoreCase("strict")) {
            return Encrypt.STRICT;
        }
        throw invalid(SettingKeys.TLS_ENCRYPT,
                "expected true or strict (MigrateDB always uses TLS), found '" + value + "'");
    }

    private static boolean parseBoolean(Map<String, String> stored, String key) {
        String v = get(stored, key).toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw invalid(key, "expected true or false, found '" + v + "'");
    }

    private static Secret secret(Map<String, String> stored, String key, SecretCipher cipher) {
        String v = stored.get(key);
        if (v == null || v.isBlank()) {
            return Secret.empty();
        }
        if (cipher == null) {
            if (SecretCipher.isEncrypted(v)) {
                throw new MigrationException(SecurityTrouble.SECRET_KEY_FILE_MISSING,
                        Map.of("keyFile", SecretCipher.DEFAULT_KEY_FILE, "setting", key));
            }
            return Secret.of(v);
        }
        return cipher.decrypt(key, v);
    }

    private static String get(Map<String, String> stored, String key) {
        String v = stored.get(key);
        return v == null ? "" : v.strip();
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    static MigrationException invalid(String setting, String reason) {
        return new MigrationException(SecurityTrouble.TARGET_SETTING_INVALID, Map.of("setting", setting, "reason", reason));
    }
}
