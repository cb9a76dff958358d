package migratedb.ops;

import migratedb.troubleshoot.Trouble;
import migratedb.troubleshoot.TroubleText;

/**
 * Failures of operating MigrateDB: the inbox and its request files, the locks that keep two runs (or a run and the
 * application) apart, the excluded tables' export and import, and the diagnostics bundle.
 */
public enum OpsTrouble implements Trouble {
    REQUEST_MALFORMED(
            "The request file {file} is not valid: {reason}",
            "A request file holds only 'command=', 'config=', 'run=' and 'set.<key>=<value>' lines, each key once.",
            "The request was not executed; the file was moved to {quarantine} with this reason.",
            "Correct the file (see docs/operations.md, 'Request files') and drop it into the inbox again."),
    REQUEST_FORBIDDEN(
            "The request file {file} tries to carry {what}, which a request file may never hold.",
            "Request files are read from a folder that other accounts or tools may write to, so they may not carry "
                    + "passwords, SQL, or a configuration outside conf/.",
            "The request was not executed; the file was moved to {quarantine} with this reason.",
            "Keep secrets in conf/database_params.conf (stored encrypted by './run.sh setup') or in the "
                    + "MIGRATEDB_*_PASSWORD environment variables of the service, and drop the request without them."),
    REQUEST_PARTIAL(
            "The request file {file} is empty or incomplete.",
            "The file was dropped before it was completely written, or the tool that wrote it failed.",
            "The request was not executed; the file was moved to {quarantine}.",
            "Write the request under another name (e.g. .tmp) and rename it to *.request when complete, or set "
                    + "watch.doneFile=true and create <name>.done after the request, then drop it again."),
    REQUEST_TOO_LARGE(
            "The request file {file} has {bytes} bytes, more than watch.maxRequestBytes={max}.",
            "A request is a few lines; a file this large is not a request (or was dropped by mistake).",
            "The request was not executed; the file was moved to {quarantine}.",
            "Drop a small request file (see docs/operations.md), or raise watch.maxRequestBytes."),
    REQUEST_SYMLINK(
            "The request file {file} is a symbolic link.",
            "Links can point anywhere on the machine, so MigrateDB does not follow them from the inbox.",
            "The request was not executed; the link was moved to {quarantine}.",
            "Copy the request file itself into the inbox."),
    REQUEST_DUPLICATE(
            "The request {file} was already run; a request runs only once.",
            "A file with the same name and the same content was taken from the inbox before (the list survives "
                    + "restarts of the service: {repository}). If the service stopped during that run, the run was "
                    + "interrupted.",
            "The request was not executed again; the file was moved to {quarantine}.",
            "To run it again, drop it under a new name. To continue an interrupted migration, drop a request with "
                    + "command=resume."),
    COMMAND_NOT_AVAILABLE(
            "The command '{command}' is not available in this build of MigrateDB.",
            "The request asks for a command this installation does not provide.",
            "The request was not executed.",
            "Use one of the commands listed by './run.sh --help', or update MigrateDB."),
    INBOX_UNUSABLE(
            "The inbox {inbox} cannot be used: {reason}",
            "The folder does not exist and cannot be created, or the service user may not write to it.",
            "The watch service did not start.",
            "Create the folder (or set watch.inbox to another one) and give the user running MigrateDB write access."),
    ROUTES_MISSING(
            "No route definitions found in {dir}.",
            "The watch service loads its file-drop route from the routes/ folder; the folder is missing or empty.",
            "The watch service did not start.",
            "Restore routes/file-drop.yaml from the MigrateDB distribution, or set watch.routesDir."),
    RUN_IN_PROGRESS(
            "Another MigrateDB run is already working on the target {target} (run {runId}, process {pid}, since "
                    + "{since}).",
            "Two runs against the same target would write the same tables at the same time.",
            "This run did not start; the running one is not disturbed.",
            "Wait for the other run to finish ('./run.sh status' with the same --config shows its progress), or "
                    + "stop it (Ctrl-C in its terminal, or 'kill -INT {pid}'); then try again. The lock is released "
                    + "automatically when its process ends."),
    APPLICATION_LOCK_STALE(
            "The application's lock file {file} is stale: process {pid} that wrote it is no longer running.",
            "The application server stopped without removing its .lock file (a crash, a kill, or a power loss).",
            "The migration did not start; nothing was written to the target.",
            "Make sure the application server is really stopped, then delete {file} and try again."),
    EXCLUDED_TABLE_UNKNOWN(
            "The table {table} is not one of the excluded tables ({excluded}).",
            "export-excluded and import-excluded only handle tables listed in migration.excludedTables; every other "
                    + "table is copied by the migration itself.",
            "Nothing was exported or imported.",
            "Name a table of migration.excludedTables (--table schema.table), or name the file after it."),
    EXCLUDED_TABLE_MISSING(
            "The excluded table {table} does not exist in the source.",
            "migration.excludedTables names a table the source does not have (a typo, or another schema).",
            "Nothing was exported or imported for this table.",
            "Correct migration.excludedTables; tables are named schema.table, e.g. public.personal_passwords."),
    IMPORT_FILE_INVALID(
            "The file {file} cannot be imported into {table}: {reason}",
            "The file is not a table file of this table: CSV or TXT text (comma, semicolon, tab or vertical bar "
                    + "separated; UTF-8, UTF-16 with byte-order mark or Windows-1252) or an XLSX workbook, with the "
                    + "column names in its first line (first row of the first sheet) and one value per column.",
            "Nothing was imported; the target is unchanged.",
            "Correct what the message names (the record or row and the column), or export the table again with "
                    + "'./run.sh export-excluded' (--format xlsx for Excel). From Excel, 'Save as' any of: Excel "
                    + "Workbook (*.xlsx), CSV UTF-8, CSV, Text (Tab delimited) or Unicode Text, keeping the header "
                    + "line."),
    IMPORT_TARGET_NOT_EMPTY(
            "The target table {table} already has {rows} row(s).",
            "The table was imported before, or the application wrote into it already.",
            "Nothing was imported, so no row is doubled.",
            "Check the table's rows in the target; empty it (DELETE) if they are not wanted, then import again."),
    IMPORT_NOT_VERIFIED(
            "The import of {file} into {table} did not verify: {mismatches}",
            "The rows read back from the target differ from the rows written.",
            "The rows stay in the target table but are not proven correct.",
            "Read logs/troubleshooting.log; empty the target table and import again. If it repeats, run "
                    + "'./run.sh diagnose' and send the bundle to support."),
    IMPORT_ROWS_REFUSED(
            "{count} row(s) of {file} were refused by the target table {table}: {error}",
            "A value does not fit its target column: too long, out of range, a duplicate key, or no value in a "
                    + "column that requires one.",
            "Taking back what the import had written: {undone}. The refused rows are listed in {rejects}.",
            "Correct those rows in the file, then import again. To import the other rows and keep the refused "
                    + "ones aside, add --set copy.rejectPolicy=skip."),
    IMPORT_KEYS_REFUSED(
            "The rows of {file} do not satisfy the keys of {table}: {reason}",
            "After the rows, the table's indexes and foreign keys are created as the migration creates them; the "
                    + "target refused one: a value twice in a unique column, or a reference to a row that is not in "
                    + "the target (e.g. a user_id whose user does not exist). The statement was: {statement}",
            "Taking back what the import had written: {undone}.",
            "Correct the rows in the file (no duplicates; references to rows that exist in the target), then "
                    + "import again."),
    IMPORT_LOAD_FAILED(
            "Importing {file} into {table} failed: {error}",
            "The connection to the target was lost (again and again, after the copy's retries), or the target "
                    + "refused a statement of the import.",
            "Taking back what the import had written: {undone}.",
            "Check the target ('./run.sh test') and read logs/troubleshooting.log, then import again."),
    EXPORT_FAILED(
            "Exporting {table} to {file} failed: {reason}",
            "The folder cannot be written, the disk is full, or the source refused the read.",
            "The export file is incomplete and was removed.",
            "Check the folder's permissions and space, and that the source is reachable ('./run.sh test')."),
    EXPORT_NOT_XLSX(
            "The table {table} cannot be written to the XLSX file {file}: {reason}",
            "An Excel worksheet holds at most 1,048,575 rows below its header and 32,767 characters per cell, and no "
                    + "control characters; a value beyond that would be cut or changed in the workbook.",
            "No XLSX file was written.",
            "Export the table as CSV or TXT instead (--format csv or --format txt): they hold every value."),
    DIAGNOSE_FAILED(
            "The diagnostics bundle {file} cannot be written: {reason}",
            "The folder cannot be written or the disk is full.",
            "No bundle was written.",
            "Choose another place with --out, or free space, and run './run.sh diagnose' again."),
    ;

    private final TroubleText text;

    OpsTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
