package migratedb.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import migratedb.config.Home;
import migratedb.it.MigrateDbHarness;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data and schema that break migration tools, each fed to {@code migrate} end to end (real PostgreSQL, the
 * CLI and Camel Main, the H2 stand-in). A careful tool either migrates the value exactly or refuses with a message
 * naming the table and the column — and never leaves a half-written target that resume cannot finish.
 *
 * <p>Where SQL Server would refuse or change a value the stand-in accepts (its collation, its ranges), the test
 * asserts the refusal a careful tool owes the user: those depend on the assessment's data checks (issue 3).</p>
 */
class BadDataTest {
    @TempDir
    Path dir;

    // ---- values -------------------------------------------------------------------------------------------------

    @Test
    void keysEqualUnderSqlServersCaseInsensitiveCollationAreRefusedNamingTableAndColumn() throws Exception {
        Run r = migrate("ci_keys", "CREATE TABLE logins (name varchar(40) PRIMARY KEY)",
                "INSERT INTO logins VALUES ('Admin'), ('admin'), ('ADMIN'), ('guest')");
        r.refusedNaming("logins", "name");
    }

    @Test
    void keysDifferingOnlyByTrailingSpacesAreRefusedNamingTableAndColumn() throws Exception {
        Run r = migrate("trailing_keys", "CREATE TABLE codes (code varchar(10) PRIMARY KEY)",
                "INSERT INTO codes VALUES ('abc'), ('abc '), ('abc  ')");
        r.refusedNaming("codes", "code");
    }

    @Test
    void severalNullsInAUniqueColumnMigrateExactly() throws Exception {
        Run r = migrate("unique_nulls", "CREATE TABLE people (id int PRIMARY KEY, email text UNIQUE)",
                "INSERT INTO people VALUES (1, NULL), (2, NULL), (3, 'a@example.com'), (4, NULL)");
        r.exact("people", "id, email");
    }

    @Test
    void nanAndInfinityInDoublePrecisionAreRefusedNamingTableAndColumn() throws Exception {
        Run r = migrate("float_nan", "CREATE TABLE readings (id int PRIMARY KEY, value float8)",
                "INSERT INTO readings VALUES (1, 'NaN'), (2, 'Infinity'), (3, '-Infinity'), (4, 1.5)");
        r.refusedNaming("readings", "value");
    }

    @Test
    void nanAndInfinityInNumericAreRefusedNamingTableAndColumn() throws Exception {
        Run r = migrate("numeric_nan", "CREATE TABLE prices (id int PRIMARY KEY, amount numeric)",
                "INSERT INTO prices VALUES (1, 'NaN'), (2, 'Infinity'), (3, '-Infinity'), (4, 2.5)");
        r.refusedNaming("prices", "amount");
    }

    /**
     * Allowed past the assessment, NaN, the infinities and dates SQL Server's types cannot hold reach the copy, and
     * the stand-in refuses each such row as SQL Server does (its CHECK constraints model the types' ranges): set
     * aside under copy.rejectPolicy=skip, the largest finite values and the first and last dates arriving exactly.
     */
    @Test
    void nanInfinityAndDatesOutOfRangeAllowedPastTheAssessmentAreRefusedRowByRowAtTheCopy() throws Exception {
        String source = TestPostgres.newDatabase("allowed_ranges");
        TestPostgres.execute(source, """
                CREATE TABLE readings (id int PRIMARY KEY, value float8, ratio real, happened date);
                INSERT INTO readings VALUES (1, 'NaN', 1, '2024-01-01'), (2, 'Infinity', 1, '2024-01-01'),
                    (3, 1.5, '-Infinity', '2024-01-01'), (4, 1.5, 1, '0044-03-15 BC'), (5, 1.5, 1, '10000-01-01'),
                    (6, 1.7976931348623157e308, 3.4028235e38, '0001-01-01'),
                    (7, -1.7976931348623157e308, -3.4028235e38, '9999-12-31'), (8, NULL, NULL, NULL)""");
        MigrateDbHarness h = new MigrateDbHarness(dir, source).set("assess.allow", "nan-infinity,date-out-of-range")
                .set("copy.rejectPolicy", "skip").set("copy.rejectMaxPerTable", "10");

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        JsonNode readings = report.get("tables").get(0);
        assertEquals(5, readings.get("rowsRejected").asLong(), readings.toString());
        assertEquals(3, readings.get("rowsWritten").asLong(), readings.toString());
        assertTrue(readings.get("verified").asBoolean(), readings.toString());
        List<String> rejected = Files.readAllLines(Home.resolve("reports").resolve(report.get("runId").asText())
                .resolve("rejects").resolve("public.readings.csv"));
        assertEquals(List.of("1", "2", "3", "4", "5"), rejected.subList(1, rejected.size()).stream()
                .map(l -> l.substring(1, l.indexOf('"', 1))).sorted().toList(), rejected.toString());
        try (Connection s = TestPostgres.connect(source); Connection t = h.target()) {
            Fixtures.assertSameRows("readings", Fixtures.rows(s, "SELECT id, value, ratio, happened FROM readings "
                    + "WHERE id > 5"), Fixtures.rows(t, "SELECT id, [value], ratio, happened FROM dbo.readings"));
        }
    }

    @Test
    void aNumericWithFiftyDigitsIsRefusedNamingTableAndColumn() throws Exception {
        // numeric without precision maps to DECIMAL(38,10): a 50-digit value cannot be kept
        Run r = migrate("numeric_50", "CREATE TABLE ledger (id int PRIMARY KEY, total numeric)",
                "INSERT INTO ledger VALUES (1, 12345678901234567890123456789012345678901234567890), (2, 1)");
        r.refusedNaming("ledger", "total");
    }

    @Test
    void timestampsAtPlusAndMinusInfinityAreRefusedNamingTableAndColumn() throws Exception {
        Run r = migrate("ts_infinity", "CREATE TABLE validity (id int PRIMARY KEY, until timestamp)",
                "INSERT INTO validity VALUES (1, 'infinity'), (2, '-infinity'), (3, '2024-01-01 10:00')");
        r.refusedNaming("validity", "until");
    }

    @Test
    void aTimestampInTheYear10000IsRefusedNamingTableAndColumn() throws Exception {
        Run r = migrate("ts_10000", "CREATE TABLE archive (id int PRIMARY KEY, kept_until timestamp)",
                "INSERT INTO archive VALUES (1, '10000-01-01 00:00:00'), (2, '2024-01-01')");
        r.refusedNaming("archive", "kept_until");
    }

    @Test
    void aDateBeforeChristIsRefusedNamingTableAndColumn() throws Exception {
        Run r = migrate("date_bc", "CREATE TABLE history (id int PRIMARY KEY, happened date)",
                "INSERT INTO history VALUES (1, '0044-03-15 BC'), (2, '2024-01-01')");
        r.refusedNaming("history", "happened");
    }

    @Test
    void timeTwentyFourOClockIsRefusedOrKeptButNeverSilentlyChanged() throws Exception {
        Run r = migrate("time_24", "CREATE TABLE shifts (id int PRIMARY KEY, ends time)",
                "INSERT INTO shifts VALUES (1, '24:00:00'), (2, '17:30:00')");
        r.refusedNaming("shifts", "ends");
    }

    @Test
    void textWithEmojiCombiningMarksAndCharactersOutsideEveryWindowsCodePageMigratesExactly() throws Exception {
        Run r = migrate("unicode", "CREATE TABLE notes (id int PRIMARY KEY, body text, title varchar(20))",
                "INSERT INTO notes VALUES (1, '🧑‍💻 deploys 🚀', 'e\u0301te\u0301'), (2, 'ᚠᚢᚦ 𠀀𠀁 𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'Ω≈ç√'), "
                        + "(3, 'tab\tnew\nline\r\nend', ''), (4, NULL, 'ǅ ẞ ŉ')");
        r.exact("notes", "id, body, title");
    }

    @Test
    void aVarcharFullOfEmojiFitsItsTargetColumn() throws Exception {
        // varchar(3) counts characters; SQL Server's NVARCHAR(3) counts UTF-16 units, and each emoji needs two
        Run r = migrate("emoji_len", "CREATE TABLE tags (id int PRIMARY KEY, icon varchar(3))",
                "INSERT INTO tags VALUES (1, '🚀🚀🚀'), (2, 'abc')");
        r.exactOrRefusedNaming("tags", "id, icon", "icon");
    }

    @Test
    void byteaWithZeroBytesMigratesExactly() throws Exception {
        Run r = migrate("bytea_zero", "CREATE TABLE blobs (id int PRIMARY KEY, data bytea)",
                "INSERT INTO blobs VALUES (1, '\\x00'), (2, '\\x0000ff00'), (3, ''), (4, NULL), "
                        + "(5, decode(repeat('00', 70000), 'hex'))");
        r.exact("blobs", "id, data");
    }

    /**
     * PostgreSQL 15+ numerics with a negative scale: exact where SQL Server's 38 digits hold them, else named
     * (numeric(38,-3) holds 41 integer digits; DECIMAL(38,0) takes 38).
     */
    @Test
    void numericsWithANegativeScaleMigrateExactlyOrAreRefusedNamingTableAndColumn() throws Exception {
        Run fits = migrate("numeric_negative", "CREATE TABLE rounded (id int PRIMARY KEY, hundreds numeric(5,-2), "
                        + "big numeric(38,-3))",
                "INSERT INTO rounded VALUES (1, 9999900, 12345678901234567890123456789012345000), "
                        + "(2, -1200, 0), (3, NULL, 1000)");
        fits.exact("rounded", "id, hundreds, big");

        Run wide = migrate("numeric_negative_wide", "CREATE TABLE census (id int PRIMARY KEY, n numeric(38,-5))",
                "INSERT INTO census VALUES (1, 1234567890123456789012345678901234567800000)");
        wide.refusedNaming("census", "n");
    }

    /**
     * A stored generated column is data the application shows: its values arrive (in a plain column, said so in the
     * assessment with the computed-column statement), and an index on it is built.
     */
    @Test
    void aStoredGeneratedColumnArrivesWithItsValuesAndItsIndex() throws Exception {
        Run r = migrate("generated", "CREATE TABLE lines (id int PRIMARY KEY, qty int NOT NULL, price numeric(10,2) "
                        + "NOT NULL, total numeric(12,2) GENERATED ALWAYS AS (qty * price) STORED)",
                "CREATE INDEX lines_total_idx ON lines (total)",
                "INSERT INTO lines (id, qty, price) VALUES (1, 3, 2.50), (2, 0, 9.99), (3, 7, 0.01)");

        r.exact("lines", "id, qty, price, total");
        String assessment = Files.readString(Home.resolve("reports").resolve(
                MigrateDbHarness.report(r.result().out()).get("runId").asText()).resolve("assessment.md"));
        assertTrue(assessment.contains("generated-column-copied") && assessment.contains("total")
                && assessment.contains("ADD [total] AS (([qty] * [price])) PERSISTED"), assessment);
        try (Connection t = r.h().target(); Statement st = t.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES "
                     + "WHERE INDEX_NAME = 'lines_total_idx'")) {
            rs.next();
            assertTrue(rs.getLong(1) > 0, "the index on the generated column is built");
        }
    }

    /** PostgreSQL's one-byte "char": empty, a letter, a byte above 127 (printed \351) and NULL arrive as they are. */
    @Test
    void theOneByteCharTypeArrivesAsPostgresqlPrintsIt() throws Exception {
        Run r = migrate("one_byte_char", "CREATE TABLE flags (id int PRIMARY KEY, f \"char\")",
                "INSERT INTO flags VALUES (1, 'a'), (2, ''), (3, '\\351'), (4, NULL)");
        r.exact("flags", "id, f");
    }

    @Test
    void extremeNumbersMigrateExactly() throws Exception {
        Run r = migrate("extremes", "CREATE TABLE limits (id int PRIMARY KEY, s smallint, b bigint, d float8, "
                        + "r real, n numeric(38,10))",
                "INSERT INTO limits VALUES (1, -32768, -9223372036854775808, 1.7976931348623157e308, 3.4e38, "
                        + "9999999999999999999999999999.9999999999), "
                        + "(2, 32767, 9223372036854775807, 4.9e-324, 1.4e-45, -0.0000000001), "
                        + "(3, 0, 0, -0.0, 0, 0)");
        r.exact("limits", "id, s, b, d, r, n");
    }

    @Test
    void jsonWithDuplicateKeysMigratesAsPostgresqlHoldsIt() throws Exception {
        Run r = migrate("json_dup", "CREATE TABLE docs (id int PRIMARY KEY, j jsonb, raw json)",
                "INSERT INTO docs VALUES (1, '{\"a\":1,\"a\":2,\"b\":[1,null]}', '{\"a\":1,\"a\":2}'), "
                        + "(2, 'null', '[]')");
        r.exact("docs", "id, j::text, raw::text", "id, j, raw");
    }

    @Test
    void arraysWithNullsMigrateAsTheirExactTextForm() throws Exception {
        Run r = migrate("arrays", "CREATE TABLE lists (id int PRIMARY KEY, nums int[], words text[])",
                "INSERT INTO lists VALUES (1, '{1,NULL,3}', '{\"a\",NULL,\"NULL\",\"x,y\"}'), (2, '{}', NULL), "
                        + "(3, '{{1,2},{3,NULL}}', '{\"\"}')");
        r.exact("lists", "id, nums::text, words::text", "id, nums, words");
    }

    @Test
    void anIntervalOfOneMonthStaysOneMonth() throws Exception {
        Run r = migrate("interval", "CREATE TABLE terms (id int PRIMARY KEY, span interval)",
                "INSERT INTO terms VALUES (1, '1 mon'), (2, '1 year 2 mons 3 days 04:05:06.789'), (3, '-1 mon')");
        r.exact("terms", "id, span::text", "id, span");
    }

    // ---- schema -------------------------------------------------------------------------------------------------

    @Test
    void aTableNamedWithBracketSemicolonCommentAndQuotesMigratesExactly() throws Exception {
        String name = "we]ird; --'n\"\"ame";
        Run r = migrate("odd_name", "CREATE TABLE \"" + name + "\" (id int PRIMARY KEY, \"va]l;--\" text)",
                "INSERT INTO \"" + name + "\" VALUES (1, 'x'), (2, NULL)");
        assertEquals(0, r.result.exitCode(), r.result.all());
        String targetName = "we]ird; --'n\"ame";
        List<String> expected = Fixtures.rows(r.source(), "SELECT id, \"va]l;--\" FROM \"" + name + "\"");
        try (Connection t = r.h.target()) {
            List<String> actual = Fixtures.rows(t, "SELECT id, \"va]l;--\" FROM dbo.\""
                    + targetName.replace("\"", "\"\"") + "\"");
            Fixtures.assertSameRows(name, expected, actual);
        }
    }

    @Test
    void columnsNamedAsTsqlReservedWordsMigrateExactly() throws Exception {
        Run r = migrate("reserved", "CREATE TABLE \"order\" (\"key\" int PRIMARY KEY, \"select\" text, "
                        + "\"user\" text, \"percent\" int, \"identity\" int, \"file\" text, \"tran\" text)",
                "INSERT INTO \"order\" VALUES (1, 'a', 'b', 5, 6, 'f', 't'), (2, NULL, NULL, NULL, NULL, NULL, NULL)");
        r.exact("\"order\"", "\"key\", \"select\", \"user\", \"percent\", \"identity\", \"file\", \"tran\"");
    }

    @Test
    void twoTablesDifferingOnlyByCaseAreRefusedNamingBoth() throws Exception {
        Run r = migrate("case_tables", "CREATE TABLE users (id int PRIMARY KEY)",
                "CREATE TABLE \"Users\" (id int PRIMARY KEY)", "INSERT INTO users VALUES (1)",
                "INSERT INTO \"Users\" VALUES (2)");
        r.refusedNaming("users", "Users");
    }

    @Test
    void aDiamondOfOnDeleteCascadeForeignKeysIsRefusedOrConvertedWithTheConstraintNamed() throws Exception {
        Run r = migrate("diamond", "CREATE TABLE a (id int PRIMARY KEY)",
                "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a ON DELETE CASCADE)",
                "CREATE TABLE c (id int PRIMARY KEY, a_id int REFERENCES a ON DELETE CASCADE)",
                "CREATE TABLE d (id int PRIMARY KEY, b_id int CONSTRAINT d_b_fk REFERENCES b ON DELETE CASCADE, "
                        + "c_id int CONSTRAINT d_c_fk REFERENCES c ON DELETE CASCADE)",
                "INSERT INTO a VALUES (1)", "INSERT INTO b VALUES (1, 1)", "INSERT INTO c VALUES (1, 1)",
                "INSERT INTO d VALUES (1, 1, 1)");
        // SQL Server refuses a second cascade path into d (error 1785): the user must hear which constraint
        String all = r.result.all() + (r.result.exitCode() == 0 ? r.reportText() : "");
        assertTrue(all.contains("d_b_fk") || all.contains("d_c_fk"),
                "the cascade path SQL Server refuses must be named (refused, or converted with a warning): " + all);
        if (r.result.exitCode() == 0) {
            r.exact("d", "id, b_id, c_id");
        }
    }

    @Test
    void aSequenceSharedByTwoTablesAboveTheirMaxIdContinuesAboveItsValueInTheTarget() throws Exception {
        Run r = migrate("shared_seq", "CREATE SEQUENCE shared_ids START 1",
                "CREATE TABLE invoices (id bigint PRIMARY KEY DEFAULT nextval('shared_ids'), note text)",
                "CREATE TABLE credits (id bigint PRIMARY KEY DEFAULT nextval('shared_ids'), note text)",
                "INSERT INTO invoices (note) VALUES ('i1'), ('i2')", "INSERT INTO credits (note) VALUES ('c1')",
                "SELECT setval('shared_ids', 5000)");
        r.exact("invoices", "id, note");
        r.exact("credits", "id, note");
        try (Connection t = r.h.target(); Statement st = t.createStatement()) {
            st.executeUpdate("INSERT INTO dbo.invoices (note) VALUES ('new invoice')");
            st.executeUpdate("INSERT INTO dbo.credits (note) VALUES ('new credit')");
            try (ResultSet rs = st.executeQuery("SELECT MIN(id) FROM (SELECT id FROM dbo.invoices WHERE note LIKE 'new%' "
                    + "UNION ALL SELECT id FROM dbo.credits WHERE note LIKE 'new%') n")) {
                rs.next();
                assertTrue(rs.getLong(1) > 5000, "new ids continue above the shared sequence's value 5000: "
                        + rs.getLong(1));
            }
        }
    }

    @Test
    void aTableWithoutPrimaryKeyAndDuplicateRowsMigratesExactly() throws Exception {
        Run r = migrate("no_pk", "CREATE TABLE events_log (at timestamp, what text)",
                "INSERT INTO events_log SELECT timestamp '2024-01-01' + (g % 7) * interval '1 hour', 'e' || (g % 5) "
                        + "FROM generate_series(1, 3000) g");
        r.exact("events_log", "at, what");
    }

    @Test
    void anEmptyTableMigratesAndVerifies() throws Exception {
        Run r = migrate("empty", "CREATE TABLE nothing (id int PRIMARY KEY, x text)",
                "CREATE TABLE something (id int PRIMARY KEY)", "INSERT INTO something VALUES (1)");
        r.exact("nothing", "id, x");
        assertEquals(0, r.h.targetCount("dbo.nothing"));
    }

    @Test
    void aTableWithAThousandColumnsMigratesExactly() throws Exception {
        String columns = IntStream.rangeClosed(1, 999).mapToObj(i -> "c" + i + " int").collect(Collectors.joining(", "));
        String values = IntStream.rangeClosed(1, 999).mapToObj(i -> "g + " + i).collect(Collectors.joining(", "));
        Run r = migrate("wide", "CREATE TABLE wide (id int PRIMARY KEY, " + columns + ")",
                "INSERT INTO wide SELECT g, " + values + " FROM generate_series(1, 50) g");
        String all = "id, " + IntStream.rangeClosed(1, 999).mapToObj(i -> "c" + i).collect(Collectors.joining(", "));
        r.exact("wide", all);
    }

    @Test
    void aSelfReferencingTableWithForwardReferencesMigratesExactly() throws Exception {
        Run r = migrate("self_ref", "CREATE TABLE nodes (id int PRIMARY KEY, parent int REFERENCES nodes, "
                        + "kind text CHECK (kind IN ('leaf', 'branch')))",
                // one statement: each row points at the next one, inserted after it
                "INSERT INTO nodes SELECT g, CASE WHEN g = 1 THEN NULL WHEN g = 3000 THEN 1 ELSE g + 1 END, "
                        + "CASE WHEN g IN (1, 3000) THEN 'branch' ELSE 'leaf' END FROM generate_series(1, 3000) g");
        r.exact("nodes", "id, parent, kind");
    }

    @Test
    void enumsUuidsBooleansAndTimestampsWithZonesMigrateExactly() throws Exception {
        Run r = migrate("misc_types", "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE misc (id int PRIMARY KEY, m mood, u uuid, b boolean, tz timestamptz, d date, t time)",
                "INSERT INTO misc VALUES (1, 'happy', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', true, "
                        + "'2024-03-31 02:30:00+05:45', '0001-01-01', '23:59:59.999999'), "
                        + "(2, NULL, NULL, NULL, NULL, '9999-12-31', '00:00:00')");
        r.exact("misc", "id, m::text, u::text, b, tz AT TIME ZONE 'UTC', d, t",
                "id, m, CAST(u AS VARCHAR(36)), b, CAST(tz AT TIME ZONE 'UTC' AS TIMESTAMP), d, t");
    }

    // ---- harness --------------------------------------------------------------------------------------------------

    private Run migrate(String prefix, String... statements) throws Exception {
        String source = TestPostgres.newDatabase(prefix);
        try (Connection c = TestPostgres.connect(source); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
        MigrateDbHarness h = new MigrateDbHarness(dir, source);
        return new Run(source, h, h.run("migrate"));
    }

    record Run(String sourceUrl, MigrateDbHarness h, MigrateDbHarness.Result result) {
        Connection source() throws Exception {
            return TestPostgres.connect(sourceUrl);
        }

        String reportText() throws Exception {
            return MigrateDbHarness.report(result.out()).toString();
        }

        /** Exit 0, every table verified, and the table's rows identical on both sides. */
        void exact(String table, String columns) throws Exception {
            exact(table, columns, columns);
        }

        void exact(String table, String sourceColumns, String targetColumns) throws Exception {
            assertEquals(0, result.exitCode(), result.all());
            JsonNode report = MigrateDbHarness.report(result.out());
            assertEquals("completed", report.get("status").asText(), report.toString());
            for (JsonNode t : report.get("tables")) {
                assertTrue(t.get("verified").asBoolean(), t.toString());
            }
            try (Connection s = source(); Connection t = h.target()) {
                Fixtures.assertSameRows(table, Fixtures.rows(s, "SELECT " + sourceColumns + " FROM " + table),
                        Fixtures.rows(t, "SELECT " + targetColumns + " FROM dbo." + table));
            }
        }

        /** Either the values arrive exactly, or the run refuses naming the table and the column. */
        void exactOrRefusedNaming(String table, String columns, String column) throws Exception {
            if (result.exitCode() == 0) {
                exact(table, columns);
            } else {
                refusedNaming(table, column);
            }
        }

        /**
         * A non-zero exit with one paragraph naming the table and the column (or both tables), and a target that
         * holds nothing a resume could not finish: every row present belongs to a committed chunk.
         */
        void refusedNaming(String table, String what) throws Exception {
            assertNotEquals(0, result.exitCode(), "must not migrate silently: " + result.all());
            assertTrue(result.all().contains(table) && result.all().contains(what),
                    "the message names " + table + " and " + what + ": " + result.all());
            Fixtures.assertNoStackTrace(result.all());
            try (Connection t = h.target(); Statement st = t.createStatement()) {
                long committed = 0;
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                        + "WHERE TABLE_NAME = 'migratedb_chunk'")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return; // refused before anything was written
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(rows_written), 0) FROM dbo.migratedb_chunk "
                        + "WHERE table_name = 'public." + table + "' AND status = 'done'")) {
                    rs.next();
                    committed = rs.getLong(1);
                }
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                        + "WHERE TABLE_NAME = '" + table + "'")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                assertEquals(committed, h.targetCount("dbo.\"" + table + "\""),
                        "rows in the target belong to committed chunks only");
            }
        }
    }
}
