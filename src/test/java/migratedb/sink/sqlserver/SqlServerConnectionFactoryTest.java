package migratedb.sink.sqlserver;

import migratedb.config.Secret;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/** Golden URLs and properties; every property name checked against mssql-jdbc 13.6 getPropertyInfo. */
class SqlServerConnectionFactoryTest {
    private static final String CANARY = "p;}@=x";
    private final SqlServerConnectionFactory linux = new SqlServerConnectionFactory(false);
    private final SqlServerConnectionFactory windows = new SqlServerConnectionFactory(true);

    private static SqlServerTarget sql(String host, String instance) {
        return SqlServerTarget.sql(host, instance, "", "amp", Secret.of(CANARY));
    }

    @Test
    void hostOnlyIsTheDefaultInstanceOn1433WithValidatedTls() {
        ConnectionSpec spec = linux.build(sql("db.example.com", ""));
        assertEquals("jdbc:sqlserver://db.example.com:1433;databaseName=PassTrix;encrypt=true;"
                + "trustServerCertificate=false;applicationName=MigrateDB", spec.url());
        assertEquals(Map.of("user", "amp", "password", CANARY, SqlServerConnectionFactory.TEMPORAL_AS_TEXT, "true"),
                asMap(spec.properties()));
        assertEquals(List.of(), spec.warnings());
        assertNull(spec.kerberos());
    }

    @Test
    void hostColonPortUsesThePort() {
        assertEquals("jdbc:sqlserver://10.0.0.5:14330;databaseName=PassTrix;encrypt=true;"
                + "trustServerCertificate=false;applicationName=MigrateDB", linux.build(sql("10.0.0.5:14330", "")).url());
    }

    @Test
    void instanceWithoutPortGoesThroughTheBrowser() {
        assertEquals("jdbc:sqlserver://;serverName=db.example.com;instanceName=AMP;databaseName=PassTrix;"
                + "encrypt=true;trustServerCertificate=false;applicationName=MigrateDB",
                linux.build(sql("db.example.com", "AMP")).url());
        assertEquals(linux.build(sql("db.example.com", "AMP")).url(), linux.build(sql("db.example.com\\AMP", "")).url());
    }

    @Test
    void instanceAndPortUsesThePortAndSaysSo() {
        ConnectionSpec spec = linux.build(sql("db:1500", "AMP"));
        assertTrue(spec.url().startsWith("jdbc:sqlserver://db:1500;databaseName=PassTrix;"), spec.url());
        assertEquals(1, spec.warnings().size());
        assertTrue(spec.warnings().get(0).contains("AMP"));
    }

    @Test
    void ipv6AndOddNamesUsePropertiesInBraces() {
        assertEquals("jdbc:sqlserver://;serverName=fe80::1;portNumber=1433;databaseName=PassTrix;encrypt=true;"
                + "trustServerCertificate=false;applicationName=MigrateDB", linux.build(sql("[fe80::1]", "")).url());
        assertEquals("jdbc:sqlserver://h:1433;databaseName={Pass;Trix}}};encrypt=true;trustServerCertificate=false;"
                + "applicationName=MigrateDB", linux.build(SqlServerTarget.sql("h", "", "Pass;Trix}", "u", Secret.of("p"))).url());
    }

    @Test
    void masterConnectionForCreateDatabase() {
        assertEquals("jdbc:sqlserver://h:1433;databaseName=master;encrypt=true;trustServerCertificate=false;"
                + "applicationName=MigrateDB", linux.buildForMaster(sql("h", "")).url());
    }

    @Test
    void trustServerCertificateOnlyByExplicitSettingAndAlwaysWarns() {
        SqlServerTarget t = sql("h", "");
        ConnectionSpec spec = linux.build(t.withTls(t.tls().withTrustServerCertificate(true)));
        assertEquals("jdbc:sqlserver://h:1433;databaseName=PassTrix;encrypt=true;trustServerCertificate=true;"
                + "applicationName=MigrateDB", spec.url());
        assertEquals(List.of(SqlServerConnectionFactory.TRUST_SERVER_CERTIFICATE_WARNING), spec.warnings());
    }

    @Test
    void trustStoreAndHostNameInCertificate() {
        SqlServerTarget t = sql("h", "").withTls(new SqlServerTarget.Tls(SqlServerTarget.Encrypt.TRUE, false,
                "sql01.corp.example.com", "/opt/amp/conf/sql-ca.p12", Secret.of("storepass"), "PKCS12", ""));
        ConnectionSpec spec = linux.build(t);
        assertEquals("jdbc:sqlserver://h:1433;databaseName=PassTrix;encrypt=true;trustServerCertificate=false;"
                + "hostNameInCertificate=sql01.corp.example.com;trustStore=/opt/amp/conf/sql-ca.p12;trustStoreType=PKCS12;"
                + "applicationName=MigrateDB", spec.url());
        assertEquals("storepass", spec.properties().getProperty("trustStorePassword"));
    }

    @Test
    void strictIsTds8AndPinsACertificate() {
        SqlServerTarget t = sql("h", "").withTls(new SqlServerTarget.Tls(SqlServerTarget.Encrypt.STRICT, false,
                "", "", Secret.empty(), "", "/opt/amp/conf/sql.cer"));
        assertEquals("jdbc:sqlserver://h:1433;databaseName=PassTrix;encrypt=strict;serverCertificate=/opt/amp/conf/sql.cer;"
                + "applicationName=MigrateDB", linux.build(t).url());
    }

    @Test
    void serverCertificateWithoutStrictIsRefused() {
        SqlServerTarget t = sql("h", "").withTls(new SqlServerTarget.Tls(SqlServerTarget.Encrypt.TRUE, false,
                "", "", Secret.empty(), "", "/x.cer"));
        assertEquals(SecurityTrouble.TARGET_SETTING_INVALID, assertThrows(MigrationException.class, () -> linux.build(t)).trouble());
    }

    @Test
    void windowsAuthOnWindowsIsNativeSspi() {
        SqlServerTarget t = sql("h", "").withAuth(SqlServerTarget.Auth.WINDOWS, "", Secret.empty(), null);
        ConnectionSpec spec = windows.build(t);
        assertEquals("jdbc:sqlserver://h:1433;databaseName=PassTrix;encrypt=true;trustServerCertificate=false;"
                + "integratedSecurity=true;authenticationScheme=NativeAuthentication;applicationName=MigrateDB", spec.url());
        assertEquals(Map.of(SqlServerConnectionFactory.TEMPORAL_AS_TEXT, "true"), asMap(spec.properties()),
                "no credentials");
    }

    @Test
    void windowsAuthOnLinuxIsKerberosFromTheTicketCache() {
        SqlServerTarget t = sql("h", "").withAuth(SqlServerTarget.Auth.WINDOWS, "", Secret.empty(), null);
        ConnectionSpec spec = linux.build(t);
        assertEquals("jdbc:sqlserver://h:1433;databaseName=PassTrix;encrypt=true;trustServerCertificate=false;"
                + "integratedSecurity=true;authenticationScheme=JavaKerberos;applicationName=MigrateDB", spec.url());
        assertNull(spec.kerberos());
    }

    @Test
    void kerberosWithKeytabNeedsAJaasEntry() {
        SqlServerTarget t = sql("h", "").withAuth(SqlServerTarget.Auth.WINDOWS, "", Secret.empty(),
                new SqlServerTarget.Kerberos("svc-amp@CORP.EXAMPLE.COM", "/opt/amp/conf/svc-amp.keytab",
                        "/opt/amp/conf/krb5.conf", "CORP.EXAMPLE.COM", "MSSQLSvc/sql01.corp.example.com:1433"));
        ConnectionSpec spec = linux.build(t);
        assertEquals("jdbc:sqlserver://h:1433;databaseName=PassTrix;encrypt=true;trustServerCertificate=false;"
                + "integratedSecurity=true;authenticationScheme=JavaKerberos;"
                + "serverSpn=MSSQLSvc/sql01.corp.example.com:1433;realm=CORP.EXAMPLE.COM;"
                + "jaasConfigurationName=MigrateDB;applicationName=MigrateDB", spec.url());
        assertEquals("""
                MigrateDB {
                    com.sun.security.auth.module.Krb5LoginModule required
                    useKeyTab=true
                    keyTab="/opt/amp/conf/svc-amp.keytab"
                    principal="svc-amp@CORP.EXAMPLE.COM"
                    storeKey=false
                    doNotPrompt=true;
                };
                """, spec.kerberos().jaasConfig());
        assertEquals(Map.of("java.security.krb5.conf", "/opt/amp/conf/krb5.conf"), spec.kerberos().systemProperties());
        // Windows with Kerberos settings also uses JavaKerberos
        assertTrue(windows.build(t).url().contains("authenticationScheme=JavaKerberos"));
    }

    @Test
    void domainBackslashUserIsNtlm() {
        SqlServerTarget t = sql("h", "").withAuth(SqlServerTarget.Auth.WINDOWS, "CORP\\svc-amp", Secret.of(CANARY), null);
        for (SqlServerConnectionFactory f : List.of(linux, windows)) {
            ConnectionSpec spec = f.build(t);
            assertEquals("jdbc:sqlserver://h:1433;databaseName=PassTrix;encrypt=true;trustServerCertificate=false;"
                    + "integratedSecurity=true;authenticationScheme=NTLM;domain=CORP;applicationName=MigrateDB", spec.url());
            assertEquals(Map.of("user", "svc-amp", "password", CANARY, SqlServerConnectionFactory.TEMPORAL_AS_TEXT,
                    "true"), asMap(spec.properties()));
        }
    }

    @Test
    void missingSettingsAreNamed() {
        assertSetting("target.host", () -> linux.build(sql("", "")));
        assertSetting("target.user", () -> linux.build(SqlServerTarget.sql("h", "", "", "", Secret.of("x"))));
        assertSetting("target.password", () -> linux.build(SqlServerTarget.sql("h", "", "", "u", Secret.empty())));
        assertSetting("target.password", () -> linux.build(sql("h", "").withAuth(SqlServerTarget.Auth.WINDOWS,
                "CORP\\u", Secret.empty(), null)));
        assertSetting("target.host", () -> linux.build(sql("h:99999", "")));
    }

    @Test
    void fullUrlIsUsedAsItIs() {
        String url = "jdbc:sqlserver://sql01:1433;databaseName=AMP;encrypt=true;hostNameInCertificate=*.corp";
        ConnectionSpec spec = linux.build(sql("", "").withUrl(url));
        assertEquals(url, spec.url());
        assertEquals(CANARY, spec.properties().getProperty("password"));
        assertEquals(url + ";databaseName=master", linux.buildForMaster(sql("", "").withUrl(url)).url());
    }

    /**
     * One database for everything: the one target.url names wins over target.database, for the connection, CREATE
     * DATABASE and the keys (before, a URL naming AMP made MigrateDB create an empty PassTrix beside it).
     */
    @Test
    void theDatabaseIsTheOneAFullUrlNames() {
        Map<String, String> stored = Map.of("target.database", "PassTrix",
                "target.url", "jdbc:sqlserver://sql01:1433;databaseName=AMP;encrypt=true");
        assertEquals("AMP", SqlServerTarget.databaseOf(stored));
        assertEquals("AMP", SqlServerTarget.fromSettings(stored, null).database());
        assertEquals("AMP", migratedb.sink.TargetConnector.from(migratedb.config.Settings.of(stored)).keys().names()
                .database(), "the keys are created in it");
        assertEquals("Amp2", SqlServerTarget.databaseOf(Map.of("target.database", "PassTrix",
                "target.url", "jdbc:sqlserver://sql01;database=Amp2;encrypt=true")), "the driver's synonym");
        assertEquals("PassTrix", SqlServerTarget.databaseOf(Map.of("target.database", "PassTrix")));
        assertEquals("PassTrix", SqlServerTarget.databaseOf(Map.of("target.database", "PassTrix",
                "target.url", "jdbc:h2:mem:x")), "the stand-in keeps target.database");

        MigrationException none = assertThrows(MigrationException.class, () -> SqlServerTarget.databaseOf(
                Map.of("target.database", "PassTrix", "target.url", "jdbc:sqlserver://sql01:1433;encrypt=true")));
        assertEquals(SecurityTrouble.TARGET_SETTING_INVALID, none.trouble());
        assertTrue(none.getMessage().contains("target.url") && none.getMessage().contains("databaseName="),
                none.getMessage());
    }

    /** Bulk copy gets dates and times as text (SqlServerBulkWriter writes it); a URL may not switch that off. */
    @Test
    void datesAndTimesGoToBulkCopyAsTextWhateverTheUrlSays() {
        String url = "jdbc:sqlserver://sql01:1433;databaseName=AMP;encrypt=true";
        assertEquals("true", linux.build(sql("", "").withUrl(url)).properties()
                .getProperty(SqlServerConnectionFactory.TEMPORAL_AS_TEXT));
        assertSetting("target.url", () -> linux.build(sql("", "").withUrl(url
                + ";sendTemporalDataTypesAsStringForBulkCopy=false")));
    }

    @Test
    void fullUrlThatTurnsTlsOffIsRefused() {
        for (String off : List.of("false", "FALSE", "no", "optional", "{false}")) {
            MigrationException e = assertThrows(MigrationException.class,
                    () -> linux.build(sql("", "").withUrl("jdbc:sqlserver://h;encrypt=" + off)));
            assertEquals(SecurityTrouble.TARGET_URL_UNENCRYPTED, e.trouble());
            assertTrue(e.getMessage().contains("encrypt="), e.getMessage());
        }
    }

    @Test
    void fullUrlWithPasswordIsRefusedWithoutEchoingIt() {
        MigrationException e = assertThrows(MigrationException.class,
                () -> linux.build(sql("", "").withUrl("jdbc:sqlserver://h;user=sa;password={" + CANARY.replace("}", "}}") + "}")));
        assertEquals(SecurityTrouble.TARGET_URL_HOLDS_PASSWORD, e.trouble());
        assertFalse(e.consoleText().contains(CANARY));
    }

    @Test
    void fullUrlWithTrustServerCertificateWarns() {
        ConnectionSpec spec = linux.build(sql("", "").withUrl("jdbc:sqlserver://h;trustServerCertificate=true"));
        assertEquals(1, spec.warnings().size());
    }

    @Test
    void nonSqlServerUrlIsPassedThrough() {
        String url = "jdbc:h2:mem:demo;MODE=MSSQLServer";
        assertEquals(url, linux.build(sql("", "").withUrl(url)).url());
    }

    @Test
    void theDriverReadsOurUrlsAsWeMeanThem() throws Exception {
        SqlServerTarget t = SqlServerTarget.sql("db", "IN;ST", "Pass;Trix}", "u", Secret.of("p"));
        Map<String, String> parsed = new java.util.HashMap<>();
        for (var p : new com.microsoft.sqlserver.jdbc.SQLServerDriver().getPropertyInfo(linux.build(t).url(), new Properties())) {
            parsed.put(p.name, p.value);
        }
        assertEquals("db", parsed.get("serverName"));
        assertEquals("IN;ST", parsed.get("instanceName"));
        assertEquals("Pass;Trix}", parsed.get("databaseName"));
        assertEquals("true", parsed.get("encrypt").toLowerCase());
        assertEquals("MigrateDB", parsed.get("applicationName"));
    }

    /** Canary: the password never shows in the URL, toString, the properties' toString or list(), or errors. */
    @Test
    void passwordNeverLeaks() {
        SqlServerTarget t = sql("127.0.0.1:1", "");
        assertFalse(t.toString().contains(CANARY), t.toString());
        ConnectionSpec spec = linux.build(t);
        assertFalse(spec.url().contains(CANARY));
        assertFalse(spec.toString().contains(CANARY), spec.toString());
        assertFalse(spec.properties().toString().contains(CANARY));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        spec.properties().list(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains(CANARY));

        Properties fast = spec.properties();
        fast.setProperty("loginTimeout", "1");
        ConnectionSpec quick = new ConnectionSpec(spec.url(), fast, spec.warnings(), null);
        MigrationException e = assertThrows(MigrationException.class, quick::open);
        assertEquals(SecurityTrouble.TARGET_CONNECTION_FAILED, e.trouble());
        for (Throwable x = e; x != null; x = x.getCause()) {
            assertFalse(String.valueOf(x).contains(CANARY), x.toString());
        }
        assertFalse(e.consoleText().contains(CANARY));
    }

    @Test
    void urlKeysReadBracedValues() {
        assertEquals(List.of("user", "password", "encrypt"),
                SqlServerConnectionFactory.urlKeys("jdbc:sqlserver://h;user=sa;password={a;b=c}};d};encrypt=true"));
        assertEquals(List.of("trustStorePassword"), SqlServerConnectionFactory.urlKeys("jdbc:sqlserver://h;trustStorePassword=x"));
    }

    private static void assertSetting(String setting, org.junit.jupiter.api.function.Executable build) {
        MigrationException e = assertThrows(MigrationException.class, build);
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }

    private static Map<String, String> asMap(Properties p) {
        Map<String, String> m = new java.util.HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }
}
