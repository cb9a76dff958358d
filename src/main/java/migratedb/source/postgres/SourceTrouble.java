package migratedb.source.postgres;

import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleText;

/**
 * Every way the PostgreSQL source fails, one entry each (classified by {@link PostgresErrors}): it cannot be
 * reached, it refuses the login, the connection is lost, its version is older than MigrateDB reads, or a query fails.
 * A failing query is never reported as a connection problem.
 */
public enum SourceTrouble implements Trouble {
    SOURCE_UNREACHABLE(
            "Cannot connect to the PostgreSQL source at {url}: {reason}",
            "The server is not running, the host or port is wrong, a firewall blocks the connection, or the server "
                    + "turned the connection away before the login (database name wrong, no free connection, "
                    + "still starting up).",
            "The command stopped before it read anything; nothing was written to the target.",
            "Check source.url (or source.pgHome/source.dataDir) and that PostgreSQL is running and accepts TCP "
                    + "connections from this machine, then run './run.sh test'."),
    SOURCE_AUTH_FAILED(
            "PostgreSQL refused the login of user {user}: {reason}",
            "The user name or password (source.user, source.password) is wrong, or pg_hba.conf does not allow it.",
            "The command stopped before it read anything; nothing was written to the target.",
            "Correct source.user / source.password (or MIGRATEDB_SOURCE_PASSWORD), then run './run.sh test'."),
    SOURCE_CONNECTION_LOST(
            "The connection to the PostgreSQL source {url} was lost while {purpose}: {reason}",
            "The server was stopped or restarted, an administrator or a monitoring job ended MigrateDB's session "
                    + "(pg_terminate_backend: 'terminating connection due to administrator command'), the network "
                    + "dropped, or the server did not answer within source.socketTimeoutSeconds.",
            "The step stopped; what it had not committed was rolled back. Copies retry a lost connection before "
                    + "they give up; a migration that stopped can be continued with './run.sh resume'.",
            "Check that the source server is up, that nothing ends MigrateDB's sessions (an idle-session killer, a "
                    + "DBA's script) and that the network is stable, then run the command again."),
    SOURCE_VERSION_UNSUPPORTED(
            "PostgreSQL {version} is older than MigrateDB supports ({oldest}).",
            "The source at {url} runs PostgreSQL {version}; MigrateDB reads the catalog of PostgreSQL {oldest} to "
                    + "{newest}, whose system views an older server does not have.",
            "The command stopped before it read anything; nothing was written to the target.",
            "Upgrade it in place with the application's own tools first, or dump the database with the "
                    + "installation's own pg_dump, restore the dump into a PostgreSQL {oldest} or newer (a scratch "
                    + "server on any machine will do), point source.url at that copy and run MigrateDB again."),
    SOURCE_FLOAT_TIMESTAMPS(
            "PostgreSQL {version} at {url} stores timestamps as floating-point numbers (integer_datetimes is off).",
            "The server was built with --disable-integer-datetimes, possible up to 9.6; MigrateDB reads timestamps "
                    + "in PostgreSQL's integer binary form and would read these wrongly.",
            "The command stopped before it read anything; nothing was written to the target.",
            "Dump the database with the installation's own pg_dump and restore it into PostgreSQL 10 or newer "
                    + "(which always stores integer timestamps; the values are converted exactly by the restore), "
                    + "point source.url at that copy and run MigrateDB again."),
    SOURCE_QUERY_FAILED(
            "A query to the PostgreSQL source failed while {purpose} (PostgreSQL {version}): {reason}",
            "The server is reachable and accepted the login, but refused this query: the source user lacks a "
                    + "right on a table or catalog view, a table is damaged, or the catalog of this PostgreSQL "
                    + "version differs from what MigrateDB expects.",
            "The command stopped; nothing was written to the target.",
            "Check that source.user may read every table of source.schemas (and see the error above). If the "
                    + "error names a catalog column or view, it is a MigrateDB defect for PostgreSQL {version}: "
                    + "report it with logs/troubleshooting.log, which names the query."),
    ;

    private final TroubleText text;

    SourceTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
