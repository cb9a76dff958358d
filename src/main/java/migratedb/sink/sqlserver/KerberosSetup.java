package migratedb.sink.sqlserver;

import java.util.Map;

/**
 * What the JVM needs before the first Kerberos connection from Linux with a keytab: a JAAS login configuration
 * (the entry {@link #JAAS_ENTRY}, referenced by {@code jaasConfigurationName} in the URL) and the system properties
 * pointing at it and at krb5.conf. These are JVM-wide, so the CLI writes the file and sets them once at start-up
 * (or run.sh passes them as -D options); this class only computes them.
 *
 * <p>Without a keytab nothing is needed: the driver's built-in configuration uses the ticket cache of the user who
 * ran {@code kinit}.</p>
 *
 * @param jaasConfig       content of the JAAS file to write (owner-only: it names the keytab)
 * @param systemProperties e.g. {@code java.security.auth.login.config=<the written file>} is added by the caller;
 *                         here {@code java.security.krb5.conf} when target.kerberos.krb5Conf is set
 */
public record KerberosSetup(String jaasConfig, Map<String, String> systemProperties) {
    public static final String JAAS_ENTRY = "MigrateDB";
    public static final String JAAS_FILE_PROPERTY = "java.security.auth.login.config";

    static KerberosSetup forKeytab(SqlServerTarget.Kerberos k) {
        String config = JAAS_ENTRY + " {\n"
                + "    com.sun.security.auth.module.Krb5LoginModule required\n"
                + "    useKeyTab=true\n"
                + "    keyTab=\"" + jaasQuote(k.keytab()) + "\"\n"
                + (k.principal().isBlank() ? "" : "    principal=\"" + jaasQuote(k.principal()) + "\"\n")
                + "    storeKey=false\n"
                + "    doNotPrompt=true;\n"
                + "};\n";
        return new KerberosSetup(config, k.krb5Conf().isBlank() ? Map.of()
                : Map.of("java.security.krb5.conf", k.krb5Conf()));
    }

    /** JAAS files are read with a StreamTokenizer: backslash and double quote are escaped inside quotes. */
    static String jaasQuote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
