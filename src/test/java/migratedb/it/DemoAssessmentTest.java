package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.demo.DemoDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo sample assesses without a blocking finding, and its dry run writes the whole script. */
class DemoAssessmentTest {
    @TempDir
    Path dir;

    @Test
    void theDemoSampleHasNoBlockingFindingAndItsDryRunScriptIsComplete() throws Exception {
        String source = TestPostgres.newDatabase("demo_assess");
        try (Connection c = TestPostgres.connect(source)) {
            DemoDatabase.loadSample(c, 2_000);
        }
        // as the demo: personal passwords excluded, the accounts' passwords stored encrypted
        MigrateDbHarness h = new MigrateDbHarness(dir, source).set("migration.excludedTables",
                "public.personal_passwords").set("migration.protectedColumns", "public.accounts.password");

        MigrateDbHarness.Result assess = h.run("assess");

        assertEquals(0, assess.exitCode(), assess.all());
        JsonNode a = TrapsAssessmentTest.assessment(assess.out());
        for (JsonNode f : a.get("findings")) {
            assertEquals("warning", f.get("severity").asText(), f.toString());
        }
        assertEquals("public.api_keys", TrapsAssessmentTest.finding(a, "lossy-type", "public.api_keys", "scopes")
                .get("table").asText());

        MigrateDbHarness.Result dry = h.set("target.url", "jdbc:sqlserver://nowhere.invalid:1433;databaseName=PassTrix")
                .run("migrate", "--dry-run");

        assertEquals(0, dry.exitCode(), dry.all());
        Matcher m = Pattern.compile("written to (\\S+schema\\.sql)").matcher(dry.out());
        assertTrue(m.find(), dry.out());
        String script = Files.readString(Path.of(m.group(1)));
        assertTrue(script.contains("CREATE UNIQUE NONCLUSTERED INDEX [users_email_key] ON [dbo].[users] ([email]) "
                + "WHERE [email] IS NOT NULL;\nGO\n"), script);
        assertTrue(script.contains("ALTER TABLE [dbo].[accounts] WITH CHECK ADD CONSTRAINT [accounts_kind_enum_check] "
                + "CHECK ([kind] IN (N'local', N'domain', N'service'));\nGO\n"), script);
        assertTrue(script.contains("ALTER TABLE [dbo].[user_resource_grants] WITH CHECK ADD CONSTRAINT "
                + "[user_resource_grants_permission_check] CHECK ([permission] IN (N'view', N'use', N'manage'))"), script);
        assertTrue(!script.contains("personal_passwords"), "excluded tables are not in the script");
    }
}
