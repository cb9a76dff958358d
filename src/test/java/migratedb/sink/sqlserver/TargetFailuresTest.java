package migratedb.sink.sqlserver;

import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection failures whose fix MigrateDB prints are recognised by the driver's own words, taken here from the
 * driver's resources (SQLServerResource), so a driver upgrade that changes them fails this test.
 */
class TargetFailuresTest {
    private static final ResourceBundle DRIVER = ResourceBundle.getBundle(
            "com.microsoft.sqlserver.jdbc.SQLServerResource", Locale.ROOT);

    @TempDir
    Path dir;

    @Test
    void theDriversMessageForAMissingNativeLibraryGetsTheCatalogueEntryThatSaysWhereTheDllComesFrom() {
        String driverSays = DRIVER.getString("R_notConfiguredForIntegrated");
        SQLException failure = new SQLException(driverSays, "08S01",
                new UnsatisfiedLinkError("no " + NativeAuthLibrary.name() + " in java.library.path"));

        MigrationException m = TargetFailures.explain(failure, "jdbc:sqlserver://sql01:1433").orElseThrow();

        assertEquals(SecurityTrouble.TARGET_NATIVE_AUTH_LIBRARY_MISSING, m.trouble());
        assertTrue(m.cause().contains(driverSays.replaceAll("\\.$", "")), "the entry quotes the driver: " + m.cause());
        assertTrue(NativeAuthLibrary.name().startsWith("mssql-jdbc_auth-" + NativeAuthLibrary.version() + "."),
                NativeAuthLibrary.name());
        assertEquals("13.6.2", NativeAuthLibrary.version(), "the driver of the build (pom.xml)");
        String text = m.consoleText();
        for (String named : new String[]{NativeAuthLibrary.name() + ".dll", "lib\\ folder beside run.bat",
                "com.microsoft.sqlserver:mssql-jdbc_auth:13.6.2.x64", "DOMAIN\\user", "target.kerberos.principal"}) {
            assertTrue(text.contains(named), named + " in: " + text);
        }
    }

    /** The troubleshooting log passes every entry through the redactor: these must reach it whole. */
    @Test
    void theNewEntriesAreNotMaskedByTheRedactor() {
        migratedb.config.SecretRedactor redactor = migratedb.config.SecretRedactor.standard();
        for (SecurityTrouble t : new SecurityTrouble[]{SecurityTrouble.TARGET_CERTIFICATE_REJECTED,
                SecurityTrouble.TARGET_NATIVE_AUTH_LIBRARY_MISSING, SecurityTrouble.SETUP_MASTER_KEY_PASSWORD_LOST}) {
            for (String text : new String[]{t.error(), t.cause(), t.effect(), t.solution()}) {
                assertEquals(text, redactor.redact(text), t.code());
            }
        }
    }

    @Test
    void certificateFailuresInTheDriversWordsGetTheTrustStoreAndHostNameFix() {
        String pkix = MessageFormat.format(DRIVER.getString("R_sslFailed"), "true", "false",
                "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to "
                        + "find valid certification path to requested target");
        String wrongName = MessageFormat.format(DRIVER.getString("R_certNameFailed"), "sql01", "other-host");

        for (String driverSays : new String[]{pkix, wrongName}) {
            MigrationException m = TargetFailures.explain(new SQLException(driverSays, "08S01"), "jdbc:sqlserver://sql01")
                    .orElseThrow(() -> new AssertionError("not recognised: " + driverSays));

            assertEquals(SecurityTrouble.TARGET_CERTIFICATE_REJECTED, m.trouble());
            assertTrue(m.solution().contains("target.tls.trustStore")
                    && m.solution().contains("target.tls.hostNameInCertificate"), m.solution());
        }
        assertEquals(Optional.empty(), TargetFailures.explain(new SQLException(
                MessageFormat.format(DRIVER.getString("R_tcpipConnectionFailed"), "sql01", "1433", "refused")), "x"),
                "an unreachable server keeps its general entry");
    }

    @Test
    void theTestCommandSaysWhetherTheNativeLibraryIsOnTheLibraryPath() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve(NativeAuthLibrary.name() + ".dll"), "MZ");
        String path = empty + java.io.File.pathSeparator + lib;

        assertEquals(Optional.of(lib), NativeAuthLibrary.find(path));
        assertTrue(NativeAuthLibrary.status(path).contains("found in " + lib));
        assertTrue(NativeAuthLibrary.status(empty.toString()).contains("NOT found"));
        assertTrue(NativeAuthLibrary.usedBy(new SqlServerConnectionFactory(true).build(new SqlServerTarget("sql01",
                "", "PassTrix", SqlServerTarget.Auth.WINDOWS, "", null, null, null, "")).url()));
    }

    /** run.bat puts a lib\ copy of the library on the library path (it runs on Windows only: its text is checked). */
    @Test
    void runBatAddsTheLibFolderToTheLibraryPathWhenTheLibraryIsThere() throws Exception {
        String bat = Files.readString(Path.of("run.bat"));
        assertTrue(bat.contains("if exist \"%HOME_DIR%\\lib\\mssql-jdbc_auth-*.dll\" set NATIVE_LIB="
                + "\"-Djava.library.path=%HOME_DIR%\\lib\""), bat);
        assertTrue(bat.contains("%MIGRATEDB_JAVA_OPTS% %NATIVE_LIB% "), bat);
        assertTrue(NativeAuthLibrary.name().startsWith("mssql-jdbc_auth-"), "the pattern run.bat looks for");
    }
}
