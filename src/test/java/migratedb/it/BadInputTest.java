package migratedb.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input ends with one paragraph naming the setting and what to do, a non-zero exit, and no stack trace. */
class BadInputTest {
    @TempDir
    Path dir;

    private MigrateDbHarness harness() {
        return new MigrateDbHarness(dir, TestPostgres.newDatabase("badinput"));
    }

    @Test
    void aMissingConfigFileNamesTheFile() {
        MigrateDbHarness.Result r = MigrateDbHarness.runRaw("migrate", "--config", dir.resolve("nope.conf").toString());

        assertFails(r, "nope.conf");
        assertTrue(r.err().contains("./run.sh setup"), "says how to create it");
    }

    @Test
    void aMalformedSetNamesTheOption() {
        MigrateDbHarness h = harness();

        MigrateDbHarness.Result r = h.run("migrate", "--set", "target.database");

        assertFails(r, "--set");
        assertTrue(r.err().contains("key=value"), r.err());
    }

    @Test
    void anUnknownSettingIsRefusedWithTheNearestKnownKey() {
        MigrateDbHarness h = harness();

        MigrateDbHarness.Result r = h.run("migrate", "--set", "target.databse=X");

        assertFails(r, "target.databse");
        assertTrue(r.err().contains("did you mean target.database"), r.err());
    }

    @Test
    void aPasswordOnTheCommandLineIsRefusedWithoutShowingIt() {
        MigrateDbHarness h = harness();

        MigrateDbHarness.Result r = h.run("migrate", "--set", "target.password=Cmd-Line-Secret-1");

        assertFails(r, "target.password");
        assertTrue(r.err().contains("process list"), "says why: " + r.err());
        assertTrue(r.err().contains("MIGRATEDB_TARGET_PASSWORD") && r.err().contains("./run.sh setup"),
                "says where it may come from instead: " + r.err());
        assertFalse(r.all().contains("Cmd-Line-Secret-1"), "never shows the secret");
    }

    @Test
    void aTypeMappingOfAColumnCalledPasswordIsNoSecret() throws Exception {
        String source = TestPostgres.newDatabase("badinput");
        TestPostgres.execute(source, "CREATE TABLE accounts (id int PRIMARY KEY, password text)");
        // the column is named like a credential: declared as none, the assessment lets it through
        MigrateDbHarness h = new MigrateDbHarness(dir, source).set("assess.notCredential", "public.accounts.password");

        MigrateDbHarness.Result r = h.run("assess", "--set", "mapping.column.public.accounts.password=NVARCHAR(200)");

        assertEquals(0, r.exitCode(), "accepted on the command line: " + r.all());
    }

    @Test
    void aMissingSettingSaysWhereToSetIt() {
        MigrateDbHarness h = harness().set("source.url", "");

        MigrateDbHarness.Result r = h.run("migrate");

        assertFails(r, "source.url");
        assertTrue(r.err().contains("or on the command line (--set source.url=...)."), r.err());
    }

    @Test
    void aLongerSpellingOfAKeyIsRefusedWithTheKnownKey() {
        MigrateDbHarness h = harness();

        MigrateDbHarness.Result r = h.run("migrate", "--set", "target.authentication=sql");

        assertFails(r, "target.authentication");
        assertTrue(r.err().contains("did you mean target.auth?"), r.err());
    }

    @Test
    void anUnknownCommandListsTheHelp() {
        MigrateDbHarness.Result r = MigrateDbHarness.runRaw("migrat");

        assertNotEquals(0, r.exitCode());
        assertTrue(r.err().contains("migrat") && r.err().contains("--help"), r.err());
    }

    @Test
    void anInvalidNumberNamesTheSettingAndTheRange() {
        MigrateDbHarness h = harness();

        MigrateDbHarness.Result r = h.run("migrate", "--set", "copy.batchSize=lots");

        assertFails(r, "copy.batchSize");
        assertTrue(r.all().contains("whole number"), r.all());
    }

    @Test
    void aPlainTextPasswordInAFileOthersCanReadIsRefused() throws Exception {
        MigrateDbHarness h = harness().set("target.password", "Plain-Secret-1");
        Path conf = h.configFile();
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));

        MigrateDbHarness.Result r = MigrateDbHarness.runRaw("migrate", "--config", conf.toString());

        assertFails(r, "target.password");
        assertTrue(r.err().contains("chmod"), "says how to fix it: " + r.err());
        assertFalse(r.all().contains("Plain-Secret-1"), "never shows the secret");
    }

    @Test
    void aWrongSourcePasswordNamesTheSetting() throws Exception {
        // the test server trusts local logins, so a wrong user stands in for a wrong password
        MigrateDbHarness h = harness().set("source.user", "nobody_here");

        MigrateDbHarness.Result r = h.run("migrate");

        assertNotEquals(0, r.exitCode());
        assertTrue(r.all().contains("source.user") || r.all().contains("nobody_here"), r.all());
        assertFalse(r.all().contains("\tat "), "no stack trace on the console");
        assertEquals(java.util.List.of(), h.targetTables(), "nothing was written to the target");
    }

    @Test
    void anUnknownHostNamesTheHost() {
        MigrateDbHarness h = harness().set("source.url", "jdbc:postgresql://no-such-host.invalid:5432/x");

        MigrateDbHarness.Result r = h.run("migrate");

        assertNotEquals(0, r.exitCode());
        assertTrue(r.all().contains("no-such-host.invalid"), r.all());
        assertFalse(r.all().contains("\tat "), "no stack trace on the console");
    }

    /** assess and migrate --dry-run check every tunable before they connect, as migrate does. */
    @Test
    void aNegativeBatchSizeIsRefusedByAssessAndTheDryRunBeforeAnythingConnects() {
        MigrateDbHarness h = harness().set("source.url", "jdbc:postgresql://no-such-host.invalid:5432/x");

        for (String[] command : new String[][]{{"assess"}, {"migrate", "--dry-run"}, {"test"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                    java.util.stream.Stream.of("--set", "copy.batchSize=-5")).toArray(String[]::new);
            MigrateDbHarness.Result r = h.run(args[0], java.util.Arrays.copyOfRange(args, 1, args.length));

            assertFails(r, "copy.batchSize");
            assertTrue(r.err().contains("'-5'") && r.err().contains("between 1 and 1000000"), r.err());
            assertFalse(r.all().contains("no-such-host"), String.join(" ", command) + " connected first: " + r.all());
        }
    }

    /** A --set without '=' is shown whole, so the administrator sees the typo, unless it names a secret. */
    @Test
    void aMalformedSetIsEchoedWholeButNeverASecret() {
        MigrateDbHarness h = harness();

        MigrateDbHarness.Result r = h.run("assess", "--set", "copy.batchSize:5000");
        assertFails(r, "'copy.batchSize:5000'");

        MigrateDbHarness.Result secret = h.run("assess", "--set", "target.password:Typed-Secret-9");
        assertFails(secret, "target.password");
        assertFalse(secret.all().contains("Typed-Secret-9"), secret.all());
    }

    private static void assertFails(MigrateDbHarness.Result r, String named) {
        assertNotEquals(0, r.exitCode(), r.all());
        assertTrue(r.err().contains(named), "the message names " + named + ": " + r.err());
        assertFalse(r.all().contains("\tat "), "no stack trace on the console: " + r.all());
    }
}
