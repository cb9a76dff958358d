package migratedb.sink.sqlserver;

/**
 * One permission the migration needs, whether the login has it, and the statement a DBA runs to grant it.
 *
 * @param name    e.g. {@code CREATE TABLE}
 * @param granted whether the login (directly, through a role or through db_owner/sysadmin) has it
 * @param fixSql  the GRANT that fixes it, with the {@code USE} it needs (for the report and './run.sh test')
 */
public record PermissionFinding(String name, boolean granted, String fixSql) {
}
