package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import migratedb.config.Home;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A unique login column holding 'Alice' and 'alice', migrated onto the stand-in, which compares as SQL Server does
 * under its default collation (case-insensitive, trailing spaces ignored), in both directions: allowed, the key's
 * columns get a binary collation and both rows arrive; not allowed and slipping past the assessment, finalize
 * refuses the key with the duplicate-key entry, as SQL Server refused it; and a trailing-space collision, which no
 * collation removes, is refused before the copy even when collation-duplicate is allowed.
 */
class CollationFidelityTest {
    private static final Pattern SCRIPT = Pattern.compile("Run (\\S+) ");

    @TempDir
    Path dir;

    private MigrateDbHarness source(String prefix, String... rows) throws Exception {
        String url = TestPostgres.newDatabase(prefix);
        TestPostgres.execute(url, """
                CREATE TABLE users (id int PRIMARY KEY, login varchar(40) NOT NULL UNIQUE, name text);
                CREATE TABLE grants (id int PRIMARY KEY, login varchar(40) NOT NULL REFERENCES users (login),
                                     what varchar(20));""");
        for (String sql : rows) {
            TestPostgres.execute(url, sql);
        }
        return new MigrateDbHarness(dir, url);
    }

    private static Path reportDir(String out) {
        Matcher m = SCRIPT.matcher(out);
        assertTrue(m.find(), out);
        return Home.resolve("reports").resolve(m.group(1));
    }

    private static List<String> logins(Connection c, String table) throws Exception {
        return EndToEndMigrationTest.rows(c, "SELECT id, login FROM dbo." + table);
    }

    @Test
    void anAllowedCaseCollisionCompletesWithBothRowsAndABinaryLoginColumn() throws Exception {
        MigrateDbHarness h = source("ci_allowed", "INSERT INTO users VALUES (1, 'Alice', 'A'), (2, 'alice', 'a')",
                "INSERT INTO grants VALUES (1, 'alice', 'read'), (2, 'Alice', 'write')")
                .set("assess.allow", "collation-duplicate");

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        assertEquals("completed", report.get("status").asText());
        report.get("tables").forEach(t -> assertTrue(t.get("verified").asBoolean(), t.toString()));
        assertEquals(List.of("1|Alice|", "2|alice|"), logins(h.target(), "users"));
        assertEquals(List.of("1|alice|", "2|Alice|"), logins(h.target(), "grants"));
        // the report names each column given the collation, and why
        String warnings = report.get("warnings").toString();
        assertTrue(warnings.contains("public.users.login is created with COLLATE Latin1_General_100_BIN2"), warnings);
        assertTrue(warnings.contains("public.grants.login is created with COLLATE Latin1_General_100_BIN2")
                && warnings.contains("grants_login_fkey"), warnings);

        Path reports = reportDir(r.out());
        JsonNode assessment = new ObjectMapper().readTree(reports.resolve("assessment.json").toFile());
        assertEquals(2, assessment.get("collations").size(), assessment.get("collations").toString());
        assertTrue(assessment.get("collations").get(0).get("reason").asText().contains("users_login_key"));
        assertTrue(Files.readString(reports.resolve("assessment.md")).contains("Columns created with their own "
                + "collation (2)"));
        // schema.sql: the stand-in's DDL, where a binary column is its case-sensitive type, and the header naming it
        String script = Files.readString(reports.resolve("schema.sql"));
        assertTrue(script.contains("public.users.login COLLATE Latin1_General_100_BIN2"), script);
        assertTrue(script.contains("[login] NVARCHAR(40) NOT NULL"), script);
        assertTrue(script.contains("[name] NVARCHAR(MAX) NULL") && script.contains("[what] VARCHAR_IGNORECASE(20)"),
                "the other text columns keep the database's case-insensitive comparison: " + script);
    }

    @Test
    void theSqlServerScriptOfAnAllowedCaseCollisionCarriesTheCollateClauses() throws Exception {
        MigrateDbHarness h = source("ci_script", "INSERT INTO users VALUES (1, 'Alice', 'A'), (2, 'alice', 'a')")
                .set("assess.allow", "collation-duplicate")
                .set("target.url", "jdbc:sqlserver://unreachable.invalid:1433;databaseName=PassTrix;encrypt=true");

        MigrateDbHarness.Result r = h.run("migrate", "--dry-run");

        assertEquals(0, r.exitCode(), r.all());
        String script = Files.readString(reportDir(r.out()).resolve("schema.sql"));
        assertTrue(script.contains("[login] NVARCHAR(40) COLLATE Latin1_General_100_BIN2 NOT NULL,"), script);
        assertTrue(script.contains("CREATE TABLE [dbo].[grants] (\n    [id] INT NOT NULL,\n    [login] NVARCHAR(40) "
                + "COLLATE Latin1_General_100_BIN2 NOT NULL,\n    [what] NVARCHAR(20) NULL,"), script);
        assertTrue(script.contains("ALTER TABLE [dbo].[users] ADD CONSTRAINT [users_login_key] UNIQUE NONCLUSTERED "
                + "([login])"), script);
    }

    @Test
    void aTrailingSpaceCollisionIsRefusedBeforeTheCopyEvenWhenCollationDuplicateIsAllowed() throws Exception {
        MigrateDbHarness h = source("trailing", "INSERT INTO users VALUES (1, 'bob', 'B'), (2, 'bob ', 'b')")
                .set("assess.allow", "collation-duplicate");

        MigrateDbHarness.Result r = h.run("migrate");

        assertNotEquals(0, r.exitCode(), r.all());
        assertTrue(r.all().contains("trailing-space-duplicate in public.users.login"), r.all());
        assertTrue(r.all().contains("trailing-space-duplicate - cannot be allowed"), r.all());
        assertFalse(h.targetTables().contains("dbo.users"), "nothing was created, no row moved");
        JsonNode assessment = new ObjectMapper().readTree(reportDir(r.out()).resolve("assessment.json").toFile());
        JsonNode finding = TrapsAssessmentTest.finding(assessment, "trailing-space-duplicate", "public.users",
                "login");
        assertTrue(finding.get("samples").toString().contains("'bob ' (id=2) = 'bob' (id=1)"),
                "the rows are named: " + finding);
    }

    @Test
    void aCaseCollisionThatSlipsPastTheAssessmentFailsInFinalizeAsADuplicateKeyAsOnSqlServer() throws Exception {
        MigrateDbHarness h = source("ci_slipped", "INSERT INTO users VALUES (1, 'Alice', 'A'), (2, 'alice', 'a')");
        MigrateDbHarness.Result r;
        // test-only: the assessment's collation check is not run; the run itself is unchanged
        System.setProperty("migratedb.test.skipChecks", "collation-duplicate");
        try {
            r = h.run("migrate");
        } finally {
            System.clearProperty("migratedb.test.skipChecks");
        }

        assertNotEquals(0, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        JsonNode failure = report.get("failure");
        assertEquals("DDL_DUPLICATE_KEY", failure.get("code").asText(), failure.toString());
        assertTrue(failure.get("error").asText().contains("finalize") && failure.get("error").asText()
                .contains("('Alice')"), failure.toString());
        assertTrue(failure.get("cause").asText().contains("collation-duplicate"), failure.toString());
        assertFalse(failure.toString().toLowerCase().contains("permission"), "not a permission problem: " + failure);
        assertEquals(2, h.targetCount("dbo.users"), "the copy had finished: finalize refused the key");
    }

    /**
     * A CHECK PostgreSQL holds (code <> 'ADMIN', with a row 'admin') compares case-insensitively in the target:
     * created after the copy it conflicts with that row, and the entry says so, as SQL Server's error 547 does.
     */
    @Test
    void aCheckThatComparesDifferentlyUnderTheCollationFailsInFinalizeAsAConstraintConflict() throws Exception {
        String url = TestPostgres.newDatabase("ci_check");
        TestPostgres.execute(url, """
                CREATE TABLE roles (id int PRIMARY KEY, code varchar(20) NOT NULL CONSTRAINT roles_not_admin
                                    CHECK (code <> 'ADMIN'));
                INSERT INTO roles VALUES (1, 'admin'), (2, 'user')""");

        MigrateDbHarness.Result r = new MigrateDbHarness(dir, url).run("migrate");

        assertNotEquals(0, r.exitCode(), r.all());
        JsonNode failure = MigrateDbHarness.report(r.out()).get("failure");
        assertEquals("DDL_CONSTRAINT_CONFLICT", failure.get("code").asText(), failure.toString());
        assertTrue(failure.get("error").asText().contains("roles_not_admin"), failure.toString());
        assertFalse(failure.toString().toLowerCase().contains("permission"), failure.toString());
    }
}
