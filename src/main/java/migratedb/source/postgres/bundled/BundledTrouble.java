package migratedb.source.postgres.bundled;

import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleText;

/**
 * Failures (and explained conditions) of the bundled-database mode: bringing up the PostgreSQL that ships inside
 * the application's installation folder, stopping it again, and taking the source backup.
 */
public enum BundledTrouble implements Trouble {
    BUNDLED_INSTALLATION_INVALID(
            "The bundled PostgreSQL installation at {pgHome} is incomplete: {missing} is missing or not executable.",
            "The configured PostgreSQL home does not point at the pgsql folder inside the application's installation folder, or that folder was damaged.",
            "MigrateDB cannot start the bundled database; nothing was started or changed.",
            "Point the PostgreSQL home setting at <installation folder>/pgsql (the folder that holds bin/postgres and bin/pg_ctl) and run again."),
    BUNDLED_DATA_DIR_INVALID(
            "{dataDir} is not a PostgreSQL data directory ({missing} is missing).",
            "The configured data directory is wrong, or the application's database was moved or deleted.",
            "MigrateDB cannot start the bundled database; nothing was started or changed.",
            "Point the data directory setting at the bundled database's data folder (usually <installation folder>/pgsql/data, the folder that holds PG_VERSION) and run again."),
    BUNDLED_SERVER_RUNNING(
            "The bundled PostgreSQL seems to be running (postmaster.pid names process {pid}). Shutdown the application server and its database and try again.",
            "A PostgreSQL server that MigrateDB did not start is running on {dataDir}: usually the application server or its database service is still up.",
            "MigrateDB refuses to start: migrating while the application writes to the database would copy an inconsistent state. Nothing was stopped or changed.",
            "Shut down the application server and make sure no 'postgres' process is running (process {pid}), then run MigrateDB again. MigrateDB never stops a server it did not start."),
    BUNDLED_PID_FILE_PROCESS_NOT_POSTGRES(
            "{pidFile} names process {pid}, which is running but is not PostgreSQL ({command}).",
            "PostgreSQL did not shut down cleanly and its process number has since been reused by another program; PostgreSQL itself will refuse to start while that process lives.",
            "MigrateDB refuses to start the bundled database; nothing was stopped or changed.",
            "Make sure no 'postgres' process is running for {dataDir}. Then either wait for process {pid} to end or, only if you are sure the database is down, delete {pidFile} and run again."),
    BUNDLED_PORT_IN_USE(
            "Something is listening on port {port}, the port named by {pidFile}.",
            "postmaster.pid is left from an earlier server (process {pid} is gone), but a program still answers on its port: possibly the application's database running from another copy of the data, or another PostgreSQL.",
            "MigrateDB refuses to start the bundled database: it cannot be sure that the database is not in use. Nothing was stopped or changed.",
            "Find what listens on port {port} ('ss -ltnp' on Linux, 'netstat -ano' on Windows), shut it down if it belongs to the application, then run again."),
    BUNDLED_STALE_PID_FILE(
            "{pidFile} is left from a PostgreSQL server that did not shut down cleanly (process {pid} is gone).",
            "The application's database was stopped abruptly (power loss, kill, crash) the last time it ran.",
            "MigrateDB goes on. PostgreSQL runs crash recovery when it starts, which can take a while on a large database; the file is left for PostgreSQL to handle.",
            "Nothing to do now. Next time, shut the application server down cleanly before migrating."),
    BUNDLED_LEFTOVER_STOPPED(
            "A bundled PostgreSQL left running by a MigrateDB run that was killed (MigrateDB process {jvmPid}, PostgreSQL process {pid}) was found and stopped.",
            "An earlier MigrateDB run ended without its clean-up (kill -9, power loss) and left the database server it had started running.",
            "MigrateDB stopped that server cleanly and goes on with a fresh start of the bundled database.",
            "Nothing to do. If you did not expect this, check how the earlier run ended in logs/troubleshooting.log."),
    BUNDLED_ANOTHER_MIGRATEDB_RUNNING(
            "Another MigrateDB run (process {jvmPid}) is using the bundled PostgreSQL on {dataDir} (PostgreSQL process {pid}).",
            "Two MigrateDB runs were started on the same installation; {marker} names a MigrateDB process that is still alive.",
            "This run refuses to start; the other run is not disturbed.",
            "Wait for the other run to finish, or stop it (Ctrl-C) so it shuts its database down, then run again."),
    BUNDLED_RUN_AS_OWNER_IMPOSSIBLE(
            "Cannot run the bundled PostgreSQL as the owner of {dataDir}: {reason}",
            "PostgreSQL refuses to run as root and must run as the user that owns its data directory ({owner}); MigrateDB runs as {currentUser}.",
            "MigrateDB cannot start the bundled database; nothing was started or changed.",
            "Run MigrateDB as {owner} (the user the application's database runs as), or as root so MigrateDB can switch to {owner}. If the data directory is owned by root, restore its owner to the application's service user first."),
    BUNDLED_STATE_DIR_UNUSABLE(
            "Cannot write {file}: {reason}",
            "The work folder is missing, read-only or on a full disk.",
            "MigrateDB did not start the bundled database, because without this file it could not find and stop the server if MigrateDB itself were killed.",
            "Make the work folder {stateDir} writable for the user running MigrateDB and run again."),
    BUNDLED_START_FAILED(
            "The bundled PostgreSQL did not start (pg_ctl exit code {exitCode}). Last lines of its log: {logTail}",
            "PostgreSQL refused to start: see the log lines (common reasons: a damaged data directory, wrong file permissions, a setting in postgresql.conf this start cannot honour, not enough shared memory).",
            "MigrateDB stopped before reading any data; the data directory's configuration was not changed. The full server log is in {serverLog}.",
            "Fix what the log lines name, check that the application itself can still start its database, then run again."),
    BUNDLED_LOGIN_FAILED(
            "Could not log in to the bundled PostgreSQL as {user} on database {database}: {reason}",
            "The configured user name, password or database name does not match the bundled database, or its pg_hba.conf does not allow password logins from 127.0.0.1.",
            "MigrateDB stopped the bundled database again and read no data.",
            "Check the source user, password and database settings (the application's database_params.conf holds them). MigrateDB never edits pg_hba.conf: if it has no 'host ... 127.0.0.1/32' line for this user, ask the application's support."),
    BUNDLED_STOP_FAILED(
            "The bundled PostgreSQL (process {pid}) did not stop within {timeout}.",
            "The server did not answer a fast shutdown nor an immediate one: it may be stuck on disk I/O, or the process could not be signalled.",
            "The server may still be running on {dataDir}; the application must not be started until it is gone.",
            "Wait a minute and check whether process {pid} is still running; if it is, stop it as its owner ('pg_ctl stop -D {dataDir} -m immediate') and then start the application or run MigrateDB again."),
    BACKUP_PG_DUMP_MISSING(
            "pg_dump was not found in {pgHomeBin} nor on the PATH.",
            "The bundled installation ships without pg_dump and no PostgreSQL client tools are installed on this machine.",
            "No backup was taken; MigrateDB does not continue without one.",
            "Install the PostgreSQL client tools of the bundled version or newer (on Debian/Ubuntu: apt-get install postgresql-client) or point the PostgreSQL home at an installation that has bin/pg_dump, then run again."),
    BACKUP_PG_DUMP_TOO_OLD(
            "{pgDump} is version {pgDumpMajor}, older than the source PostgreSQL (version {serverMajor}).",
            "pg_dump can only dump servers of its own major version or older.",
            "No backup was taken; MigrateDB does not continue without one.",
            "Install PostgreSQL client tools of version {serverMajor} or newer, or use the pg_dump of the bundled installation, then run again."),
    BACKUP_FAILED(
            "The backup of database {database} failed: pg_dump exited with code {exitCode}. Its last lines: {stderrTail}",
            "pg_dump could not read the database (login refused, disk full, a damaged table, a lock it could not get...).",
            "No usable backup exists for this run; the partial file was removed and MigrateDB does not continue.",
            "Fix what pg_dump reports, check the free space under {backupDir}, then run the backup again."),
    BACKUP_EMPTY(
            "The backup file {file} is empty although pg_dump reported success.",
            "The disk is full, the file system dropped the write, or pg_dump was stopped from outside.",
            "No usable backup exists for this run; MigrateDB does not continue.",
            "Check the free space and health of the disk holding {backupDir}, then run the backup again."),
    BACKUP_TARGET_EXISTS(
            "The backup file {file} already exists.",
            "A backup with the same run id was taken before.",
            "MigrateDB does not overwrite an existing backup; no new backup was taken.",
            "Use a new run id, or move the existing backup elsewhere if it is no longer needed, then run again."),
    BACKUP_IO_FAILED(
            "Cannot write the backup into {backupDir}: {reason}",
            "The backups folder is missing, read-only or on a full disk.",
            "No backup was taken; MigrateDB does not continue without one.",
            "Make {backupDir} writable and check its free space (a backup is about as large as the database), then run again."),
    ;

    private final TroubleText text;

    BundledTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
