package migratedb.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The source's failures as the commands report them: a server older than MigrateDB supports is refused by name, and
 * a query the server refuses gets its own entry — never "Cannot connect", which sends the administrator looking for
 * a network problem that does not exist.
 */
class SourceFailureRefusalTest {
    @TempDir
    Path dir;

    @Test
    void anOlderServerThanSupportedIsRefusedByNameBeforeAnythingIsRead() throws Exception {
        String real = TestPostgres.newDatabase("old");
        TestPostgres.execute(real, "CREATE TABLE t (id integer PRIMARY KEY)");
        // no PostgreSQL 9.4 binaries are served: the test server answers with 9.4's version (ClaimedVersion)
        try (ClaimedVersion.ClaimingDriver driver = new ClaimedVersion.ClaimingDriver().register()) {
            MigrateDbHarness h = new MigrateDbHarness(dir, ClaimedVersion.ClaimingDriver.url(real, "9.4.26"));

            MigrateDbHarness.Result migrate = h.run("migrate");
            MigrateDbHarness.Result test = h.run("test");

            assertNotEquals(0, migrate.exitCode(), migrate.all());
            assertTrue(migrate.all().contains("PostgreSQL 9.4 is older than MigrateDB supports (9.6)."), migrate.all());
            assertTrue(migrate.all().contains("Upgrade it in place with the application's own tools first"),
                    migrate.all());
            assertFalse(h.targetTables().contains("dbo.t"), "nothing was migrated");
            assertNotEquals(0, test.exitCode(), test.all());
            assertTrue(test.out().contains("FAILED: PostgreSQL 9.4 is older than MigrateDB supports (9.6)."),
                    test.out());
        }
    }

    @Test
    void aQueryTheSourceRefusesIsAFailingQueryWithItsPurposeNotCannotConnect() throws Exception {
        String url = TestPostgres.newDatabase("denied");
        TestPostgres.execute(url, "CREATE TABLE secrets (id integer PRIMARY KEY, label varchar(20))");
        TestPostgres.execute(url, "INSERT INTO secrets VALUES (1, 'x')");
        // a source user that may log in and read the catalog, but not the table: a real refused query
        TestPostgres.execute(url, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reader') "
                + "THEN CREATE ROLE reader LOGIN; END IF; END $$");
        MigrateDbHarness h = new MigrateDbHarness(dir, url).set("source.user", "reader");

        MigrateDbHarness.Result r = h.run("assess");

        assertNotEquals(0, r.exitCode(), r.all());
        assertTrue(r.all().contains("A query to the PostgreSQL source failed while checking the data of "
                + "public.secrets against SQL Server's rules (checks/table-scan.sql) (PostgreSQL 16."), r.all());
        assertTrue(r.all().contains("permission denied"), r.all());
        assertFalse(r.all().contains("Cannot connect"), r.all());
        assertEquals(-1, r.all().indexOf("firewall"), "no network advice for a refused query: " + r.all());
    }
}
