package migratedb.sink.sqlserver;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import migratedb.config.SettingKeys;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;

import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the mssql-jdbc URL and properties for the target from {@link SqlServerTarget}, following the product
 * document's rules:
 * <ul>
 *   <li>{@code host} or {@code host:port}; a named instance without a port is found through the SQL Server Browser
 *   ({@code serverName=host;instanceName=X}); no instance and no port is the default instance on 1433.</li>
 *   <li>TLS always: {@code encrypt=true} with certificate validation, or {@code encrypt=strict} (TDS 8.0).
 *   {@code trustServerCertificate=true} only by explicit setting, and then with a warning for every run.</li>
 *   <li>Authentication {@code sql}: user and password. {@code windows}: a user written {@code DOMAIN\\user} means
 *   NTLM; otherwise the service account through native SSPI on Windows, Kerberos (JavaKerberos) elsewhere.</li>
 *   <li>A full {@code target.url} is used as it is, but a jdbc:sqlserver URL that turns TLS off or holds a password
 *   is refused.</li>
 * </ul>
 * The password is put only into the properties, never into the URL.
 */
public final class SqlServerConnectionFactory {
    public static final int DEFAULT_PORT = 1433;
    public static final String APPLICATION_NAME = "MigrateDB";
    public static final String TRUST_SERVER_CERTIFICATE_WARNING =
            "WARNING: target.tls.trustServerCertificate=true: the SQL Server certificate is NOT validated. The "
                    + "connection is encrypted but anyone between this machine and the server can impersonate the "
                    + "server and read the password and the data. Import the server's CA into a trust store "
                    + "(target.tls.trustStore) and remove this setting.";

    private static final Pattern SIMPLE_HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> UNENCRYPTED = Set.of("false", "no", "optional");

    /**
     * Bulk copy sends dates and times as the text our rows give it (SqlServerBulkWriter writes it from java.time,
     * proleptic Gregorian like PostgreSQL). The driver's default, set explicitly so that no URL can switch it off:
     * its binary path takes java.sql types, whose calendar shifts dates before 1582.
     */
    static final String TEMPORAL_AS_TEXT = "sendTemporalDataTypesAsStringForBulkCopy";

    private final boolean windowsHost;

    /** @param windowsHost whether MigrateDB runs on Windows (native SSPI available for Windows authentication) */
    public SqlServerConnectionFactory(boolean windowsHost) {
        this.windowsHost = windowsHost;
    }

    public static SqlServerConnectionFactory forThisMachine() {
        return new SqlServerConnectionFactory(
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"));
    }

    /** The connection to the target database. */
    public ConnectionSpec build(SqlServerTarget target) {
        return build(target, target.database());
    }

    /** The connection to the server's master database, where CREATE DATABASE runs. */
    public ConnectionSpec buildForMaster(SqlServerTarget target) {
        return build(target, "master");
    }

    private ConnectionSpec build(SqlServerTarget target, String database) {
        if (!target.url().isEmpty()) {
            return fromFullUrl(target, database);
        }
        List<String> warnings = new ArrayList<>();
        Map<String, String> url = new LinkedHashMap<>();
        Properties props = new Properties();

        Server server = parseServer(target);
        url.put("databaseName", database);
        tls(target.tls(), url, props, warnings);
        KerberosSetup kerberos = auth(target, url, props, warnings);
        url.put("applicationName", APPLICATION_NAME);
        props.setProperty(TEMPORAL_AS_TEXT, "true");
        if (server.port() != null && !server.instance().isEmpty()) {
            warnings.add("NOTE: target.instance=" + server.instance() + " is not used because a port is given ("
                    + server.port() + "); the driver connects to the port directly.");
        }
        return new ConnectionSpec(server.urlPrefix() + join(url), props, warnings, kerberos);
    }

    private static void tls(SqlServerTarget.Tls tls, Map<String, String> url, Properties props, List<String> warnings) {
        url.put("encrypt", tls.encrypt().jdbcValue());
        if (tls.encrypt() == SqlServerTarget.Encrypt.STRICT) {
            if (tls.trustServerCertificate()) {
                warnings.add("NOTE: target.tls.trustServerCertificate=true is ignored with encrypt=strict: the "
                        + "driver always validates the certificate in TDS 8.0.");
            }
        } else {
            url.put("trustServerCertificate", String.valueOf(tls.trustServerCertificate()));
            if (tls.trustServerCertificate()) {
                warnings.add(TRUST_SERVER_CERTIFICATE_WARNING);
            }
        }
        putIfSet(url, "hostNameInCertificate", tls.hostNameInCertificate());
        putIfSet(url, "trustStore", tls.trustStore());
        putIfSet(url, "trustStoreType", tls.trustStoreType());
        if (!tls.trustStorePassword().isEmpty()) {
            props.setProperty("trustStorePassword", tls.trustStorePassword().reveal());
        }
        if (!tls.serverCertificate().isEmpty()) {
            if (tls.encrypt() != SqlServerTarget.Encrypt.STRICT) {
                throw SqlServerTarget.invalid(SettingKeys.TLS_SERVER_CERTIFICATE,
                        "the driver pins a server certificate only with target.tls.encrypt=strict");
            }
            url.put("serverCertificate", tls.serverCertificate());
        }
    }

    private KerberosSetup auth(SqlServerTarget t, Map<String, String> url, Properties props, List<String> warnings) {
        if (t.auth() == SqlServerTarget.Auth.SQL) {
            require(!t.user().isEmpty(), SettingKeys.TARGET_USER, "target.auth=sql needs a login name");
            require(!t.password().isEmpty(), SettingKeys.TARGET_PASSWORD, "target.auth=sql needs a password");
            credentials(t, t.user(), props);
            return null;
        }
        int backslash = t.user().indexOf('\\');
        if (backslash >= 0) {
            String domain = t.user().substring(0, backslash);
            String user = t.user().substring(backslash + 1);
            if (domain.isEmpty() || user.isEmpty()) {
                throw SqlServerTarget.invalid(SettingKeys.TARGET_USER, "expected DOMAIN\\user");
            }
            require(!t.password().isEmpty(), SettingKeys.TARGET_PASSWORD,
                    "a Windows login written DOMAIN\\user connects with NTLM and needs its password");
            url.put("integratedSecurity", "true");
            url.put("authenticationScheme", "NTLM");
            url.put("domain", domain);
            credentials(t, user, props);
            return null;
        }
        SqlServerTarget.Kerberos k = t.kerberos();
        boolean kerberosConfigured = !k.principal().isEmpty() || k.usesKeytab() || !k.krb5Conf().isEmpty();
        url.put("integratedSecurity", "true");
        if (windowsHost && !kerberosConfigured) {
            url.put("authenticationScheme", "NativeAuthentication");
            if (!t.user().isEmpty()) {
                warnings.add("NOTE: target.user is not used: with Windows authentication on Windows MigrateDB "
                        + "connects as the account it runs under. Write DOMAIN\\user to use another account (NTLM).");
            }
            return null;
        }
        url.put("authenticationScheme", "JavaKerberos");
        putIfSet(url, "serverSpn", k.serverSpn());
        putIfSet(url, "realm", k.realm());
        if (k.usesKeytab()) {
            url.put("jaasConfigurationName", KerberosSetup.JAAS_ENTRY);
            return KerberosSetup.forKeytab(k);
        }
        if (!t.user().isEmpty() && !t.password().isEmpty()) {
            credentials(t, t.user(), props); // the driver logs in to Kerberos with this principal and password
        }
        return k.krb5Conf().isEmpty() ? null
                : new KerberosSetup("", Map.of("java.security.krb5.conf", k.krb5Conf()));
    }

    private static void credentials(SqlServerTarget t, String user, Properties props) {
        props.setProperty("user", user);
        props.setProperty("password", t.password().reveal());
    }

    private ConnectionSpec fromFullUrl(SqlServerTarget t, String database) {
        String url = t.url();
        List<String> warnings = new ArrayList<>();
        Properties props = new Properties();
        if (url.regionMatches(true, 0, "jdbc:sqlserver:", 0, "jdbc:sqlserver:".length())) {
            Map<String, String> parsed = parseWithDriver(url);
            if (urlKeys(url).stream().anyMatch(k -> k.toLowerCase(Locale.ROOT).contains("password"))) {
                throw new MigrationException(SecurityTrouble.TARGET_URL_HOLDS_PASSWORD);
            }
            String encrypt = parsed.getOrDefault("encrypt", "true").toLowerCase(Locale.ROOT);
            if (UNENCRYPTED.contains(encrypt)) {
                throw new MigrationException(SecurityTrouble.TARGET_URL_UNENCRYPTED, Map.of("encrypt", encrypt));
            }
            if (parsed.getOrDefault("trustServerCertificate", "false").equalsIgnoreCase("true")
                    && !encrypt.equals("strict")) {
                warnings.add(TRUST_SERVER_CERTIFICATE_WARNING.replace(
                        "target.tls.trustServerCertificate=true", "trustServerCertificate=true in target.url"));
            }
            if (parsed.getOrDefault(TEMPORAL_AS_TEXT, "true").equalsIgnoreCase("false")) {
                throw SqlServerTarget.invalid(SettingKeys.TARGET_URL, "MigrateDB sends dates and times to bulk copy "
                        + "as text; remove " + TEMPORAL_AS_TEXT + "=false from it");
            }
            props.setProperty(TEMPORAL_AS_TEXT, "true");
            if (!database.equals(t.database())) {
                url = url + (url.endsWith(";") ? "" : ";") + "databaseName=" + urlValue(database);
            }
        }
        if (!t.user().isEmpty()) {
            props.setProperty("user", t.user());
        }
        if (!t.password().isEmpty()) {
            props.setProperty("password", t.password().reveal());
        }
        return new ConnectionSpec(url, props, warnings, null);
    }

    /**
     * The property names written in a jdbc:sqlserver URL (the driver does not report secret values back, so we
     * look for them ourselves). Values in braces may hold {@code ;}, and {@code }}} inside braces is a brace.
     */
    static List<String> urlKeys(String url) {
        List<String> keys = new ArrayList<>();
        int i = url.indexOf(';');
        while (i >= 0 && i < url.length()) {
            int eq = url.indexOf('=', i + 1);
            if (eq < 0) {
                break;
            }
            keys.add(url.substring(i + 1, eq).strip());
            int j = eq + 1;
            while (j < url.length() && url.charAt(j) == ' ') {
                j++;
            }
            if (j < url.length() && url.charAt(j) == '{') {
                j++;
                while (j < url.length()) {
                    if (url.charAt(j) == '}') {
                        if (j + 1 < url.length() && url.charAt(j + 1) == '}') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
            }
            i = url.indexOf(';', j);
        }
        return keys;
    }

    /** The database a jdbc:sqlserver URL names (databaseName or its synonym database) as the driver reads it, or "". */
    static String databaseNamedIn(String url) {
        return parseWithDriver(url).getOrDefault("databaseName", "").strip();
    }

    /** The driver's own reading of the URL (braces, escapes, case), so our checks see what it will use. */
    private static Map<String, String> parseWithDriver(String url) {
        try {
            Map<String, String> out = new LinkedHashMap<>();
            for (DriverPropertyInfo p : new SQLServerDriver().getPropertyInfo(url, new Properties())) {
                if (p.value != null) {
                    out.put(p.name, p.value);
                }
            }
            return out;
        } catch (SQLException e) {
            throw SqlServerTarget.invalid(SettingKeys.TARGET_URL, "the driver cannot read it");
        }
    }

    record Server(String host, Integer port, String instance) {
        String urlPrefix() {
            boolean simple = SIMPLE_HOST.matcher(host).matches();
            if (port != null) {
                return simple ? "jdbc:sqlserver://" + host + ":" + port + ";"
                        : "jdbc:sqlserver://;serverName=" + urlValue(host) + ";portNumber=" + port + ";";
            }
            if (!instance.isEmpty()) {
                return "jdbc:sqlserver://;serverName=" + urlValue(host) + ";instanceName=" + urlValue(instance) + ";";
            }
            return simple ? "jdbc:sqlserver://" + host + ":" + DEFAULT_PORT + ";"
                    : "jdbc:sqlserver://;serverName=" + urlValue(host) + ";portNumber=" + DEFAULT_PORT + ";";
        }
    }

    /** host, host:port, host\instance, [v6] or [v6]:port, plus target.instance. */
    static Server parseServer(SqlServerTarget t) {
        String host = t.host();
        require(!host.isEmpty(), SettingKeys.TARGET_HOST, "the SQL Server host name or address");
        String instance = t.instance();
        Integer port = null;
        Matcher v6 = Pattern.compile("\\[([0-9A-Fa-f:.%]+)](?::(.*))?").matcher(host);
        if (v6.matches()) {
            host = v6.group(1);
            port = v6.group(2) == null ? null : port(v6.group(2));
        } else {
            int slash = host.indexOf('\\');
            if (slash >= 0) {
                String inHost = host.substring(slash + 1);
                if (!instance.isEmpty() && !instance.equalsIgnoreCase(inHost)) {
                    throw SqlServerTarget.invalid(SettingKeys.TARGET_HOST,
                            "it names instance " + inHost + " but target.instance is " + instance);
                }
                instance = inHost;
                host = host.substring(0, slash);
            }
            int colon = host.indexOf(':');
            if (colon >= 0 && host.indexOf(':', colon + 1) < 0) {
                port = port(host.substring(colon + 1));
                host = host.substring(0, colon);
            }
            int instanceColon = instance.indexOf(':');
            if (port == null && instanceColon >= 0) { // host\INSTANCE:port
                port = port(instance.substring(instanceColon + 1));
                instance = instance.substring(0, instanceColon);
            }
        }
        require(!host.isEmpty(), SettingKeys.TARGET_HOST, "the SQL Server host name or address");
        return new Server(host, port, instance);
    }

    private static int port(String text) {
        try {
            int p = Integer.parseInt(text.strip());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw SqlServerTarget.invalid(SettingKeys.TARGET_HOST, "the port must be a number from 1 to 65535");
    }

    /**
     * A property value for the URL: in braces when it holds characters the URL syntax uses ({@code ; = { }} or
     * surrounding blanks), with {@code }} doubled, as mssql-jdbc reads it.
     */
    static String urlValue(String value) {
        boolean plain = !value.isEmpty() && value.strip().equals(value)
                && value.chars().noneMatch(c -> c == ';' || c == '=' || c == '{' || c == '}');
        return plain ? value : "{" + value.replace("}", "}}") + "}";
    }

    private static String join(Map<String, String> url) {
        StringBuilder sb = new StringBuilder();
        url.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ";").append(k).append('=').append(urlValue(v)));
        return sb.toString();
    }

    private static void putIfSet(Map<String, String> url, String key, String value) {
        if (value != null && !value.isBlank()) {
            url.put(key, value.strip());
        }
    }

    private static void require(boolean ok, String setting, String reason) {
        if (!ok) {
            throw new MigrationException(SecurityTrouble.TARGET_SETTING_MISSING, Map.of("setting", setting, "reason", reason));
        }
    }
}
