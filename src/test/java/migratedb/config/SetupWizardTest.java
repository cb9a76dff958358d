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
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private Path tunables() {
        return dir.resolve("conf/migration.properties");
    }

    private SetupWizard.Result run(String input, StringWriter out, SetupWizard.ConnectionTest test) {
        return run(input, out, test, null);
    }

    private SetupWizard.Result run(String input, StringWriter out, SetupWizard.ConnectionTest test,
                                   SetupWizard.CredentialScan scan) {
        return new SetupWizard(SetupWizard.Terminal.of(new StringReader(input), out), conf(), tunables(), key(),
                new SecureRandom()).run(test, scan);
    }

    private static SetupWizard.TestReport ok(String text) {
        return new SetupWizard.TestReport(true, text);
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
            return ok("Connections OK");
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
        String shown = out.toString();
        String password = result.generatedMasterKeyPassword().get().reveal();
        assertTrue(result.masterKeyNotice().contains(password));
        assertTrue(shown.indexOf(password) > 0 && shown.indexOf(password) < shown.indexOf("Test the connections"),
                "the one-time password is shown before the Test, never below its output: " + shown);
        assertEquals(shown.indexOf(password), shown.lastIndexOf(password), "shown once");
        assertEquals(Optional.of(true), result.testPassed());
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

    /**
     * The master key password derives the existing key: with the key file lost, setup says so, asks for that
     * password (from the key backup) instead of generating one, and stores it with the new key file.
     */
    @Test
    void aLostKeyFileMakesSetupAskForTheMasterKeyPasswordAndStoreItWithTheNewKey() throws Exception {
        SetupWizard.Result first = run(String.join("\n", "h", "", "", "sql", "u", "p", "", "", "", "pg", "n") + "\n",
                new StringWriter(), null);
        String masterKey = first.generatedMasterKeyPassword().orElseThrow().reveal();
        Files.delete(key());

        StringWriter out = new StringWriter();
        String rerun = String.join("\n", masterKey, "typo", masterKey, masterKey, "", "", "", "", "", "p-new", "", "",
                "", "pg-new", "n") + "\n";
        SetupWizard.Result again = run(rerun, out, null);

        assertTrue(out.toString().contains("The key file " + key() + " is missing"), out.toString());
        assertTrue(out.toString().contains("key-backup.sql") && out.toString().contains("two entries differ"),
                out.toString());
        assertTrue(again.generatedMasterKeyPassword().isEmpty(), "never generated anew");
        SecretCipher cipher = SecretCipher.load(key(), "target.masterKeyPassword");
        assertEquals(masterKey, cipher.decrypt("target.masterKeyPassword", load().getProperty(
                "target.masterKeyPassword")).reveal());
        assertEquals("p-new", cipher.decrypt("target.password", load().getProperty("target.password")).reveal());
    }

    /** Enter instead of the master key password stops with the way out, and leaves no new key file behind. */
    @Test
    void aLostKeyFileAndNoMasterKeyPasswordStopsWithTheWayOutAndLeavesNothingBehind() throws Exception {
        run(String.join("\n", "h", "", "", "sql", "u", "p", "", "", "", "pg", "n") + "\n", new StringWriter(), null);
        String before = Files.readString(conf());
        Files.delete(key());

        MigrationException e = assertThrows(MigrationException.class,
                () -> run("\n".repeat(12), new StringWriter(), null));

        assertEquals(SecurityTrouble.SETUP_MASTER_KEY_PASSWORD_LOST, e.trouble());
        assertTrue(e.solution().contains("Restore " + key()) && e.solution().contains("type the master key password"),
                e.solution());
        assertEquals(before, Files.readString(conf()), "nothing was rewritten");
        assertFalse(Files.exists(key()), "no new key file that encrypts nothing");
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

    /** Every key the set-up writes carries its real comment, the one the configuration reference has. */
    @Test
    void everyWrittenKeyKeepsItsRealComment() throws Exception {
        Files.createDirectories(conf().getParent());
        Files.writeString(conf(), "target.tls.trustStore=/opt/amp/ca.p12\ncopy.batchSize=5000\n");
        run(String.join("\n", "h", "", "", "sql", "u", "p", "", "", "", "pg", "n") + "\n", new StringWriter(), null);

        List<String> lines = Files.readAllLines(conf());
        int keys = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String key = line.substring(0, line.indexOf('='));
            assertEquals("# " + SettingKeys.find(key).orElseThrow().comment(), lines.get(i - 1), key);
            keys++;
        }
        assertTrue(keys >= 15, "every key: " + lines);
        assertFalse(Files.readString(conf()).contains("not managed by the set-up"));
    }

    /** A wrong answer is refused when it is typed, with the rule the commands apply later, and asked again. */
    @Test
    void aHostWithABadPortIsRefusedWhenTypedAndAskedAgain() throws Exception {
        StringWriter out = new StringWriter();
        run(String.join("\n", "sqlhost:14x33", "sqlhost:1433", "", "", "sql", "u", "p", "", "", "", "pg", "n")
                + "\n", out, null);

        assertEquals("sqlhost:1433", load().getProperty("target.host"));
        assertTrue(out.toString().contains("'sqlhost:14x33' is not valid for target.host: The port '14x33'"),
                out.toString());
    }

    /** An old target.url would win over the host typed now: the set-up shows it and clears it when asked. */
    @Test
    void anOldTargetUrlIsShownAndClearedSoTheNewHostIsUsed() throws Exception {
        run(String.join("\n", "old-host", "", "", "sql", "u", "p", "", "", "", "pg", "n") + "\n", new StringWriter(),
                null);
        Files.writeString(conf(), Files.readString(conf()).replace("target.url=",
                "target.url=jdbc:sqlserver://old-host:1433;databaseName=Old"));

        StringWriter out = new StringWriter();
        run(String.join("\n", "no", "new-host", "", "", "", "", "", "", "", "", "", "n") + "\n", out, null);

        assertTrue(out.toString().contains("target.url is set: jdbc:sqlserver://old-host:1433;databaseName=Old"),
                out.toString());
        assertEquals("", load().getProperty("target.url"));
        assertEquals("new-host", load().getProperty("target.host"));

        StringWriter kept = new StringWriter();
        Files.writeString(conf(), Files.readString(conf()).replace("target.url=",
                "target.url=jdbc:sqlserver://old-host:1433;databaseName=Old"));
        run(String.join("\n", "", "", "", "", "", "", "", "", "", "n") + "\n", kept, null);
        assertEquals("jdbc:sqlserver://old-host:1433;databaseName=Old", load().getProperty("target.url"));
        assertFalse(kept.toString().contains("Host Name"), "not asked: target.url decides " + kept);
    }

    /** The bundled settings would win over a JDBC URL typed now: shown, and cleared when asked. */
    @Test
    void bundledSettingsAreShownAndClearedWhenAJdbcUrlIsWanted() throws Exception {
        Files.createDirectories(conf().getParent());
        Files.writeString(conf(), "source.pgHome=/opt/amp/pgsql\nsource.dataDir=/opt/amp/pgsql/data\n"
                + "source.database=passtrix\n");
        StringWriter out = new StringWriter();
        run(String.join("\n", "h", "", "", "sql", "u", "p", "", "no", "jdbc:postgresql://pg:5432/passtrix", "", "pg",
                "n") + "\n", out, null);

        assertTrue(out.toString().contains("Bundled mode is set: source.pgHome=/opt/amp/pgsql"), out.toString());
        Properties p = load();
        assertEquals("jdbc:postgresql://pg:5432/passtrix", p.getProperty("source.url"));
        assertEquals(null, p.getProperty("source.pgHome"), "cleared: nothing overrides the URL any more");
        assertEquals(null, p.getProperty("source.dataDir"));
    }

    /** A failed Test is the wizard's verdict too, so the command can exit non-zero. */
    @Test
    void aFailedTestIsReported() throws Exception {
        SetupWizard.Result r = run(String.join("\n", "h", "", "", "sql", "u", "p", "", "", "", "pg", "y") + "\n",
                new StringWriter(), stored -> new SetupWizard.TestReport(false, "Test FAILED"));

        assertEquals(Optional.of(false), r.testPassed());
    }

    /**
     * The set-up proposes each table and column of the source named like a credential: the decisions land in
     * migration.properties, whose other lines and comments stay as they were.
     */
    @Test
    void credentialsFoundInTheSourceAreExcludedProtectedOrDeclaredInMigrationProperties() throws Exception {
        Files.createDirectories(tunables().getParent());
        String template = ConfigTemplates.migrationProperties().replace("copy.batchSize=10000", "copy.batchSize=5000")
                .replace("migration.protectedColumns=", "migration.protectedColumns=public.keys.pem");
        Files.writeString(tunables(), template);
        List<SetupWizard.Credential> found = List.of(
                new SetupWizard.Credential("public.personal_passwords", null, null, "password"),
                new SetupWizard.Credential("public.personal_passwords", "secret", "bytea", "secret"),
                new SetupWizard.Credential("public.accounts", "password", "bytea", "password"),
                new SetupWizard.Credential("public.users", "reset_token_hint", "text", "token"),
                new SetupWizard.Credential("public.users", "reset_token", "text", "token"));
        StringWriter out = new StringWriter();
        run(String.join("\n", "h", "", "", "sql", "u", "p", "", "", "", "pg", "y", "exclude", "protect", "not",
                "") + "\n", out, null, stored -> found);

        Properties p = new Properties();
        try (var r = Files.newBufferedReader(tunables())) {
            p.load(r);
        }
        assertEquals("public.personal_passwords", p.getProperty("migration.excludedTables"));
        assertEquals("public.keys.pem,public.accounts.password", p.getProperty("migration.protectedColumns"));
        assertEquals("public.users.reset_token_hint", p.getProperty("assess.notCredential"));
        assertEquals("5000", p.getProperty("copy.batchSize"), "other values stay");
        List<String> before = template.lines().toList();
        List<String> after = Files.readAllLines(tunables());
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i).startsWith("#")) {
                assertEquals(before.get(i), after.get(i), "comments stay");
            }
        }
        assertTrue(out.toString().contains("public.accounts.password (bytea, named like 'password'): protect / exclude"), out.toString());
        assertFalse(out.toString().contains("public.personal_passwords.secret"), "its table is excluded: not asked");
    }

    private SetupWizard form() {
        return new SetupWizard(SetupWizard.Terminal.of(new StringReader(""), new StringWriter()), conf(), tunables(),
                key(), new SecureRandom());
    }

    private static SetupWizard.Answers answers(Map<String, String> values, Map<String, String> passwords) {
        Map<String, Secret> secrets = new java.util.LinkedHashMap<>();
        passwords.forEach((k, v) -> secrets.put(k, Secret.of(v)));
        return new SetupWizard.Answers(values, secrets, true);
    }

    /** The console's form and the terminal write the same file from the same answers. */
    @Test
    void aFormsAnswersWriteTheFileExactlyAsTheTerminalDoes() throws Exception {
        run(String.join("\n", "sql01:14330", "AMP", "AmpDb", "sql", "amp_user", CANARY, "custom", "AmpCert", "AmpKey",
                "jdbc:postgresql://pg:2345/PassTrix", "postgres", "pgsecret", "n") + "\n", new StringWriter(), null);
        Properties typed = load();
        SecretCipher cipher = SecretCipher.load(key(), "target.password");
        Files.delete(conf());

        SetupWizard.Result r = form().save(answers(Map.of("target.host", "sql01:14330", "target.instance", "AMP",
                "target.database", "AmpDb", "target.auth", "sql", "target.user", "amp_user", "target.encryption",
                "custom", "target.certificate", "AmpCert", "target.symmetricKey", "AmpKey",
                "source.url", "jdbc:postgresql://pg:2345/PassTrix", "source.user", "postgres"),
                Map.of("target.password", CANARY, "source.password", "pgsecret")));

        Properties saved = load();
        assertEquals(new java.util.TreeSet<>(typed.stringPropertyNames()),
                new java.util.TreeSet<>(saved.stringPropertyNames()));
        for (String k : typed.stringPropertyNames()) {
            if (SecretCipher.isEncrypted(typed.getProperty(k))) {
                assertEquals(cipher.decrypt(k, typed.getProperty(k)), cipher.decrypt(k, saved.getProperty(k)), k);
            } else {
                assertEquals(typed.getProperty(k), saved.getProperty(k), k);
            }
        }
        assertFalse(Files.readString(conf()).contains(CANARY));
        assertTrue(r.generatedMasterKeyPassword().isEmpty(), "custom keys: nothing generated");
        if (conf().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf())));
        }
    }

    /** Passwords are write-only: the form sees which are stored, never their values; empty keeps them. */
    @Test
    void aFormSeesWhichPasswordsAreStoredAndAnEmptyPasswordKeepsTheStoredOne() throws Exception {
        run(String.join("\n", "h", "", "", "sql", "u", CANARY, "", "", "", "pg-" + CANARY, "n") + "\n",
                new StringWriter(), null);
        String storedTarget = load().getProperty("target.password");

        SetupWizard.FormState state = form().formState();
        assertTrue(state.storedSecrets().containsAll(List.of("target.password", "source.password",
                "target.masterKeyPassword")), state.toString());
        assertFalse(state.toString().contains(CANARY) || state.values().containsKey("target.password"));
        assertEquals("h", state.values().get("target.host"));

        Map<String, String> values = new java.util.HashMap<>(state.values());
        values.put("target.host", "h2:1444");
        SetupWizard.Result r = form().save(answers(values, Map.of()));
        assertEquals(storedTarget, load().getProperty("target.password"), "kept as stored");
        assertEquals("h2:1444", load().getProperty("target.host"));
        assertTrue(r.generatedMasterKeyPassword().isEmpty(), "the stored master key password is never regenerated");
    }

    /** The form's values are checked with the terminal's rules; nothing is written while one is wrong. */
    @Test
    void aFormWithWrongValuesIsRefusedNamingEachAndWritesNothing() {
        SetupWizard.Answers bad = answers(Map.of("target.host", "sqlhost:14x33", "target.auth", "sql",
                "target.encryption", "custom", "source.url", "mysql://x", "source.user", "postgres"), Map.of());
        Map<String, String> problems = form().problems(bad);
        assertTrue(problems.get("target.host").contains("The port '14x33'"), problems.toString());
        assertEquals("A value is required.", problems.get("target.user"));
        assertTrue(problems.get("target.password").contains("required"), problems.toString());
        assertTrue(problems.containsKey("target.certificate") && problems.containsKey("target.symmetricKey"));
        assertTrue(problems.get("source.url").contains("jdbc:postgresql:"), problems.toString());
        assertTrue(problems.containsKey("source.password"));
        MigrationException e = assertThrows(MigrationException.class, () -> form().save(bad));
        assertEquals(SecurityTrouble.SETUP_ANSWERS_INVALID, e.trouble());
        assertFalse(Files.exists(conf()));
        assertFalse(Files.exists(key()), "no key file that encrypts nothing");
    }

    /** Default keys and no stored master key password: one is generated, stored encrypted, returned once. */
    @Test
    void aFormInDefaultModeGeneratesTheMasterKeyPasswordOnce() throws Exception {
        SetupWizard.Result r = form().save(answers(Map.of("target.host", "h", "target.database", "PassTrix",
                "target.auth", "sql", "target.user", "u", "target.encryption", "default",
                "source.pgHome", "/opt/amp/pgsql", "source.dataDir", "/opt/amp/pgsql/data", "source.database",
                "passtrix", "source.user", "postgres"), Map.of("target.password", "p", "source.password", "pg")));
        Secret generated = r.generatedMasterKeyPassword().orElseThrow();
        Properties p = load();
        assertEquals(generated, SecretCipher.load(key(), "target.masterKeyPassword").decrypt("target.masterKeyPassword",
                p.getProperty("target.masterKeyPassword")));
        assertEquals("/opt/amp/pgsql", p.getProperty("source.pgHome"));
        assertEquals("passtrix", p.getProperty("source.database"));
        assertFalse(Files.readString(conf()).contains(generated.reveal()));
    }

    /** Encryption None: no key hierarchy, so no master key password is generated or stored. */
    @Test
    void aFormWithEncryptionNoneGeneratesNoMasterKeyPassword() throws Exception {
        SetupWizard.Result r = form().save(answers(Map.of("target.host", "h", "target.database", "PassTrix",
                "target.auth", "sql", "target.user", "u", "target.encryption", "none", "source.url",
                "jdbc:postgresql://pg/db", "source.user", "postgres"), Map.of("target.password", "p",
                "source.password", "pg")));
        assertTrue(r.generatedMasterKeyPassword().isEmpty());
        assertEquals("none", load().getProperty("target.encryption"));
        assertEquals("", load().getProperty("target.masterKeyPassword"));
    }

    /** Encryption None has no symmetric key: protecting a column is not offered (migrate would refuse it). */
    @Test
    void withEncryptionNoneACredentialColumnIsNotOfferedProtection() throws Exception {
        List<SetupWizard.Credential> found = List.of(
                new SetupWizard.Credential("public.accounts", "password", "bytea", "password"));
        StringWriter out = new StringWriter();
        run(String.join("\n", "h", "", "", "sql", "u", "p", "none", "", "", "pg", "y", "not") + "\n", out, null,
                stored -> found);

        assertTrue(out.toString().contains("public.accounts.password (bytea, named like 'password'): exclude / not "
                + "/ later"), out.toString());
        assertTrue(out.toString().contains("Encryption None: there is no symmetric key"), out.toString());
        assertFalse(out.toString().contains("protect = "), out.toString());
    }

    @Test
    void propertiesValuesAreEscaped() throws Exception {
        String tricky = " lead\\back=colon:ü\n";
        Properties p = new Properties();
        p.load(new StringReader("k=" + SetupWizard.propertiesValue(tricky)));
        assertEquals(tricky, p.getProperty("k"));
    }
}
