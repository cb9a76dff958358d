package migratedb.it;

import migratedb.config.Settings;
import migratedb.copy.ProgressListener;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.report.MigrationReport;
import migratedb.report.TableResult;
import migratedb.route.PipelineRuntime;
import migratedb.sink.TargetConnector;
import migratedb.source.postgres.PostgresSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application's schema is hundreds of tables: 300 of them are migrated end to end (preflight to report, every
 * table verified), and the connections a run opens do not depend on its number of tables (counted where they are
 * made, in the source's and the target's connection factories): the same for 300 tables as for 6.
 */
class ManyTablesMigrationTest {
    private static final int ROWS_EACH = 20;
    /** copy.parallelTables (2) + 1: the run's target pool. */
    private static final int TARGET_POOL = 3;
    /** Logins outside the pool (the probe, the assessment's, key setup's, the checkpoints' ...), fewer than 10. */
    private static final int TARGET_STAGE_LOGINS = 10;

    @TempDir
    Path dir;

    /** What one migration did. */
    private record Migrated(MigrationReport report, long sourceConnections, long targetConnections, String source,
                            String target) {
    }

    @Test
    void threeHundredTablesAreMigratedAndVerifiedWithTheConnectionsOfSix() throws Exception {
        Migrated six = migrate("few_tables", 6);
        Migrated many = migrate("many_tables", 300);

        assertEquals("completed", many.report().status(), String.valueOf(many.report().failure()));
        assertEquals(301, many.report().tables().size(), "300 tables and their shared parent");
        for (TableResult t : many.report().tables()) {
            assertTrue(t.verified(), t.toString());
            assertEquals(t.sourceRows(), t.targetRows(), t.toString());
        }
        assertEquals(300L * ROWS_EACH + 10, many.report().totalRowsWritten());
        for (String table : List.of("item_00001", "item_00150", "item_00300")) {
            EndToEndMigrationTest.assertSameRows(table,
                    EndToEndMigrationTest.rows(TestPostgres.connect(many.source()),
                            ManyTablesFixture.select("public", table)),
                    EndToEndMigrationTest.rows(DriverManager.getConnection(many.target(), "sa", ""),
                            ManyTablesFixture.select("dbo", table)));
        }
        assertEquals("completed", six.report().status(), String.valueOf(six.report().failure()));
        assertEquals(six.sourceConnections(), many.sourceConnections(),
                "source connections: the same for 300 tables as for 6");
        // the target pool (copy.parallelTables + 1 = 3) fills its idle slots in the background: a short run may end
        // before the last one is opened, so the two runs may differ by those slots, never by a table's worth
        assertTrue(Math.abs(many.targetConnections() - six.targetConnections()) <= TARGET_POOL,
                "target connections: the same for 300 tables as for 6, give or take the pool's lazily filled slots: "
                        + six.targetConnections() + " and " + many.targetConnections());
        assertTrue(many.targetConnections() <= TARGET_POOL + TARGET_STAGE_LOGINS, "the pool's and the stages' own "
                + "logins: " + many.targetConnections());
        assertTrue(many.sourceConnections() <= 1 + 2 * 2, "the snapshot's, and two per worker (the assessment's "
                + "data scan, the copy): " + many.sourceConnections());
    }

    private Migrated migrate(String name, int tables) throws Exception {
        String source = TestPostgres.newDatabase(name);
        ManyTablesFixture.load(source, tables, ROWS_EACH);
        String target = "jdbc:h2:file:" + dir.resolve(name) + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE";
        Settings settings = Settings.of(Map.of("source.url", source, "source.user", "postgres",
                "target.url", target, "target.user", "sa", "copy.parallelTables", "2",
                "preflight.allowSourceSessions", "true"));
        PostgresSource pg = new PostgresSource(source, "postgres", "");
        TargetConnector h2 = TargetConnector.from(settings);
        MigrationReport report = new PipelineRuntime().execute(
                new MigrationRun(Command.MIGRATE, settings, pg, h2, null, false), ProgressListener.NONE);
        return new Migrated(report, pg.connectionsOpened(), h2.connectionsOpened(), source,
                target + ";CASE_INSENSITIVE_IDENTIFIERS=TRUE");
    }
}
