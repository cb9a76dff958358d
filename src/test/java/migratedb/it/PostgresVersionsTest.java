package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import migratedb.config.Home;
import migratedb.demo.DemoDatabase;
import migratedb.demo.DemoInstallation;
import migratedb.demo.PostgresBinaries;
import migratedb.source.postgres.PostgresCatalogReader;
import migratedb.source.postgres.PostgresSource;
import migratedb.source.postgres.PostgresVersion;
import migratedb.source.postgres.SourceTrouble;
import migratedb.source.postgres.bundled.BundledInstallation;
import migratedb.source.postgres.bundled.PostmasterPidFile;
import migratedb.source.postgres.bundled.SourceBackup;
import migratedb.troubleshoot.MigrationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every PostgreSQL an application may have bundled, 9.6 to 18: for each version at a boundary of the catalog
 * queries, a real server laid out from the binaries Maven Central serves, holding one small schema that exercises
 * what differs between versions (identity columns from 10, declarative partitions from 10, INCLUDE indexes and
 * procedures from 11, stored generated columns from 12, virtual ones from 18, and on every version enum, domain,
 * arrays, jsonb, a shared sequence, a sequence advanced past its table's rows and a table without an integer key).
 * Each is migrated end to end (source.url), every table verified and compared row by row; backed up with the
 * system's newer pg_dump; and the 9.6 installation is migrated in bundled mode too, its own pg_ctl starting and
 * stopping it.
 *
 * <p>{@code -Dmigratedb.test.pgVersions=13,14,15,16,17} runs the other supported versions the same way.</p>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresVersionsTest {
    /** The versions at the catalog's boundaries (see PostgresVersion.Feature) and the newest. */
    private static final List<String> BOUNDARIES = List.of("9.6", "10", "11", "12", "18");

    private Path root;
    private final Map<String, Source> sources = new LinkedHashMap<>();

    /** One version's installation and the server started on a copy of its data directory, as the application would. */
    private record Source(BundledInstallation app, Path dataDir, int port, PostgresVersion version) {
        String url() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + BundledInstallation.DATABASE;
        }
    }

    static Stream<String> versions() {
        String asked = System.getProperty("migratedb.test.pgVersions", "");
        return asked.isBlank() ? BOUNDARIES.stream() : Arrays.stream(asked.split(",")).map(String::strip);
    }

    @BeforeAll
    void createRoot() throws Exception {
        root = BundledInstallation.createRoot("migratedb-versions-");
    }

    @AfterAll
    void stopServers() {
        sources.values().forEach(s -> s.app().stopIfRunning(s.dataDir()));
        BundledInstallation.deleteTree(root);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void migratesEveryTableAndEveryValueArrives(String major) throws Exception {
        Source pg = source(major);
        MigrateDbHarness h = harness(pg, "migrate")
                // accent-insensitive: the collation check folds accents (normalize() from 13, a fixed table before)
                .set("target.collation", "Latin1_General_CI_AI")
                .set("assess.allow", "collation-duplicate");

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        JsonNode report = MigrateDbHarness.report(r.out());
        assertEquals("completed", report.get("status").asText());
        List<String> tables = tables(pg.version());
        assertEquals(tables.size(), report.get("tables").size(), report.get("tables").toString());
        for (JsonNode t : report.get("tables")) {
            assertTrue(t.get("verified").asBoolean(), t.toString());
        }
        for (String table : tables) {
            EndToEndMigrationTest.assertSameRows(table, EndToEndMigrationTest.rows(connect(pg), "SELECT * FROM public."
                    + table), EndToEndMigrationTest.rows(h.target(), "SELECT * FROM dbo." + table));
        }
        assertTrue(report.get("sourceVersion").asText().startsWith(pg.version().major() + "."),
                "the report names the source's version: " + report.get("sourceVersion"));

        JsonNode assessment = new ObjectMapper().readTree(Home.resolve("reports")
                .resolve(report.get("runId").asText()).resolve("assessment.json").toFile());
        assertEquals(pg.version().text(), assessment.get("sourceVersion").asText());
        Path reportDir = Home.resolve("reports").resolve(report.get("runId").asText());
        assertTrue(Files.readString(reportDir.resolve("assessment.md")).contains("(PostgreSQL " + pg.version().text()
                + ")"), "assessment.md names the source's version");
        assertTrue(Files.readString(reportDir.resolve("report.html")).contains("(PostgreSQL " + pg.version().text()
                + ")"), "report.html names the source's version");
        assertTrue(assessment.toString().contains("'José' (id=1) = 'jose' (id=2)"),
                "José and jose collide under an accent-insensitive collation: " + assessment.get("findings"));
        assertTrue(assessment.get("objects").toString().contains("person_names"), "the view is listed");

        try (Connection c = h.target(); Statement st = c.createStatement()) {
            // the serial continues where the source's sequence stood (41), not after the highest id (3)
            st.executeUpdate("INSERT INTO dbo.person (name) VALUES ('Zed')");
            assertEquals(42, single(st, "SELECT id FROM dbo.person WHERE name = 'Zed'"));
            if (pg.version().has(PostgresVersion.Feature.IDENTITY_COLUMNS)) {
                st.executeUpdate("INSERT INTO dbo.ticket (title) VALUES ('fourth')");
                assertEquals(4, single(st, "SELECT id FROM dbo.ticket WHERE title = 'fourth'"));
            }
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @MethodSource("versions")
    void backsUpWithTheSystemsNewerPgDumpOrSaysWhyNot(String major) throws Exception {
        Optional<Path> pgDump = systemPgDump();
        assumeTrue(pgDump.isPresent(), "no pg_dump on the PATH: the backup of old servers is tested with the "
                + "system's pg_dump (apt-get install postgresql-client; .ci/run installs it)");
        PostgresVersion dumpVersion = SourceBackup.parseVersion(
                DemoInstallation.run(List.of(pgDump.get().toString(), "--version"))).orElseThrow();
        Source pg = source(major);
        MigrateDbHarness h = harness(pg, "backup").set("paths.backups", root.resolve(major + "-backups").toString());

        MigrateDbHarness.Result r = h.run("backup");

        if (dumpVersion.majorNumber() >= pg.version().majorNumber()) {
            assertEquals(0, r.exitCode(), r.all());
            Path dump;
            try (Stream<Path> files = Files.walk(root.resolve(major + "-backups"))) {
                dump = files.filter(f -> f.toString().endsWith(".dump")).findFirst().orElseThrow();
            }
            String listing = DemoInstallation.run(List.of(pgDump.get().resolveSibling("pg_restore").toString(),
                    "--list", dump.toString()));
            assertTrue(listing.contains("TABLE DATA public person"), listing);
        } else {
            // an older pg_dump cannot read a newer server: refused by name, before pg_dump runs
            assertNotEquals(0, r.exitCode(), r.all());
            assertTrue(r.all().contains("older than the source PostgreSQL (version " + pg.version().major() + ")"),
                    r.all());
        }
    }

    @Test
    void migratesA96InstallationInBundledModeWithItsOwnPgCtl() throws Exception {
        Source pg = source("9.6");
        Path dataDir = pg.app().freshDataDir("bundled"); // the installation as the application left it: stopped
        MigrateDbHarness h = new MigrateDbHarness(Files.createDirectories(root.resolve("9.6-bundled")), "")
                .set("source.url", "")
                .set("source.pgHome", pg.app().pgHome.toString())
                .set("source.dataDir", dataDir.toString())
                .set("source.database", BundledInstallation.DATABASE)
                .set("source.password", BundledInstallation.PASSWORD)
                .set("paths.work", root.resolve("9.6-bundled-work").toString())
                .set("paths.backups", root.resolve("9.6-bundled-backups").toString());
        ownerOnly(h);
        // the installation has no pg_dump: the system's newer one backs it up (without the installation's libpq)
        boolean backup = systemPgDump().isPresent();

        MigrateDbHarness.Result r = backup ? h.run("migrate", "--backup") : h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().contains("bundled PostgreSQL, started by MigrateDB"), r.out());
        JsonNode report = MigrateDbHarness.report(r.out());
        assertEquals("completed", report.get("status").asText());
        assertEquals(tables(pg.version()).size(), report.get("tables").size(), report.get("tables").toString());
        assertEquals(500, h.targetCount("dbo.event_log"));
        if (backup) {
            assertTrue(r.out().contains("Backup written"), r.out());
        }
        assertTrue(PostmasterPidFile.read(dataDir).isEmpty(), "the 9.6 server was stopped by its own pg_ctl");
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                .map(cmd -> cmd.contains("postgres") && cmd.contains(dataDir.toString())).orElse(false)),
                "no postgres process is left on the data directory");
    }

    @Test
    void theDemoSampleLoadsOn96ForDemoPgVersion() throws Exception {
        Source pg = source("9.6");
        try (Connection c = connect(pg); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE demo_sample");
        }
        String url = pg.url().replace("/" + BundledInstallation.DATABASE, "/demo_sample");
        Properties login = new Properties();
        login.setProperty("user", BundledInstallation.USER);
        login.setProperty("password", BundledInstallation.PASSWORD);
        try (Connection c = DriverManager.getConnection(url, login); Statement st = c.createStatement()) {
            // what './run.sh demo --pg-version 9.6' loads: schema-pre10.sql, identity columns being 10's
            DemoDatabase.loadSample(c, 10);

            assertEquals(5_000, single(st, "SELECT count(*) FROM resources"));
            assertEquals(10, single(st, "SELECT count(*) FROM audit_trail"));
        }
    }

    @Test
    void aCatalogQueryTheServerRefusesIsAFailingQueryWithItsPurposeAndVersionNotCannotConnect() throws Exception {
        Source pg = source("9.6");
        PostgresSource source = new PostgresSource(pg.url(), BundledInstallation.USER, BundledInstallation.PASSWORD);
        // what every MigrateDB before version-aware queries did: the newest catalog queries sent to a 9.6 server
        // (the real 9.6 server answers; only the version it reports is 12's: ClaimedVersion)
        try (Connection real = source.connect()) {
            Connection claimsNewer = ClaimedVersion.of(real, "12.22");
            SQLException refused = assertThrows(SQLException.class,
                    () -> new PostgresCatalogReader().read(claimsNewer, List.of("public")));

            MigrationException m = source.failure(refused, "reading the catalog");

            assertEquals(SourceTrouble.SOURCE_QUERY_FAILED, m.trouble());
            assertTrue(m.getMessage().startsWith("A query to the PostgreSQL source failed while reading the list of "
                    + "tables (tables.sql) (PostgreSQL 12.22): ERROR: column c.relispartition does not exist"),
                    m.getMessage());
            assertFalse(m.consoleText().contains("Cannot connect"), m.consoleText());
        }
    }

    // -----------------------------------------------------------------------------------------------------------

    /** The version's installation, laid out and started once for every test of the class. */
    private Source source(String major) throws Exception {
        Source existing = sources.get(major);
        if (existing != null) {
            return existing;
        }
        PostgresVersion version = PostgresVersion.parse(PostgresBinaries.mavenVersion(major));
        BundledInstallation app = BundledInstallation.fromMavenBinaries(root.resolve(major), major, schema(version));
        Path dataDir = app.freshDataDir("url");
        int port = BundledInstallation.freePort();
        app.startLikeTheApplication(dataDir, port);
        sources.put(major, new Source(app, dataDir, port, version)); // stopped at the end, whatever happens next
        try (Connection c = connect(sources.get(major))) {
            // the version as the server reports it (10.23, where the binaries are 10.23.0)
            sources.put(major, new Source(app, dataDir, port, PostgresVersion.of(c)));
        }
        assertEquals(major, sources.get(major).version().major(), "the server runs PostgreSQL " + major);
        return sources.get(major);
    }

    private MigrateDbHarness harness(Source pg, String name) throws Exception {
        MigrateDbHarness h = new MigrateDbHarness(Files.createDirectories(root.resolve(pg.version().major() + "-"
                + name)), pg.url()).set("source.password", BundledInstallation.PASSWORD);
        ownerOnly(h);
        return h;
    }

    /** A config file holding a plain password is accepted only while its owner alone can read it. */
    private static void ownerOnly(MigrateDbHarness h) throws Exception {
        Files.setPosixFilePermissions(h.configFile(), PosixFilePermissions.fromString("rw-------"));
    }

    private static Connection connect(Source s) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", BundledInstallation.USER);
        login.setProperty("password", BundledInstallation.PASSWORD);
        return DriverManager.getConnection(s.url(), login);
    }

    /** The tables the schema of that version has (partitions are read through their parent). */
    private static List<String> tables(PostgresVersion v) {
        List<String> out = new ArrayList<>(List.of("account", "event_log", "invoice", "person"));
        if (v.has(PostgresVersion.Feature.IDENTITY_COLUMNS)) {
            out.addAll(List.of("measurement", "ticket"));
        }
        return out;
    }

    /** The shared small schema, with what each version adds. */
    private static List<String> schema(PostgresVersion v) {
        List<String> sql = new ArrayList<>(List.of(
                "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
                "CREATE DOMAIN email AS varchar(120) CHECK (VALUE LIKE '%@%')",
                "CREATE TABLE person (id serial PRIMARY KEY, name varchar(60) NOT NULL UNIQUE, "
                        + "code varchar(1000) UNIQUE, mood mood, mail email, tags text[], scores integer[], "
                        + "balance numeric(12, 2), born date, seen timestamptz)",
                "CREATE INDEX person_seen ON person (seen)",
                "INSERT INTO person (name, code, mood, mail, tags, scores, balance, born, seen) VALUES "
                        + "('José', 'c1', 'happy', 'jose@example.com', '{a,\"b c\"}', '{1,2,3}', 1234.56, "
                        + "'1999-12-31', '2024-02-29 12:34:56.789+01'), "
                        + "('jose', 'c2', 'sad', NULL, '{}', NULL, -0.01, NULL, NULL), "
                        + "('Ånne', NULL, NULL, 'anne@example.com', NULL, '{7}', NULL, '2000-01-01', "
                        + "'2025-06-01 00:00:00+00')",
                "SELECT setval('person_id_seq', 41)",
                // no integer key: page-range chunks from 14 on, one chunk before
                "CREATE TABLE event_log (happened timestamptz NOT NULL, kind text NOT NULL, payload jsonb)",
                "INSERT INTO event_log SELECT timestamptz '2025-01-01 00:00:00+00' + g * interval '1 minute', "
                        + "'kind-' || g % 5, jsonb_build_object('n', g) FROM generate_series(1, 500) g",
                "CREATE SEQUENCE invoice_no START 1000",
                "CREATE TABLE invoice (no bigint PRIMARY KEY DEFAULT nextval('invoice_no'), "
                        + "person_id integer REFERENCES person (id), amount numeric(10, 2) NOT NULL CHECK (amount >= 0))",
                "INSERT INTO invoice (person_id, amount) SELECT 1 + g % 3, g * 1.5 FROM generate_series(1, 20) g",
                "CREATE VIEW person_names AS SELECT name FROM person",
                "CREATE FUNCTION add_one(integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + 1'"));
        if (v.has(PostgresVersion.Feature.IDENTITY_COLUMNS)) {
            sql.addAll(List.of(
                    "CREATE TABLE ticket (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL)",
                    "INSERT INTO ticket (title) VALUES ('first'), ('second'), ('third')",
                    "CREATE TABLE measurement (city integer NOT NULL, taken date NOT NULL, reading numeric(6, 2)) "
                            + "PARTITION BY RANGE (taken)",
                    "CREATE TABLE measurement_2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') "
                            + "TO ('2025-01-01')",
                    "CREATE TABLE measurement_2025 PARTITION OF measurement FOR VALUES FROM ('2025-01-01') "
                            + "TO ('2026-01-01')",
                    "INSERT INTO measurement SELECT g % 7, date '2024-01-01' + g, g / 10.0 "
                            + "FROM generate_series(0, 700) g"));
        }
        if (v.has(PostgresVersion.Feature.INCLUDED_INDEX_COLUMNS)) {
            sql.addAll(List.of("CREATE INDEX person_born ON person (born) INCLUDE (balance)",
                    "CREATE PROCEDURE touch() LANGUAGE sql AS 'SELECT 1'"));
        }
        if (v.has(PostgresVersion.Feature.GENERATED_COLUMNS)) {
            sql.add("ALTER TABLE person ADD COLUMN name_length integer GENERATED ALWAYS AS (length(name)) STORED");
        }
        if (v.has(PostgresVersion.Feature.VIRTUAL_GENERATED_COLUMNS)) {
            sql.add("ALTER TABLE person ADD COLUMN initial text GENERATED ALWAYS AS (left(name, 1)) VIRTUAL");
        }
        return sql;
    }

    /** The pg_dump the backup command finds on the PATH (the Maven binaries carry none). */
    private static Optional<Path> systemPgDump() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":")).filter(d -> !d.isBlank())
                .map(d -> Path.of(d, "pg_dump")).filter(Files::isExecutable).findFirst();
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
