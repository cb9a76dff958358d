package migratedb.cli;

import migratedb.config.Settings;
import migratedb.config.SetupWizard;
import migratedb.it.MigrateDbHarness;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The setup command as an administrator meets it: its exit code, and what it finds in a real source. */
class SetupCommandTest {
    @TempDir
    Path dir;

    /** "Test FAILED" is the command's verdict: it exits non-zero, after the one-time password shown above it. */
    @Test
    void aFailedConnectionTestMakesSetupExitNonZero() {
        String input = String.join("\n", "nowhere.invalid", "", "", "sql", "u", "p", "",
                "jdbc:postgresql://127.0.0.1:1/nowhere", "", "pg", "y", "n") + "\n";
        InputStream stdin = System.in;
        MigrateDbHarness.Result r;
        try {
            System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            r = MigrateDbHarness.runRaw("setup", "--config", dir.resolve("database_params.conf").toString());
        } finally {
            System.setIn(stdin);
        }

        assertEquals(Console.FAILED, r.exitCode(), r.all());
        assertTrue(r.out().contains("Test FAILED"), r.out());
        assertTrue(r.out().indexOf("IMPORTANT, shown only now") < r.out().indexOf("Test FAILED"), r.out());
        assertTrue(Files.exists(dir.resolve("database_params.conf")), "the answers are saved all the same");
    }

    /** What the set-up proposes is what the assessment would block on, read from the source itself. */
    @Test
    void theCandidatesAreTheSourcesTablesAndColumnsNamedLikeCredentials() throws Exception {
        String source = TestPostgres.newDatabase("setup_credentials");
        TestPostgres.execute(source, """
                CREATE TABLE personal_passwords (id int PRIMARY KEY, title text, secret bytea);
                CREATE TABLE accounts (id int PRIMARY KEY, password bytea, password_changed_at timestamptz);
                CREATE TABLE api_keys (id int PRIMARY KEY, key_hash bytea);
                """);
        Path conf = Files.writeString(dir.resolve("c.conf"), "source.url=" + source + "\nsource.user=postgres\n"
                + "target.url=jdbc:h2:mem:setup;MODE=MSSQLServer\nmigration.protectedColumns=public.accounts.password\n");

        List<SetupWizard.Credential> found = SetupCommand.credentials(Settings.load(conf, null, List.of(), Map.of()));

        assertEquals(List.of("public.personal_passwords", "public.personal_passwords.secret"),
                found.stream().map(c -> c.column() == null ? c.table() : c.table() + "." + c.column()).toList());
    }
}
