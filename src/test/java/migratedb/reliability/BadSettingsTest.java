package migratedb.reliability;

import migratedb.it.MigrateDbHarness;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Settings and environments that break tools: passwords with the characters connection strings use as syntax, a
 * JVM in a zone with daylight saving time, tunables out of range, a damaged encrypted secret.
 */
class BadSettingsTest {
    @TempDir
    Path dir;

    /** Passwords holding ; } @ = ' " on both sides: they travel in driver properties, never inside a URL. */
    @Test
    void passwordsHoldingConnectionStringSyntaxWorkOnBothSidesAndAreReallyChecked() throws Exception {
        String source = TestPostgres.newDatabase("odd_password");
        String sourcePassword = "p;}@=x'\"{;";
        String targetPassword = "t;}@=y;DATABASE_TO_UPPER=TRUE";
        try (Connection c = TestPostgres.connect(source); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE secrets_test (id int PRIMARY KEY, v text)");
            st.execute("INSERT INTO secrets_test VALUES (1, 'a'), (2, 'b')");
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'odd_pw') THEN "
                    + "CREATE ROLE odd_pw LOGIN; END IF; END $$");
            st.execute("ALTER ROLE odd_pw PASSWORD '" + sourcePassword.replace("'", "''") + "'");
            st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO odd_pw");
        }
        requirePasswordLogin("odd_pw");
        // the reload is asynchronous: wait until the server asks this role for its password
        Fixtures.await(java.time.Duration.ofSeconds(30), "the server checks odd_pw's password", () -> {
            try (Connection c = DriverManager.getConnection(source, "odd_pw", "not-the-password")) {
                return false;
            } catch (java.sql.SQLException refused) {
                return true;
            }
        });
        // secrets_test holds test values, no credentials: declared, so the assessment lets it through
        MigrateDbHarness h = new MigrateDbHarness(dir, source).set("assess.notCredential", "public.secrets_test")
                .set("source.user", "odd_pw")
                .set("source.password", sourcePassword).set("target.password", targetPassword);

        MigrateDbHarness.Result wrong = run(h.set("source.password", sourcePassword + "x"), "migrate");
        assertNotEquals(0, wrong.exitCode(), "a wrong password must be refused (the login is really checked)");
        assertTrue(wrong.all().contains("SOURCE_AUTH_FAILED") || wrong.all().contains("odd_pw"), wrong.all());

        MigrateDbHarness.Result r = run(h.set("source.password", sourcePassword), "migrate");

        assertEquals(0, r.exitCode(), r.all());
        assertFalse(r.all().contains(sourcePassword) || r.all().contains(targetPassword), "no password on the console");
        try (Connection s = TestPostgres.connect(source); Connection t = h.target()) {
            Fixtures.assertSameRows("secrets_test", Fixtures.rows(s, "SELECT id, v FROM secrets_test"),
                    Fixtures.rows(t, "SELECT id, v FROM dbo.secrets_test"));
        }
    }

    /**
     * A timestamp without time zone in the hour skipped by daylight saving time (2024-03-31 02:30 does not exist
     * in Europe/Berlin) is a wall-clock value: it must arrive unchanged although MigrateDB's JVM runs in that zone.
     */
    @Test
    void aTimestampInADaylightSavingGapArrivesUnchangedUnderANonUtcJvmZone() throws Exception {
        String source = TestPostgres.newDatabase("dst_gap");
        try (Connection c = TestPostgres.connect(source); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE appointments (id int PRIMARY KEY, local_at timestamp, at timestamptz, d date)");
            st.execute("INSERT INTO appointments VALUES (1, '2024-03-31 02:30:00', '2024-03-31 02:30:00+00', "
                    + "'2024-03-31'), (2, '2024-10-27 02:30:00', '2024-10-27 02:30:00+00', '2024-10-27'), "
                    + "(3, '2024-03-31 01:59:59.999999', '2024-03-31 00:59:59.999999+00', '1900-01-01')");
        }
        MigrateDbHarness h = new MigrateDbHarness(dir, source);
        try (ChildMigrateDb child = ChildMigrateDb.start(migratedb.config.Home.dir(), "Europe/Berlin",
                dir.resolve("child.out"), "migrate", "--config", h.configFile().toString())) {
            assertEquals(0, child.await(180), child.console());
        }
        try (Connection s = TestPostgres.connect(source); Connection t = h.target()) {
            Fixtures.assertSameRows("appointments",
                    Fixtures.rows(s, "SELECT id, local_at, at AT TIME ZONE 'UTC', d FROM appointments"),
                    Fixtures.rows(t, "SELECT id, local_at, CAST(at AT TIME ZONE 'UTC' AS TIMESTAMP), d "
                            + "FROM dbo.appointments"));
        }
    }

    @Test
    void aChunkSizeBelowTheMinimumIsRefusedNamingTheSettingBeforeAnythingConnects() {
        MigrateDbHarness h = new MigrateDbHarness(dir, "jdbc:postgresql://no-such-host.invalid:5432/x");

        MigrateDbHarness.Result r = run(h, "migrate", "--set", "copy.chunkRows=10");

        assertNotEquals(0, r.exitCode(), r.all());
        assertTrue(r.err().contains("copy.chunkRows"), r.err());
        assertFalse(r.all().contains("no-such-host"), "refused before connecting: " + r.all());
    }

    @Test
    void aDamagedEncryptedPasswordIsRefusedNamingTheSettingWithoutShowingIt() throws Exception {
        MigrateDbHarness h = new MigrateDbHarness(dir, TestPostgres.newDatabase("bad_enc"))
                .set("target.password", "ENC(AAAAnot-really-a-cipher-text==)");

        MigrateDbHarness.Result r = run(h, "migrate");

        assertNotEquals(0, r.exitCode(), r.all());
        assertTrue(r.all().contains("target.password"), "the message names the setting: " + r.all());
        Fixtures.assertNoStackTrace(r.all());
        assertEquals(List.of(), h.targetTables(), "nothing was written");
    }

    /** Runs with the config file readable by its owner only, as a file holding a plain-text password must be. */
    private static MigrateDbHarness.Result run(MigrateDbHarness h, String command, String... extra) {
        try {
            Path conf = h.configFile();
            Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
            List<String> args = new java.util.ArrayList<>(List.of(command, "--config", conf.toString()));
            args.addAll(List.of(extra));
            return MigrateDbHarness.runRaw(args.toArray(new String[0]));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The test server trusts every local login; this role must log in with its password (scram) instead. */
    private static void requirePasswordLogin(String role) throws Exception {
        String admin = Fixtures.maintenanceUrl(TestPostgres.newDatabase("hba"));
        try (Connection c = DriverManager.getConnection(admin, "postgres", ""); Statement st = c.createStatement()) {
            Path hba;
            try (ResultSet rs = st.executeQuery("SHOW hba_file")) {
                rs.next();
                hba = Path.of(rs.getString(1));
            }
            String line = "host all " + role + " 127.0.0.1/32 scram-sha-256\n";
            String current = Files.readString(hba);
            if (!current.startsWith(line)) {
                Files.writeString(hba, line + current);
            }
            st.execute("SELECT pg_reload_conf()");
        }
    }
}
