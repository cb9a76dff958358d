package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.config.Home;
import migratedb.config.Secret;
import migratedb.demo.DemoDatabase;
import migratedb.sink.KeyMaterial;
import migratedb.sink.KeyNames;
import migratedb.sink.h2.H2KeyManagement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key setup and protected columns end to end on the H2 stand-in (which emulates the key hierarchy in its own
 * dialect only): default mode creates the keys once and stores the columns encrypted; custom mode uses the
 * administrator's keys and refuses precisely when they are missing.
 */
class KeySetupEndToEndTest {
    @TempDir
    Path dir;

    private String source;
    private MigrateDbHarness h;

    @BeforeEach
    void sample() throws Exception {
        source = TestPostgres.newDatabase("keys");
        try (Connection c = TestPostgres.connect(source)) {
            DemoDatabase.loadSample(c, 200);
        }
        h = new MigrateDbHarness(dir, source)
                .set("migration.excludedTables", "public.personal_passwords")
                .set("migration.protectedColumns", "public.accounts.password,public.users.full_name");
    }

    @Test
    void defaultModeStoresProtectedColumnsEncryptedAndVerifiesThemDecrypted() throws Exception {
        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        for (JsonNode t : report.get("tables")) {
            assertTrue(t.get("verified").asBoolean(), t.toString());
        }
        assertTrue(Files.readString(h.configPath()).contains("target.masterKeyPassword=ENC("),
                "the generated master key password is stored encrypted in the configuration");
        assertTrue(r.out().contains("IMPORTANT: A database master key password was generated"), "shown once");
        // the stand-in's key-backup.sql says there is nothing to back up: the console must not say otherwise
        assertFalse(r.out().contains("Back up the master key"), r.out());
        assertTrue(report.get("warnings").toString().contains("there is nothing to back up"), report.toString());

        Map<Long, byte[]> clear = new HashMap<>();
        try (Connection pg = TestPostgres.connect(source);
             ResultSet rs = pg.createStatement().executeQuery("SELECT id, password FROM accounts")) {
            while (rs.next()) {
                clear.put(rs.getLong(1), rs.getBytes(2));
            }
        }
        H2KeyManagement keys = new H2KeyManagement(new KeyNames("PassTrix", "", ""));
        try (Connection target = h.target()) {
            try (ResultSet rs = target.createStatement().executeQuery("SELECT id, password FROM dbo.accounts")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    assertFalse(Arrays.equals(clear.get(rs.getLong(1)), rs.getBytes(2)), "stored encrypted");
                }
                assertEquals(clear.size(), rows);
            }
            keys.openKey(target);
            try (PreparedStatement ps = target.prepareStatement("SELECT id, "
                    + keys.decryptExpression("[password]", migratedb.model.ValueKind.BYTES) + " FROM dbo.accounts");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertArrayEquals(clear.get(rs.getLong(1)), rs.getBytes(2), "decrypts to the source value");
                }
            }
        }
    }

    @Test
    void theKeyRecreationStatementIsPrintedOnRequestAndNeverLogged() throws Exception {
        assertEquals(0, h.run("migrate").exitCode());
        String stored = migratedb.config.Settings.load(h.configPath(), null, List.of(), Map.of())
                .get("target.masterKeyPassword");
        KeyMaterial material = KeyMaterial.fromMasterKeyPassword(Secret.of(stored));

        MigrateDbHarness.Result shown = MigrateDbHarness.runRaw("show-key-recreate", "--config",
                h.configPath().toString());

        assertEquals(0, shown.exitCode(), shown.all());
        assertTrue(shown.out().contains("CREATE SYMMETRIC KEY [MigrateDBSymmetricKey]"), shown.out());
        assertTrue(shown.out().contains("KEY_SOURCE = N'" + material.keySource().reveal() + "'"), shown.out());
        assertTrue(shown.out().contains("IDENTITY_VALUE = N'" + material.identityValue().reveal() + "'"), shown.out());
        assertTrue(shown.out().contains("ENCRYPTION BY CERTIFICATE [MigrateDBCertificate]"), shown.out());
        for (Path log : List.of(Home.logs().resolve("migration.log"), Home.logs().resolve("troubleshooting.log"))) {
            if (Files.exists(log)) {
                assertFalse(Files.readString(log).contains(material.keySource().reveal()), "never logged: " + log);
            }
        }

        MigrateDbHarness.Result custom = h.set("target.encryption", "custom").run("show-key-recreate");
        assertEquals(2, custom.exitCode(), custom.all());
        assertTrue(custom.err().contains("target.encryption is custom"), custom.err());
    }

    @Test
    void keySetupOverAnExistingKeyHierarchyChangesNothing() throws Exception {
        Files.writeString(h.configFile(), "target.masterKeyPassword=" + "Fixed-Master-Pw-1\n",
                java.nio.file.StandardOpenOption.APPEND);
        H2KeyManagement keys = new H2KeyManagement(new KeyNames("PassTrix", "", ""));
        try (Connection target = h.target()) {
            keys.ensureKeyHierarchy(target, KeyMaterial.fromMasterKeyPassword(Secret.of("Fixed-Master-Pw-1")));
        }
        byte[] before = keyBytes();

        h.set("target.masterKeyPassword", "Fixed-Master-Pw-1");
        Files.setPosixFilePermissions(h.configFile(), PosixFilePermissions.fromString("rw-------"));
        // a database that holds only the key hierarchy is empty of user data: the migration runs key setup again
        MigrateDbHarness.Result r = h.run("migrate");
        assertEquals(0, r.exitCode(), r.all());
        assertFalse(r.out().contains("IMPORTANT"), "the configured master key password is used, nothing generated");
        assertArrayEquals(before, keyBytes(), "re-running key setup changes nothing");
    }

    /**
     * A master key MigrateDB did not create (a DBA's) is never adopted silently: the password MigrateDB would store
     * and the backup instructions would not open it. With its right password, Default mode goes on.
     */
    @Test
    void anExistingMasterKeyIsUsedOnlyWithThePasswordThatOpensIt() throws Exception {
        H2KeyManagement dbas = new H2KeyManagement(new KeyNames("PassTrix", "DbaCert", "DbaKey"));
        try (Connection target = h.target()) {
            dbas.ensureKeyHierarchy(target, KeyMaterial.fromMasterKeyPassword(Secret.of("Dbas-Own-Pw-7")));
        }

        MigrateDbHarness.Result none = h.run("migrate");
        assertEquals(1, none.exitCode(), none.all());
        assertTrue(none.all().contains("Database PassTrix already has a master key, and MigrateDB holds no password "
                + "for it."), none.all());
        assertFalse(Files.readString(h.configPath()).contains("masterKeyPassword"), "no password generated");

        h.set("target.masterKeyPassword", "Not-The-Pw-1");
        Files.setPosixFilePermissions(h.configFile(), PosixFilePermissions.fromString("rw-------"));
        MigrateDbHarness.Result wrong = h.run("migrate");
        assertEquals(1, wrong.exitCode(), wrong.all());
        assertTrue(wrong.all().contains("The stored master key password does not open the master key of database "
                + "PassTrix"), wrong.all());
        assertFalse(wrong.all().contains("Not-The-Pw-1"), "the password is never shown");
        assertEquals(List.of("dbo.migratedb_key_store"), h.targetTables(), "nothing but the DBA's keys");

        h.set("target.masterKeyPassword", "Dbas-Own-Pw-7");
        Files.setPosixFilePermissions(h.configFile(), PosixFilePermissions.fromString("rw-------"));
        MigrateDbHarness.Result right = h.run("migrate");
        assertEquals(0, right.exitCode(), right.all());
    }

    @Test
    void customModeRefusesPreciselyWhenTheAdministratorsKeyIsMissing() throws Exception {
        h.set("target.encryption", "custom").set("target.certificate", "AmpCert").set("target.symmetricKey", "AmpKey");

        MigrateDbHarness.Result r = h.run("migrate");

        assertNotEquals(0, r.exitCode());
        assertTrue(r.all().contains("AmpCert"), "names the missing certificate: " + r.all());
    }

    @Test
    void customModeUsesTheAdministratorsKeys() throws Exception {
        H2KeyManagement keys = new H2KeyManagement(new KeyNames("PassTrix", "AmpCert", "AmpKey"));
        try (Connection target = h.target()) {
            keys.ensureKeyHierarchy(target, KeyMaterial.fromMasterKeyPassword(Secret.of("Admins-Own-Pw-9")));
        }
        // as on SQL Server, where keys are no tables, a database holding only the key hierarchy counts as empty
        h.set("target.encryption", "custom").set("target.certificate", "AmpCert").set("target.symmetricKey", "AmpKey");

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        assertFalse(Files.readString(h.configPath()).contains("masterKeyPassword"), "custom mode generates nothing");
    }

    /**
     * target.encryption=none: the run needs and creates no key at all. The H2 stand-in emulates the key hierarchy
     * in a table of its own (migratedb_key_store), written only by key statements: it stays absent, and so does
     * the generated master key password, key-backup.sql and the prompt to back up keys.
     */
    @Test
    void withoutEncryptionTheMigrationRunsWithoutAnyKeyStatement() throws Exception {
        h.set("migration.protectedColumns", "");

        // with no key, accounts.password can only travel in plain text: the administrator says so explicitly
        MigrateDbHarness.Result r = h.run("migrate", "--set", "target.encryption=none",
                "--set", "assess.allow=credential-not-protected");

        assertEquals(0, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        for (JsonNode t : report.get("tables")) {
            assertTrue(t.get("verified").asBoolean(), t.toString());
        }
        assertFalse(h.targetTables().contains("dbo.migratedb_key_store"), "no key statement ran: " + h.targetTables());
        Path reports = Home.resolve("reports").resolve(report.get("runId").asText());
        assertFalse(Files.exists(reports.resolve("key-backup.sql")), "nothing to back up");
        assertFalse(Files.readString(h.configPath()).contains("masterKeyPassword"), "no master key password");
        assertFalse(r.all().contains("Back up the master key"), r.all());
        assertTrue(report.get("warnings").toString().contains("target.encryption=none"), report.toString());
    }

    /** Without a key, protecting the column is no way out: the finding says so instead of proposing it. */
    @Test
    void withoutEncryptionTheCredentialFindingOffersOnlyTheWaysThatExist() throws Exception {
        h.set("migration.protectedColumns", "");

        MigrateDbHarness.Result r = h.run("assess", "--set", "target.encryption=none");

        assertNotEquals(0, r.exitCode(), r.all());
        java.util.regex.Matcher report = java.util.regex.Pattern.compile("Report: (\\S+assessment\\.md)")
                .matcher(r.out());
        assertTrue(report.find(), r.all());
        String assessment = Files.readString(Path.of(report.group(1)));
        assertTrue(assessment.contains("public.accounts.password (bytea) is named like a secret ('password'): copied "
                + "in plain text unless migration.excludedTables names its table or assess.notCredential names it "
                + "(target.encryption=none: there is no symmetric key"), assessment);
    }

    @Test
    void withoutEncryptionProtectedColumnsAreRefusedBeforeAnythingIsWritten() throws Exception {
        MigrateDbHarness.Result r = h.run("migrate", "--set", "target.encryption=none");

        assertNotEquals(0, r.exitCode(), r.all());
        assertTrue(r.all().contains("migration.protectedColumns names public.accounts.password, "
                + "public.users.full_name, but target.encryption is none"), r.all());
        assertEquals(List.of(), h.targetTables(), "nothing was written to the target");
    }

    /** Encrypted values of equal text differ (random IV): a protected column cannot be part of a key or index. */
    @Test
    void aProtectedColumnThatIsPartOfAKeyIsRefusedNamingTheKey() throws Exception {
        for (String[] c : new String[][]{{"public.users.email", "unique key users_email_key"},
                {"public.resources.name", "index resources_name_idx"},
                {"public.users.login", "unique key users_login_key"}}) {
            // the accounts' passwords stay protected: the only refusal is the key
            MigrateDbHarness.Result r = h.set("migration.protectedColumns", "public.accounts.password," + c[0])
                    .run("migrate");

            assertEquals(1, r.exitCode(), r.all());
            assertTrue(r.all().contains("Protected column " + c[0] + " cannot be encrypted: it is part of " + c[1]
                    + ", and encrypted values cannot be compared."), r.all());
            assertEquals(List.of(), h.targetTables(), "nothing was written");
        }
    }

    private byte[] keyBytes() throws Exception {
        try (Connection target = h.target();
             ResultSet rs = target.createStatement().executeQuery(
                     "SELECT key_bytes FROM dbo.migratedb_key_store WHERE kind = 'SYMMETRIC_KEY'")) {
            rs.next();
            return rs.getBytes(1);
        }
    }
}
