package migratedb.sink.sqlserver;

import migratedb.sink.EncryptionMode;
import migratedb.sink.KeyNames;
import migratedb.sink.SqlStatement;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static migratedb.sink.sqlserver.TSql.quoteName;

/**
 * Which permissions the login lacks, and the GRANT for each, before anything is changed. HAS_PERMS_BY_NAME reports
 * effective permissions, so membership in db_owner or sysadmin counts. Queries checked against Microsoft's reference:
 * HAS_PERMS_BY_NAME(securable, securable_class, permission), IS_ROLEMEMBER, IS_SRVROLEMEMBER,
 * sys.dm_exec_connections (encrypt_option, auth_scheme; needs VIEW SERVER STATE), CONNECTIONPROPERTY('auth_scheme').
 */
public final class PermissionCheck {
    private final KeyNames names;
    private final EncryptionMode mode;

    /** @param customKeys true for Encryption key "Custom" (keys exist), false for "Default" (MigrateDB creates them) */
    public PermissionCheck(KeyNames names, boolean customKeys) {
        this(names, customKeys ? EncryptionMode.CUSTOM : EncryptionMode.DEFAULT);
    }

    /**
     * @param mode Default: MigrateDB creates the keys (CONTROL, CREATE CERTIFICATE, ALTER ANY SYMMETRIC KEY); Custom:
     *             the keys exist (CONTROL on the certificate, VIEW DEFINITION on the key); None: no key permission
     */
    public PermissionCheck(KeyNames names, EncryptionMode mode) {
        this.names = names;
        this.mode = mode;
    }

    /** Run on master: may the login create the target database, and does it exist already. */
    public SqlStatement serverQuery() {
        return SqlStatement.of("server permissions of the login", """
                SELECT SUSER_SNAME() AS login_name,
                       CASE WHEN DB_ID(?) IS NULL THEN 0 ELSE 1 END AS database_exists,
                       HAS_PERMS_BY_NAME(NULL, NULL, 'CREATE ANY DATABASE') AS create_any_database""", names.database());
    }

    /** Run in the target database. */
    public SqlStatement databaseQuery() {
        boolean customKeys = mode == EncryptionMode.CUSTOM;
        String keyColumns = mode == EncryptionMode.NONE ? """
                ,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CONTROL') AS control_database""" : customKeys ? """
                ,
                       HAS_PERMS_BY_NAME(?, 'CERTIFICATE', 'CONTROL') AS control_certificate,
                       HAS_PERMS_BY_NAME(?, 'SYMMETRIC KEY', 'VIEW DEFINITION') AS view_symmetric_key""" : """
                ,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CONTROL') AS control_database,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CREATE CERTIFICATE') AS create_certificate,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'ALTER ANY SYMMETRIC KEY') AS alter_any_symmetric_key""";
        String sql = """
                SELECT USER_NAME() AS user_name,
                       IS_ROLEMEMBER('db_owner') AS is_db_owner,
                       IS_SRVROLEMEMBER('sysadmin') AS is_sysadmin,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CREATE TABLE') AS create_table,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CREATE SCHEMA') AS create_schema,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'ALTER ANY SCHEMA') AS alter_any_schema,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'INSERT') AS insert_rows,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'SELECT') AS select_rows,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'UPDATE') AS update_rows,
                       IS_ROLEMEMBER('db_ddladmin') AS is_ddladmin""" + keyColumns;
        return customKeys ? SqlStatement.of("database permissions of the login", sql, names.certificate(), names.symmetricKey())
                : SqlStatement.of("database permissions of the login", sql);
    }

    /** TLS and authentication scheme as the server saw them (needs VIEW SERVER STATE). */
    public SqlStatement connectionQuery() {
        return SqlStatement.of("TLS and authentication of this connection", """
                SELECT encrypt_option, auth_scheme
                FROM sys.dm_exec_connections
                WHERE session_id = @@SPID""");
    }

    /** The authentication scheme without VIEW SERVER STATE. */
    public SqlStatement authSchemeQuery() {
        return SqlStatement.of("authentication of this connection", "SELECT CONVERT(NVARCHAR(40), CONNECTIONPROPERTY('auth_scheme'))");
    }

    /** Findings from a connection to master: CREATE DATABASE, only when the database does not exist yet. */
    public List<PermissionFinding> checkServer(Connection master) throws SQLException {
        return serverFindings(row(master, serverQuery()));
    }

    /** Findings from a connection to the target database. */
    public List<PermissionFinding> checkDatabase(Connection database) throws SQLException {
        return databaseFindings(row(database, databaseQuery()));
    }

    List<PermissionFinding> serverFindings(Map<String, Object> r) {
        if (flag(r.get("database_exists"))) {
            return List.of();
        }
        String login = String.valueOf(r.get("login_name"));
        return List.of(new PermissionFinding("CREATE DATABASE", flag(r.get("create_any_database")), """
                USE [master];
                GRANT CREATE ANY DATABASE TO %s;""".formatted(quoteName(login))));
    }

    List<PermissionFinding> databaseFindings(Map<String, Object> r) {
        String user = quoteName(String.valueOf(r.get("user_name")));
        String use = "USE " + quoteName(names.database()) + ";\n";
        List<PermissionFinding> out = new ArrayList<>();
        out.add(new PermissionFinding("CREATE TABLE", flag(r.get("create_table")), use + "GRANT CREATE TABLE TO " + user + ";"));
        out.add(new PermissionFinding("CREATE SCHEMA", flag(r.get("create_schema")), use + "GRANT CREATE SCHEMA TO " + user + ";"));
        out.add(new PermissionFinding("ALTER ANY SCHEMA", flag(r.get("alter_any_schema")), use + "GRANT ALTER ANY SCHEMA TO " + user + ";"));
        // tables MigrateDB creates belong to the schema's owner, not to the login: writing, verifying and the
        // checkpoint rows need these on the database
        for (String p : List.of("INSERT", "SELECT", "UPDATE")) {
            out.add(new PermissionFinding(p, flag(r.get(p.toLowerCase(java.util.Locale.ROOT) + "_rows")),
                    use + "GRANT " + p + " TO " + user + ";"));
        }
        // DBCC CHECKIDENT (identities continue at the source's next value) wants schema ownership, db_owner,
        // db_ddladmin or sysadmin; CONTROL on the database is counted too
        out.add(new PermissionFinding("DBCC CHECKIDENT (db_ddladmin)", flag(r.get("is_db_owner"))
                || flag(r.get("is_sysadmin")) || flag(r.get("is_ddladmin")) || flag(r.get("control_database")),
                use + "ALTER ROLE [db_ddladmin] ADD MEMBER " + user + ";"));
        if (mode == EncryptionMode.CUSTOM) {
            out.add(new PermissionFinding("CONTROL ON CERTIFICATE " + names.certificate(), flag(r.get("control_certificate")),
                    use + "GRANT CONTROL ON CERTIFICATE::" + quoteName(names.certificate()) + " TO " + user + ";"));
            out.add(new PermissionFinding("VIEW DEFINITION ON SYMMETRIC KEY " + names.symmetricKey(), flag(r.get("view_symmetric_key")),
                    use + "GRANT VIEW DEFINITION ON SYMMETRIC KEY::" + quoteName(names.symmetricKey()) + " TO " + user + ";"));
        } else if (mode == EncryptionMode.DEFAULT) {
            out.add(new PermissionFinding("CONTROL ON DATABASE (CREATE MASTER KEY)", flag(r.get("control_database")),
                    use + "ALTER ROLE [db_owner] ADD MEMBER " + user + ";  -- or: GRANT CONTROL ON DATABASE::"
                            + quoteName(names.database()) + " TO " + user + ";"));
            out.add(new PermissionFinding("CREATE CERTIFICATE", flag(r.get("create_certificate")), use + "GRANT CREATE CERTIFICATE TO " + user + ";"));
            out.add(new PermissionFinding("ALTER ANY SYMMETRIC KEY", flag(r.get("alter_any_symmetric_key")),
                    use + "GRANT ALTER ANY SYMMETRIC KEY TO " + user + ";"));
        }
        return out;
    }

    /** Reads TLS and auth scheme; falls back to CONNECTIONPROPERTY when the login lacks VIEW SERVER STATE. */
    public ConnectionSecurity connectionSecurity(Connection connection) throws SQLException {
        try {
            Map<String, Object> r = row(connection, connectionQuery());
            if (!r.isEmpty()) {
                return new ConnectionSecurity("TRUE".equalsIgnoreCase(String.valueOf(r.get("encrypt_option"))),
                        String.valueOf(r.get("auth_scheme")));
            }
        } catch (SQLException noViewServerState) {
            // fall through: the scheme is still visible to every login
        }
        Map<String, Object> r = row(connection, authSchemeQuery());
        return new ConnectionSecurity(null, r.isEmpty() ? null : String.valueOf(r.values().iterator().next()));
    }

    /** Fails with PERMISSIONS_MISSING listing every missing permission (the GRANTs are in the findings). */
    public static void requireAll(String login, List<PermissionFinding> findings) {
        String missing = findings.stream().filter(f -> !f.granted()).map(PermissionFinding::name)
                .collect(Collectors.joining(", "));
        if (!missing.isEmpty()) {
            throw new MigrationException(SecurityTrouble.PERMISSIONS_MISSING, Map.of("login", login, "missing", missing));
        }
    }

    private static boolean flag(Object v) {
        return v instanceof Number n ? n.intValue() == 1 : v instanceof Boolean b && b;
    }

    private static Map<String, Object> row(Connection c, SqlStatement q) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            for (int i = 0; i < q.parameters().size(); i++) {
                ps.setString(i + 1, q.parameters().get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                Map<String, Object> out = new LinkedHashMap<>();
                if (rs.next()) {
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        out.put(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                    }
                }
                return out;
            }
        }
    }
}
