package migratedb.source.postgres;

import migratedb.it.TestPostgres;
import migratedb.source.postgres.PostgresErrors.Kind;
import migratedb.troubleshoot.MigrationException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The source's error taxonomy: each failure its own entry, a failing query never "cannot connect". */
class PostgresErrorsTest {
    private static final String URL = "jdbc:postgresql://db.example:5432/app";

    @Test
    void classifiesBySqlState() {
        assertEquals(Kind.UNREACHABLE, PostgresErrors.classify(new SQLException("refused", "08001")));
        assertEquals(Kind.UNREACHABLE, PostgresErrors.classify(new SQLException("starting up", "57P03")));
        assertEquals(Kind.UNREACHABLE, PostgresErrors.classify(new SQLException("no such database", "3D000")));
        assertEquals(Kind.AUTHENTICATION, PostgresErrors.classify(new SQLException("bad password", "28P01")));
        assertEquals(Kind.AUTHENTICATION, PostgresErrors.classify(new SQLException("no pg_hba entry", "28000")));
        assertEquals(Kind.CONNECTION_LOST, PostgresErrors.classify(new SQLException(
                "terminating connection due to administrator command", "57P01")));
        assertEquals(Kind.CONNECTION_LOST, PostgresErrors.classify(new SQLException("I/O error", "08006")));
        assertEquals(Kind.QUERY_FAILED, PostgresErrors.classify(new SQLException(
                "column a.attgenerated does not exist", "42703")));
        assertEquals(Kind.QUERY_FAILED, PostgresErrors.classify(new SQLException("permission denied", "42501")));
    }

    @Test
    void aLoginFailureIsUnreachableUnlessTheServerRefusedTheLogin() {
        assertEquals(Kind.UNREACHABLE, PostgresErrors.classifyLogin(new SQLException("EOF at startup", "08006")));
        assertEquals(Kind.AUTHENTICATION, PostgresErrors.classifyLogin(new SQLException("bad password", "28P01")));
        assertEquals(SourceTrouble.SOURCE_UNREACHABLE, PostgresErrors.loginFailure(
                new SQLException("Connection refused", "08001"), URL, "app").trouble());
        assertEquals(SourceTrouble.SOURCE_AUTH_FAILED, PostgresErrors.loginFailure(
                new SQLException("password authentication failed", "28P01"), URL, "app").trouble());
    }

    @Test
    void keepsWhatARetryCanCure() {
        assertTrue(PostgresErrors.isTransient(new SQLException("terminated", "57P01")));
        assertTrue(PostgresErrors.isTransient(new SQLException("I/O error", "08006")));
        assertTrue(PostgresErrors.isTransient(new SQLException("deadlock", "40P01")));
        assertFalse(PostgresErrors.isTransient(new SQLException("no such column", "42703")));
        // a labelled query failure keeps the driver's SQLSTATE, so the retries see through the label
        assertTrue(PostgresErrors.isTransient(new SourceQueryException("reading", null,
                new SQLException("terminated", "57P01"))));
    }

    @Test
    void aFailingCatalogQueryNamesItsPurposeTheVersionAndTheError() {
        PostgresVersion v = PostgresVersion.parse("10.23");
        SQLException e = new SourceQueryException(SourceQuery.COLUMNS.describe(v), v,
                new SQLException("ERROR: column a.attgenerated does not exist", "42703"));

        MigrationException m = PostgresErrors.failure(e, URL, "app", null, "reading the catalog");

        assertEquals(SourceTrouble.SOURCE_QUERY_FAILED, m.trouble());
        assertEquals("A query to the PostgreSQL source failed while reading the tables' columns (columns-pre12.sql) "
                + "(PostgreSQL 10.23): ERROR: column a.attgenerated does not exist", m.getMessage());
        assertFalse(m.consoleText().contains("Cannot connect"), m.consoleText());
    }

    @Test
    void refusesAnOlderServerByName() {
        MigrationException m = PostgresErrors.unsupported(PostgresVersion.parse("9.4.26"), URL);

        assertEquals(SourceTrouble.SOURCE_VERSION_UNSUPPORTED, m.trouble());
        assertEquals("PostgreSQL 9.4 is older than MigrateDB supports (9.6).", m.getMessage());
        assertTrue(m.solution().startsWith("Upgrade it in place with the application's own tools first, or dump "
                + "the database"), m.solution());
    }

    @Test
    void aTerminatedBackendIsALostConnectionNotCannotConnect() throws Exception {
        String url = TestPostgres.newDatabase("terminated");
        PostgresSource source = new PostgresSource(url, "postgres", "");
        try (Connection victim = source.connect(); Connection admin = TestPostgres.connect(url);
             Statement st = admin.createStatement()) {
            int pid;
            try (var rs = victim.createStatement().executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            st.execute("SELECT pg_terminate_backend(" + pid + ")");
            SQLException lost = assertThrows(SQLException.class,
                    () -> PostgresActivity.otherSessions(victim));

            assertEquals(Kind.CONNECTION_LOST, PostgresErrors.classify(lost), lost.getSQLState() + " " + lost);
            assertTrue(PostgresErrors.isTransient(lost));
            MigrationException m = source.failure(lost, "checking for other sessions");
            assertEquals(SourceTrouble.SOURCE_CONNECTION_LOST, m.trouble());
            assertTrue(m.getMessage().contains("checking for other sessions on the source database"), m.getMessage());
        }
    }

    @Test
    void aServerWithFloatingPointTimestampsIsRefusedAndAnIntegerOneRead() {
        MigrationException m = assertThrows(MigrationException.class,
                () -> PostgresSource.requireReadable(PostgresVersion.parse("9.6.24"), "off", URL));
        assertEquals(SourceTrouble.SOURCE_FLOAT_TIMESTAMPS, m.trouble());
        assertEquals(SourceTrouble.SOURCE_VERSION_UNSUPPORTED, assertThrows(MigrationException.class,
                () -> PostgresSource.requireReadable(PostgresVersion.parse("9.4.26"), "on", URL)).trouble());
        PostgresSource.requireReadable(PostgresVersion.parse("9.6.24"), "on", URL);
        PostgresSource.requireReadable(PostgresVersion.parse("18.1"), null, URL);
    }
}
