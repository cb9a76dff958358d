package migratedb.source.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The snapshot's worker sessions: imported once and reused chunk after chunk; a lost session is replaced in the
 * same snapshot; a lost exporting transaction is replaced only by the same instant, otherwise the run stops by name.
 * A server of its own, without autovacuum: whether "a transaction started in between" must be up to the test alone.
 */
class SourceSnapshotSessionsTest {
    private static EmbeddedPostgres server;
    private static PostgresSource source;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "off").setServerConfig("autovacuum", "off").start();
        source = new PostgresSource("jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres", "postgres", "");
        execute("CREATE TABLE items (id int PRIMARY KEY)");
        execute("INSERT INTO items SELECT g FROM generate_series(1, 10) g");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aWorkerSessionImportsTheSnapshotOnceAndReadsChunkAfterChunkInIt() throws Exception {
        try (SourceSnapshot snapshot = SourceSnapshot.export(source)) {
            SourceSnapshot.Session first = snapshot.lease();
            assertEquals(10, count(first.connection()));
            snapshot.giveBack(first);
            execute("INSERT INTO items VALUES (1000)");

            SourceSnapshot.Session again = snapshot.lease();

            assertSame(first, again, "the idle session is lent again, not a new connection");
            assertEquals(10, count(again.connection()), "still the snapshot's instant, not the row added since");
            assertEquals(1, snapshot.sessionsOpened());
            snapshot.discard(again);
            SourceSnapshot.Session replacement = snapshot.lease();
            assertNotSame(again, replacement, "a discarded session is never lent again");
            assertEquals(10, count(replacement.connection()), "its replacement imports the same snapshot");
            assertEquals(2, snapshot.sessionsOpened());
        } finally {
            execute("DELETE FROM items WHERE id = 1000");
        }
    }

    @Test
    void aLostExportingSessionIsReplacedOnlyByTheSameInstantOtherwiseTheSnapshotIsLostByName() throws Exception {
        try (SourceSnapshot snapshot = SourceSnapshot.export(source)) {
            SourceSnapshot.Session held = snapshot.lease();
            terminateExporter();

            // nothing happened in the source in between: a new export is the same instant
            SourceSnapshot.Session second = snapshot.lease();
            assertEquals(10, count(second.connection()));
            assertEquals(1, snapshot.replacements().size());
            assertTrue(snapshot.replacements().get(0).contains("which is the same instant"),
                    snapshot.replacements().get(0));

            terminateExporter();
            execute("INSERT INTO items VALUES (1001)"); // a transaction between the two instants

            SourceSnapshot.SnapshotLost lost = assertThrows(SourceSnapshot.SnapshotLost.class, snapshot::lease);
            assertTrue(lost.getMessage().contains("the source has changed since it was taken"), lost.getMessage());
            assertEquals(10, count(held.connection()), "sessions that imported the snapshot keep reading in it");
        } finally {
            execute("DELETE FROM items WHERE id = 1001");
        }
    }

    /** Ends the exporting session's backend and waits until it is gone (its snapshot with it). */
    private static void terminateExporter() throws Exception {
        String exporter = "query LIKE 'SELECT pg_export_snapshot()%' AND pid <> pg_backend_pid()";
        try (Connection c = source.connect(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                    + exporter)) {
                assertTrue(rs.next() && rs.getBoolean(1), "the exporting session was terminated");
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (true) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE " + exporter)) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "the exporting backend did not end");
                Thread.sleep(20);
            }
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = source.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
