package migratedb.pipeline;

import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleText;

/** Refusals of the preflight stage: the run stops before anything is written to the target. */
public enum PreflightTrouble implements Trouble {
    APPLICATION_RUNNING(
            "Server seems to be running. Shutdown the server and try again.",
            "The application's lock file {file} exists: the application server is running, or it did not shut "
                    + "down cleanly.",
            "The migration did not start; nothing was written to the target.",
            "Shut down the application server and try again. If the error repeats although the server is stopped, "
                    + "delete {file} and try again; if the issue persists, contact support with the .lock file."),
    SOURCE_IN_USE(
            "The source database is in use by {count} other session(s): {sessions}.",
            "The application (or another client) is still connected, so data could change during the copy.",
            "The migration did not start; nothing was written to the target.",
            "Stop the application server and other clients, then try again. To migrate anyway (not recommended), "
                    + "set preflight.allowSourceSessions=true."),
    TARGET_UNREACHABLE(
            "Cannot connect to the target {url}: {reason}",
            "The server is not running, the host, port or instance is wrong, TLS failed, or a firewall blocks it.",
            "The migration did not start; nothing was written to the target.",
            "Check target.host, target.instance and target.url, that SQL Server accepts TLS connections, then run "
                    + "'./run.sh test'."),
    TARGET_AUTH_FAILED(
            "The target refused the login of user {user}: {reason}",
            "The user name or password (target.user, target.password) is wrong, or the login has no access to "
                    + "the database.",
            "The migration did not start; nothing was written to the target.",
            "Correct target.user / target.password (or MIGRATEDB_TARGET_PASSWORD), then run './run.sh test'."),
    TARGET_NOT_EMPTY(
            "The target database is not empty: it has {count} table(s) ({tables}).",
            "MigrateDB only migrates into an empty database, so existing data is never mixed with or overwritten by "
                    + "the migration.",
            "The migration did not start; nothing was written to the target.",
            "Use a new, empty database (target.database), or drop these tables. To continue an interrupted "
                    + "migration, run './run.sh resume' instead."),
    NOTHING_TO_RESUME(
            "There is no interrupted migration to resume in the target.",
            "The target holds no MigrateDB run, or its last run {runId} already finished with status {status}.",
            "Nothing was done.",
            "Run './run.sh migrate' into an empty database."),
    RESUME_CONFIG_CHANGED(
            "Cannot resume run {runId}: the {what} changed since the run started.",
            "Resuming with a different configuration or source schema could mix two different migrations in one "
                    + "target.",
            "Nothing was done; the target keeps the chunks committed so far.",
            "Restore the configuration used by run {runId}, or start over: drop the target database's tables and "
                    + "run './run.sh migrate'."),
    PROTECTED_COLUMN_INVALID(
            "Protected column {column} cannot be encrypted: {reason}.",
            "migration.protectedColumns names columns whose values are stored encrypted with the symmetric key.",
            "The migration did not start; nothing was written to the target.",
            "Correct migration.protectedColumns (schema.table.column; text or bytea columns that are part of no "
                    + "key, foreign key or index)."),
    PROTECTED_COLUMNS_WITHOUT_KEYS(
            "migration.protectedColumns names {columns}, but target.encryption is none.",
            "Protected columns are stored encrypted with the symmetric key of the target's key hierarchy; "
                    + "target.encryption=none means there is no key hierarchy, so nothing could encrypt them.",
            "The migration did not start; nothing was written to the target.",
            "Set target.encryption=default (MigrateDB creates the keys) or custom (your certificate and symmetric "
                    + "key), or empty migration.protectedColumns if those columns may be stored in clear text."),
    NO_TABLES(
            "The source has no tables to migrate in schema(s) {schemas}.",
            "source.schemas names schemas without tables, or every table is excluded.",
            "The migration did not start.",
            "Check source.schemas and migration.excludedTables."),
    OUTPUT_NOT_WRITABLE(
            "MigrateDB cannot write into {folder}: {reason}",
            "The folder where MigrateDB keeps its logs or reports is read-only, not a folder, or its disk is full.",
            "Nothing was done: the run stopped before it connected to either database.",
            "Make {folder} writable and free some space on its disk (or set paths.reports / run MigrateDB from "
                    + "another folder), then run the command again."),
    ;

    private final TroubleText text;

    PreflightTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
