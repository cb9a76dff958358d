package migratedb.config;

import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

class SetupWizardTest {
    private static final String CANARY = "p;}@=x\\ü";

    @TempDir
    Path dir;

    private Path conf() {
        return dir.resolve("conf/database_params.conf");
    }

    private Path key() {
        return dir.resolve("conf/.migratedb.key");
    }

    private SetupWizard.Result run(String input, StringWriter out, SetupWizard.ConnectionTest test) {
        return new SetupWizard(SetupWizard.Terminal.of(new StringReader(input), out), conf(), key(), new SecureRandom())
                .run(test);
    }

    private Properties load() throws Exception {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(conf(), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void sqlLoginDefaultKeysWritesEncryptedOwnerOnlyFileWithCommentsAndRunsTheTest() throws Exception {
        StringWriter out = new StringWriter();
        AtomicReference<Map<String, String>> tested = new AtomicReference<>();
        String input = String.join("\n", "sql01.corp.example.com:14330", "", "", "SQL", "amp_user", CANARY,
                "", "", "", "pgsecret", "y") + "\n";
        SetupWizard.Result result = run(input, out, s -> {
            tested.set(s);
            return "Connections OK";
        });

        Properties p = load();
        assertEquals("sql01.corp.example.com:14330", p.getProperty("target.host"));
        assertEquals("", p.getProperty("target.instance"));
        assertEquals("PassTrix", p.getProperty("target.database"));
        assertEquals("sql", p.getProperty("target.auth"));
        assertEquals("amp_user", p.getProperty("target.user"));
        assertEquals("default", p.getProperty("target.encryption"));
        assertEquals("MigrateDBCertificate", p.getProperty("target.certificate"));
        assertEquals("MigrateDBSymmetricKey", p.getProperty("target.symmetricKey"));
        assertEquals("jdbc:postgresql://localhost:2345/PassTrix", p.getProperty("source.url"));

        SecretCipher cipher = SecretCipher.load(key(), "target.password");
        for (String k : SettingKeys.SECRET_KEYS) {
            if (!k.contains("trustStore")) {
                assertTrue(SecretCipher.isEncrypted(p.getProperty(k)), k);
            }
        }
        assertEquals(CANARY, cipher.decrypt("target.password", p.getProperty("target.password")).reveal());
        assertEquals("pgsecret", cipher.decrypt("source.password", p.getProperty("source.password")).reveal());
        assertEquals(result.generatedMasterKeyPassword().orElseThrow(),
                cipher.decrypt("target.masterKeyPassword", p.getProperty("target.masterKeyPassword")));

        String file = Files.readString(conf());
        assertFalse(file.contains(CANARY) || file.contains("pgsecret"));
        for (String line : file.split("\n")) {
            if (!line.startsWith("#") && line.contains("=")) {
                int i = file.indexOf(line);
                String before = file.substring(0, i).stripTrailing();
                assertTrue(before.substring(before.lastIndexOf('\n') + 1).startsWith("# "), "comment above " + line);
            }
        }
        if (conf().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf())));
        }
        assertNotNull(tested.get());
        assertTrue(out.toString().contains("Connections OK"));
        assertFalse(out.toString().contains(CANARY), "the console never shows the typed password");
        assertFalse(out.toString().contains(result.generatedMasterKeyPassword().get().reveal()),
                "the wizard leaves showing the master key password to the caller");
        assertTrue(result.masterKeyNotice().contains(result.generatedMasterKeyPassword().get().reveal()));
        new ConfigFileGuard().check(conf(), Map.of("target.password", p.getProperty("target.password")));
    }

    @Test
    void windowsDomainUserCustomKeysAndARerunKeepsStoredSecretsAndExtraKeys() throws Exception {
        String first = String.join("\n", "sql01", "AMP", "AmpDb", "windows", "CORP\\svc-amp", "ntlm-pass",
                "custom", "AmpCert", "AmpKey", "jdbc:postgresql://pg:2345/PassTrix", "postgres", "pg", "n") + "\n";
        run(first, new StringWriter(), s -> fail("declined"));
        Properties p = load();
        assertEquals("CORP\\svc-amp", p.getProperty("target.user"));
        assertEquals("custom", p.getProperty("target.encryption"));
        assertEquals("AmpCert", p.getProperty("target.certificate"));
        assertEquals("", p.getProperty("target.masterKeyPassword"));
        String storedPassword = p.getProperty("target.password");

        Files.writeString(conf(), Files.readString(conf()) + "target.tls.trustStore=/opt/amp/ca.p12\n");
        String rerun = "\n".repeat(12); // Enter everywhere: keep everything
        SetupWizard.Result again = run(rerun, new StringWriter(), null);
        Properties q = load();
        assertEquals(storedPassword, q.getProperty("target.password"), "Enter keeps the stored secret as it was");
        assertEquals("/opt/amp/ca.p12", q.getProperty("target.tls.trustStore"));
        assertEquals("AmpKey", q.getProperty("target.symmetricKey"));
        assertTrue(again.generatedMasterKeyPassword().isEmpty());
    }

    /** The key file was lost and setup made a new one: stored passwords are asked again, not kept unusable. */
    @Test
    void aLostKeyFileMakesSetupAskForTheStoredPasswordsAgainAndADashClearsAnOptionalValue() throws Exception {
        String first = String.join("\n", "sql01", "AMP", "AmpDb", "windows", "CORP\\svc-amp", "ntlm-pass",
                "custom", "AmpCert", "AmpKey", "jdbc:postgresql://pg:2345/PassTrix", "postgres", "pg", "n") + "\n";
        run(first, new StringWriter(), null);
        Files.delete(key());

        StringWriter out = new StringWriter();
        String rerun = String.join("\n", "", "-", "", "", "", "ntlm-new", "", "", "", "", "", "pg-new", "n") + "\n";
        run(rerun, out, null);

        Properties p = load();
        SecretCipher cipher = SecretCipher.load(key(), "target.password");
        assertEquals("ntlm-new", cipher.decrypt("target.password", p.getProperty("target.password")).reveal());
        assertEquals("pg-new", cipher.decrypt("source.password", p.getProperty("source.password")).reveal());
        assertTrue(out.toString().contains("cannot be decrypted"), out.toString());
        assertEquals("", p.getProperty("target.instance"), "'-' went back to the default instance");
    }

    /** A Kerberos principal's password, written into the file by hand, survives a re-run of setup (encrypted). */
    @Test
    void aKerberosPrincipalsPasswordIsKeptNotBlanked() throws Exception {
        Files.createDirectories(conf().getParent());
        Files.writeString(conf(), "target.host=sql01\ntarget.auth=windows\ntarget.user=svc-mig@EXAMPLE.COM\n"
                + "target.password=Krb-Pw-1\ntarget.encryption=custom\ntarget.certificate=C\ntarget.symmetricKey=K\n"
                + "source.url=jdbc:postgresql://pg/db\nsource.user=postgres\nsource.password=pg\n");
        java.nio.file.Files.setPosixFilePermissions(conf(), PosixFilePermissions.fromString("rw-------"));

        run("\n".repeat(12), new StringWriter(), null);

        Properties p = load();
        assertEquals("svc-mig@EXAMPLE.COM", p.getProperty("target.user"));
        assertTrue(SecretCipher.isEncrypted(p.getProperty("target.password")), "stored encrypted now");
        assertEquals("Krb-Pw-1", SecretCipher.load(key(), "target.password")
                .decrypt("target.password", p.getProperty("target.password")).reveal());
    }

    /** The master key password derives the existing key: it cannot be typed anew, so setup stops and says why. */
    @Test
    void aLostKeyFileNeverRegeneratesTheMasterKeyPassword() throws Exception {
        run(String.join("\n", "h", "", "", "sql", "u", "p", "", "", "", "pg", "n") + "\n", new StringWriter(), null);
        String stored = load().getProperty("target.masterKeyPassword");
        Files.delete(key());

        MigrationException e = assertThrows(MigrationException.class,
                () -> run("\n".repeat(12), new StringWriter(), null));

        assertEquals(SecurityTrouble.SECRET_UNDECRYPTABLE, e.trouble());
        assertEquals(stored, load().getProperty("target.masterKeyPassword"), "nothing was rewritten");
    }

    @Test
    void defaultModeNeverRegeneratesAStoredMasterKeyPassword() throws Exception {
        String input = String.join("\n", "h", "", "", "sql", "u", "p", "", "", "", "pg", "n") + "\n";
        run(input, new StringWriter(), null);
        String stored = load().getProperty("target.masterKeyPassword");
        SetupWizard.Result second = run(String.join("\n", "", "", "", "", "", "", "", "", "", "", "n") + "\n", new StringWriter(), null);
        assertEquals(stored, load().getProperty("target.masterKeyPassword"));
        assertTrue(second.generatedMasterKeyPassword().isEmpty());
    }

    @Test
    void invalidAnswersAreAskedAgainAndEndOfInputStopsWithoutWriting() {
        StringWriter out = new StringWriter();
        MigrationException e = assertThrows(MigrationException.class,
                () -> run("h\n\n\nkerberos\nsql\n", out, null));
        assertEquals(SecurityTrouble.SETUP_INPUT_ENDED, e.trouble());
        assertTrue(out.toString().contains("Answer one of: windows, sql"));
        assertFalse(Files.exists(conf()));
    }

    @Test
    void propertiesValuesAreEscaped() throws Exception {
        String tricky = " lead\\back=colon:ü\n";
        Properties p = new Properties();
        p.load(new StringReader("k=" + SetupWizard.propertiesValue(tricky)));
        assertEquals(tricky, p.getProperty("k"));
    }
}
