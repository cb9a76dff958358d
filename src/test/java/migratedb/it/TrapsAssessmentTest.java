package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import migratedb.config.Home;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The traps fixture: every value SQL Server refuses or treats differently, every schema construct it rejects and
 * every object MigrateDB does not convert. Each trap is asserted by kind, table, column, count and samples.
 */
class TrapsAssessmentTest {
    private static final Pattern RUN = Pattern.compile("Assessment (\\S+):");
    private static String source;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadFixture() throws Exception {
        source = Fixtures.load("traps");
    }

    private MigrateDbHarness harness() {
        return new MigrateDbHarness(dir, source)
                .set("mapping.column.public.counters.hits", "INT")
                .set("mapping.column.public.big_ids.id", "INT")
                .set("mapping.column.public.notes.body", "NVARCHAR(20)")
                .set("mapping.column.public.notes.ascii", "VARCHAR(40)");
    }

    static JsonNode assessment(String output) throws IOException {
        Matcher m = RUN.matcher(output);
        assertTrue(m.find(), output);
        return new ObjectMapper().readTree(Home.resolve("reports").resolve(m.group(1)).resolve("assessment.json")
                .toFile());
    }

    static List<JsonNode> findings(JsonNode a, String kind) {
        List<JsonNode> out = new ArrayList<>();
        a.get("findings").forEach(f -> {
            if (f.get("kind").asText().equals(kind)) {
                out.add(f);
            }
        });
        return out;
    }

    static JsonNode finding(JsonNode a, String kind, String table, String column) {
        return findings(a, kind).stream().filter(f -> table.equals(f.get("table").asText())
                        && (column == null || column.equals(f.get("column").asText())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " finding for " + table + "."
                        + column + " in " + a.get("findings")));
    }

    /** The distinct kinds among {@code kinds} that still stop the migration (blocking and not allowed), sorted. */
    private static List<String> stoppingKinds(JsonNode a, String... kinds) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        a.get("findings").forEach(f -> {
            if (List.of(kinds).contains(f.get("kind").asText()) && !f.get("allowed").asBoolean()) {
                out.add(f.get("kind").asText());
            }
        });
        return List.copyOf(out);
    }

    private static String samples(JsonNode f) {
        return f.get("samples").toString();
    }

    @Test
    void assessFindsEveryDataTrapWithCountsAndSampleKeysAndExitsNonZero() throws Exception {
        MigrateDbHarness h = harness();
        try (Connection c = h.target(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS dbo");
            st.execute("CREATE TABLE dbo.leftover (id INT)");
        }

        MigrateDbHarness.Result r = h.run("assess");

        assertEquals(1, r.exitCode(), r.all());
        JsonNode a = assessment(r.out());
        JsonNode login = finding(a, "collation-duplicate", "public.accounts_ci", "login");
        assertEquals("blocking", login.get("severity").asText());
        assertEquals(1, login.get("count").asLong());
        // the rows are named by their primary key
        assertTrue(samples(login).contains("'Alice' (id=2) = 'alice' (id=1)"), samples(login));
        assertEquals(1, finding(a, "collation-duplicate", "public.accounts_ci", "email").get("count").asLong());
        JsonNode trailing = finding(a, "trailing-space-duplicate", "public.codes_trailing", "code");
        assertEquals("blocking", trailing.get("severity").asText());
        assertTrue(samples(trailing).contains("'A1 ' = 'A1'"), samples(trailing));
        assertTrue(findings(a, "collation-duplicate").stream()
                .noneMatch(f -> f.get("table").asText().equals("public.codes_trailing")),
                "a binary collation would not help: trailing spaces are their own kind");
        assertTrue(findings(a, "collation-duplicate").stream()
                .noneMatch(f -> f.get("table").asText().equals("public.tags_accents")), "accent-sensitive by default");

        JsonNode reading = finding(a, "nan-infinity", "public.measurements", "reading");
        assertEquals(2, reading.get("count").asLong());
        assertTrue(samples(reading).contains("id=2 -> NaN"), samples(reading));
        assertEquals(1, finding(a, "nan-infinity", "public.measurements", "ratio").get("count").asLong());
        assertEquals(1, finding(a, "nan-infinity", "public.measurements", "amount").get("count").asLong());

        assertEquals(1, finding(a, "numeric-overflow", "public.ledger", "big").get("count").asLong());
        assertEquals(1, finding(a, "numeric-overflow", "public.ledger", "wide").get("count").asLong());
        JsonNode fine = finding(a, "numeric-rounded", "public.ledger", "fine");
        assertEquals(1, fine.get("count").asLong());
        assertTrue(samples(fine).contains("id=3 -> 0.123456789012345"), samples(fine));

        JsonNode happened = finding(a, "date-out-of-range", "public.events", "happened_on");
        assertEquals(2, happened.get("count").asLong());
        assertTrue(samples(happened).contains("infinity") && samples(happened).contains("BC"), samples(happened));
        assertEquals(1, finding(a, "date-out-of-range", "public.events", "logged_at").get("count").asLong());
        assertEquals(1, finding(a, "date-out-of-range", "public.events", "seen_at").get("count").asLong());
        assertEquals(1, finding(a, "time-24", "public.events", "at_time").get("count").asLong());

        JsonNode title = finding(a, "value-too-long", "public.documents", "title");
        assertTrue(samples(title).contains("id=2 -> 1000 characters"), samples(title));
        assertEquals(1, finding(a, "value-too-long", "public.documents", "code").get("count").asLong(),
                "5 characters outside the BMP need 8 UTF-16 code units");
        assertEquals(1, finding(a, "value-too-long", "public.notes", "body").get("count").asLong());
        JsonNode blob = finding(a, "value-too-long", "public.blobs", "digest");
        assertTrue(samples(blob).contains("id=2 -> 2000 bytes"), samples(blob));
        JsonNode pair = finding(a, "index-key-too-long", "public.documents", "documents_pair_idx");
        assertTrue(samples(pair).contains("id=4 -> 2000 bytes"), samples(pair));
        JsonNode wide = finding(a, "index-key-too-long", "public.wide_keys", "wide_keys_pkey");
        assertTrue(samples(wide).contains("1200 bytes"), samples(wide));

        assertEquals(2, finding(a, "integer-overflow", "public.counters", "hits").get("count").asLong());
        assertTrue(samples(finding(a, "identity-overflow", "public.big_ids", "id")).contains("5000000001"));
        assertEquals("warning", finding(a, "non-unicode-text", "public.notes", "ascii").get("severity").asText());

        JsonNode notEmpty = findings(a, "target-not-empty").get(0);
        assertTrue(samples(notEmpty).contains("dbo.leftover"), samples(notEmpty));
        assertTrue(r.out().contains("BLOCKING collation-duplicate"), r.out());
        String md = Files.readString(Home.resolve("reports").resolve(a.get("runId").asText()).resolve("assessment.md"));
        assertTrue(md.contains("| `nan-infinity` | public.measurements | reading | 2 |"), md);
        // every blocking kind says what allowing it makes MigrateDB do, or that it cannot be allowed
        assertTrue(md.contains("| `trailing-space-duplicate` | blocking | 1 |") && md.contains("then assess again. It "
                + "cannot be allowed. | cannot be allowed |"), md);
        assertTrue(md.contains("| `cascade-path` | blocking |") && md.contains("| The foreign key is created with ON "
                + "DELETE NO ACTION ON UPDATE NO ACTION"), md);
    }

    @Test
    void assessFindsEverySchemaTrapAndListsWhatIsNotConverted() throws Exception {
        JsonNode a = assessment(harness().run("assess").out());

        // keys are created in name order: recipient's cascade is accepted, sender's would be a second path
        JsonNode sender = finding(a, "cascade-path", "public.messages", "messages_sender_id_fkey");
        assertTrue(sender.get("detail").asText().contains("second cascade path"), sender.toString());
        assertTrue(findings(a, "cascade-path").stream().noneMatch(f -> f.get("column").asText()
                .equals("messages_recipient_id_fkey")), "the first path is accepted");
        assertTrue(finding(a, "cascade-path", "public.folders", "folders_parent_id_fkey").get("detail").asText()
                .contains("cycle"));

        assertTrue(finding(a, "name-collision", "public.orders", null).get("detail").asText().contains("public.Orders"));
        assertEquals("blocking", finding(a, "name-collision", "public.people", "name").get("severity").asText());
        finding(a, "reserved-word", "public.user", null);
        finding(a, "reserved-word", "public.user", "order");
        assertTrue(finding(a, "name-changed", "public.second_child", "fk_owner").get("detail").asText()
                .contains("fk_owner_2"));
        JsonNode shortened = findings(a, "name-changed").stream().filter(f -> f.get("detail").asText()
                .contains("longer than 128")).findFirst().orElseThrow();
        assertTrue(shortened.get("column").asText().startsWith("df_a_table_name"), shortened.toString());

        assertEquals("blocking", finding(a, "table-inheritance", "public.trucks", null).get("severity").asText());
        finding(a, "index-not-converted", "public.bookings", "bookings_words_idx");
        assertTrue(finding(a, "index-not-converted", "public.bookings", "bookings_props_idx").get("detail").asText()
                .contains("JSON_VALUE"));
        finding(a, "index-not-converted", "public.bookings", "bookings_odd_room_idx");
        finding(a, "check-not-translated", "public.bookings", "bookings_room_code");
        finding(a, "default-not-translated", "public.with_default_expr", "due_at");

        List<String> notConverted = new ArrayList<>();
        a.get("objects").forEach(o -> {
            if (!o.get("converted").asBoolean()) {
                notConverted.add(o.get("kind").asText() + " " + o.get("name").asText());
            }
        });
        for (String expected : List.of("view public.busy_users", "materialized view public.message_counts",
                "function public.touch()", "trigger public.users.users_touch", "procedure public.purge_messages()",
                "rule public.notes.notes_no_delete", "exclusion constraint public.bookings.bookings_no_overlap",
                "partitioned table public.measurements_by_month", "index public.bookings.bookings_words_idx",
                "check public.bookings.bookings_room_code")) {
            assertTrue(notConverted.contains(expected), expected + " not in " + notConverted);
        }
        a.get("objects").forEach(o -> {
            if (o.get("kind").asText().equals("view")) {
                assertTrue(o.get("suggestion").asText().startsWith("CREATE VIEW [dbo].[busy_users] AS"), o.toString());
            }
        });
    }

    @Test
    void theTargetCollationDecidesWhichKeysCollide() throws Exception {
        MigrateDbHarness.Result r = harness().set("target.collation", "Latin1_General_100_CI_AI").run("assess");

        JsonNode tags = finding(assessment(r.out()), "collation-duplicate", "public.tags_accents", "name");
        assertTrue(samples(tags).contains("'cafe' = 'café'"), samples(tags));

        JsonNode binary = assessment(harness().set("target.collation", "Latin1_General_100_BIN2").run("assess").out());
        assertTrue(findings(binary, "collation-duplicate").isEmpty(), "nothing but trailing spaces collides");
        finding(binary, "trailing-space-duplicate", "public.codes_trailing", "code");
    }

    @Test
    void migrateRefusesOnBlockingFindingsUnlessEachKindIsAllowed() throws Exception {
        MigrateDbHarness h = harness();

        MigrateDbHarness.Result refused = h.run("migrate");

        assertTrue(refused.exitCode() != 0, refused.all());
        assertTrue(refused.all().contains("blocking finding"), refused.all());
        assertFalse(h.targetTables().contains("dbo.users"), "nothing was created in the target");

        // each kind the refusal names says what allowing it makes MigrateDB do, or that it cannot be allowed
        assertTrue(refused.all().contains("collation-duplicate - MigrateDB creates the text columns of each "
                + "colliding key"), refused.all());
        assertTrue(refused.all().contains("trailing-space-duplicate - cannot be allowed"), refused.all());

        String kinds = "collation-duplicate,nan-infinity,numeric-overflow,numeric-rounded,date-out-of-range,time-24,"
                + "value-too-long,integer-overflow,index-key-too-long,table-inheritance,cascade-path";
        MigrateDbHarness.Result allowed = h.set("assess.allow", kinds).run("assess");
        JsonNode a = assessment(allowed.out());
        assertTrue(finding(a, "cascade-path", "public.folders", "folders_parent_id_fkey").get("allowed").asBoolean());
        // what no setting fixes still stops it: trailing spaces, names equal ignoring case, an identity too big
        assertEquals(1, allowed.exitCode(), allowed.all());
        assertEquals(List.of("identity-overflow", "name-collision", "trailing-space-duplicate"),
                stoppingKinds(a, "identity-overflow", "name-collision", "trailing-space-duplicate"));

        MigrateDbHarness.Result unknown = h.set("assess.allow", "cascade-paths").run("assess");
        assertEquals(2, unknown.exitCode(), unknown.all());
        assertTrue(unknown.err().contains("cascade-paths"), unknown.err());

        MigrateDbHarness.Result notAllowable = h.set("assess.allow", "trailing-space-duplicate").run("assess");
        assertEquals(2, notAllowable.exitCode(), notAllowable.all());
        assertTrue(notAllowable.err().contains("trailing-space-duplicate, which cannot be allowed"),
                notAllowable.err());
    }

    @Test
    void dryRunWritesTheSqlServerScriptWithoutConnectingToTheTarget() throws Exception {
        MigrateDbHarness h = harness().set("target.url",
                "jdbc:sqlserver://unreachable.invalid:1433;databaseName=PassTrix;encrypt=true");

        MigrateDbHarness.Result r = h.run("migrate", "--dry-run");

        assertEquals(1, r.exitCode(), r.all());
        Matcher m = Pattern.compile("written to (\\S+schema\\.sql)").matcher(r.out());
        assertTrue(m.find(), r.out());
        String script = Files.readString(Path.of(m.group(1)));
        assertTrue(script.contains("\nGO\n"), script);
        assertTrue(script.contains("ALTER TABLE [dbo].[messages] WITH CHECK ADD CONSTRAINT [messages_sender_id_fkey] "
                + "FOREIGN KEY ([sender_id]) REFERENCES [dbo].[users] ([id]) ON DELETE NO ACTION ON UPDATE NO ACTION;"),
                script);
        assertTrue(script.contains("ALTER TABLE [dbo].[second_child] WITH CHECK ADD CONSTRAINT [fk_owner_2] "), script);
        assertTrue(script.contains("CREATE TABLE [dbo].[user] (\n    [id] INT IDENTITY(1,1) NOT NULL,\n    [order] INT NULL,"),
                script);
        assertTrue(script.contains("[counters_pkey] PRIMARY KEY CLUSTERED ([id])"), script);
        assertTrue(script.contains("[hits] INT NOT NULL"), "the override is applied");
        assertTrue(r.out().contains("target-not-checked"), r.out());
    }
}
