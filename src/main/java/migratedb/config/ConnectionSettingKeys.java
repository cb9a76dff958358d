package migratedb.config;

import java.util.List;

/** The keys of conf/database_params.conf that the security classes read or write. */
public final class ConnectionSettingKeys {
    private ConnectionSettingKeys() {
    }

    public static final String SOURCE_URL = "source.url";
    public static final String SOURCE_USER = "source.user";
    public static final String SOURCE_PASSWORD = "source.password";

    public static final String TARGET_HOST = "target.host";
    public static final String TARGET_INSTANCE = "target.instance";
    public static final String TARGET_DATABASE = "target.database";
    public static final String TARGET_AUTH = "target.auth";
    public static final String TARGET_USER = "target.user";
    public static final String TARGET_PASSWORD = "target.password";
    public static final String TARGET_ENCRYPTION = "target.encryption";
    public static final String TARGET_CERTIFICATE = "target.certificate";
    public static final String TARGET_SYMMETRIC_KEY = "target.symmetricKey";
    public static final String TARGET_URL = "target.url";
    /** Added by the security work: the generated database master key password, stored as ENC(...). */
    public static final String TARGET_MASTER_KEY_PASSWORD = "target.masterKeyPassword";

    /** {@code true} (default: TLS with certificate validation) or {@code strict} (TDS 8.0, TLS before login). */
    public static final String TLS_ENCRYPT = "target.tls.encrypt";
    /** {@code false} (default). {@code true} skips certificate validation and prints a warning on every run. */
    public static final String TLS_TRUST_SERVER_CERTIFICATE = "target.tls.trustServerCertificate";
    /** Host name expected in the server certificate when it differs from target.host. */
    public static final String TLS_HOST_NAME_IN_CERTIFICATE = "target.tls.hostNameInCertificate";
    /** Trust store with the CA (or the server certificate) that validates SQL Server's certificate. */
    public static final String TLS_TRUST_STORE = "target.tls.trustStore";
    /** Password of the trust store, stored as ENC(...). */
    public static final String TLS_TRUST_STORE_PASSWORD = "target.tls.trustStorePassword";
    /** Trust store type: JKS (default) or PKCS12. */
    public static final String TLS_TRUST_STORE_TYPE = "target.tls.trustStoreType";
    /** strict only: path to the server's certificate (PEM/DER) to pin instead of a trust store. */
    public static final String TLS_SERVER_CERTIFICATE = "target.tls.serverCertificate";

    /** Kerberos principal for Windows authentication from Linux, e.g. svc-amp@EXAMPLE.COM. */
    public static final String KERBEROS_PRINCIPAL = "target.kerberos.principal";
    /** Keytab of that principal; without it the ticket cache (kinit) is used. */
    public static final String KERBEROS_KEYTAB = "target.kerberos.keytab";
    /** krb5.conf to use instead of the system one (/etc/krb5.conf). */
    public static final String KERBEROS_KRB5_CONF = "target.kerberos.krb5Conf";
    /** Realm of the SQL Server's SPN when it differs from the default realm. */
    public static final String KERBEROS_REALM = "target.kerberos.realm";
    /** SPN of the SQL Server when it is not MSSQLSvc/host:port. */
    public static final String KERBEROS_SERVER_SPN = "target.kerberos.serverSpn";

    /** Every key whose value is secret and stored as ENC(...). */
    public static final List<String> SECRET_KEYS = List.of(
            SOURCE_PASSWORD, TARGET_PASSWORD, TARGET_MASTER_KEY_PASSWORD, TLS_TRUST_STORE_PASSWORD);
}
