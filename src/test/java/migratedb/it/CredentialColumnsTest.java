package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.cli.RequestDispatch;
import migratedb.ops.Request;
import migratedb.ops.RequestOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Personal passwords and password columns never reach SQL Server in plain text by default: the assessment blocks on
 * every table or text/binary column named like a secret until it is excluded, protected or declared.
 */
class CredentialColumnsTest {
    @TempDir
    Path dir;

    private static String source() throws Exception {
        String source = TestPostgres.newDatabase("secret_names");
        TestPostgres.execute(source, """
                CREATE TABLE users (id int PRIMARY KEY, login text NOT NULL, password_changed_at timestamptz,
                                    reset_token text, reset_token_hint text);
                CREATE TABLE accounts (id int PRIMARY KEY, login_name text, password bytea);
                CREATE TABLE personal_passwords (id int PRIMARY KEY, user_id int, title text, secret bytea);
                CREATE TABLE api_keys (id int PRIMARY KEY, key_hash bytea);
                INSERT INTO users VALUES (1, 'anna', now(), 'r-1', 'sent by mail');
                INSERT INTO accounts VALUES (1, 'root', '\\x0102');
                INSERT INTO personal_passwords VALUES (1, 1, 'bank', '\\x0304');
                INSERT INTO api_keys VALUES (1, '\\x0506');
                """);
        return source;
    }

    @Test
    void aSourceWithPersonalPasswordsIsRefusedUntilEachSecretIsExcludedProtectedOrDeclared() throws Exception {
        MigrateDbHarness h = new MigrateDbHarness(dir, source());

        MigrateDbHarness.Result assess = h.run("assess");

        assertEquals(1, assess.exitCode(), assess.all());
        JsonNode a = TrapsAssessmentTest.assessment(assess.out());
        List<String> named = TrapsAssessmentTest.findings(a, "credential-not-protected").stream()
                .map(f -> f.get("table").asText() + (f.get("column").isNull() ? "" : "." + f.get("column").asText()))
                .sorted().toList();
        assertEquals(List.of("public.accounts.password", "public.personal_passwords",
                "public.personal_passwords.secret", "public.users.reset_token", "public.users.reset_token_hint"), named);
        JsonNode table = TrapsAssessmentTest.finding(a, "credential-not-protected", "public.personal_passwords", null);
        assertEquals("blocking", table.get("severity").asText());
        for (String wayOut : List.of("migration.excludedTables", "migration.protectedColumns", "assess.notCredential")) {
            assertTrue(table.get("detail").asText().contains(wayOut), table.toString());
        }
        assertTrue(assess.out().contains("BLOCKING credential-not-protected: public.personal_passwords"), assess.out());

        MigrateDbHarness.Result migrate = h.run("migrate");
        assertEquals(1, migrate.exitCode(), migrate.all());
        assertTrue(migrate.all().contains("BLOCKING_FINDINGS") || migrate.all().contains("blocking finding"),
                migrate.all());
        assertTrue(migrate.all().contains("credential-not-protected in public.personal_passwords"), migrate.all());
        assertEquals(List.of(), h.targetTables(), "nothing was written");

        MigrateDbHarness.Result decided = h.set("migration.excludedTables", "public.personal_passwords")
                .set("migration.protectedColumns", "public.accounts.password")
                .set("assess.notCredential", "public.users.reset_token_hint,public.users.reset_token").run("assess");
        assertEquals(0, decided.exitCode(), decided.all());
        assertEquals(List.of(), TrapsAssessmentTest.findings(TrapsAssessmentTest.assessment(decided.out()),
                "credential-not-protected"));
    }

    /** A run from the watched inbox is told to allow with a set. line of its request file, not with --set. */
    @Test
    void theRefusalOfARequestFileRunAdvisesASetLineAndTheCommandLineRunAdvisesSet() throws Exception {
        MigrateDbHarness h = new MigrateDbHarness(dir, source());
        Path config = h.configFile();

        RequestOutcome dropped = new RequestDispatch(new PrintStream(new ByteArrayOutputStream(), true))
                .run(new Request("nightly.request", "migrate", config, null, List.of(), "k"));
        MigrateDbHarness.Result typed = h.run("migrate");

        String solution = dropped.failure().get("solution");
        assertTrue(solution.contains("set.assess.allow=credential-not-protected in the request file"), solution);
        assertFalse(solution.contains("--set"), solution);
        assertTrue(typed.all().contains("--set assess.allow=credential-not-protected"), typed.all());
    }
}
