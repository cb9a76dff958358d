package migratedb.sink.sqlserver;

import migratedb.sink.KeyNames;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PermissionCheckTest {
    private final KeyNames names = new KeyNames("PassTrix", "AmpCert", "AmpKey");
    private final PermissionCheck defaultMode = new PermissionCheck(names, false);
    private final PermissionCheck customMode = new PermissionCheck(names, true);

    @Test
    void serverQueryGolden() {
        assertEquals("""
                SELECT SUSER_SNAME() AS login_name,
                       CASE WHEN DB_ID(?) IS NULL THEN 0 ELSE 1 END AS database_exists,
                       HAS_PERMS_BY_NAME(NULL, NULL, 'CREATE ANY DATABASE') AS create_any_database""",
                defaultMode.serverQuery().sql());
        assertEquals(List.of("PassTrix"), defaultMode.serverQuery().parameters());
    }

    @Test
    void databaseQueryGoldenDefaultMode() {
        assertEquals("""
                SELECT USER_NAME() AS user_name,
                       IS_ROLEMEMBER('db_owner') AS is_db_owner,
                       IS_SRVROLEMEMBER('sysadmin') AS is_sysadmin,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CREATE TABLE') AS create_table,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CREATE SCHEMA') AS create_schema,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'ALTER ANY SCHEMA') AS alter_any_schema,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'INSERT') AS insert_rows,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'SELECT') AS select_rows,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'UPDATE') AS update_rows,
                       IS_ROLEMEMBER('db_ddladmin') AS is_ddladmin,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CONTROL') AS control_database,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CREATE CERTIFICATE') AS create_certificate,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'ALTER ANY SYMMETRIC KEY') AS alter_any_symmetric_key""",
                defaultMode.databaseQuery().sql());
        assertEquals(List.of(), defaultMode.databaseQuery().parameters());
    }

    @Test
    void databaseQueryGoldenCustomMode() {
        assertTrue(customMode.databaseQuery().sql().endsWith("""
                IS_ROLEMEMBER('db_ddladmin') AS is_ddladmin,
                       HAS_PERMS_BY_NAME(?, 'CERTIFICATE', 'CONTROL') AS control_certificate,
                       HAS_PERMS_BY_NAME(?, 'SYMMETRIC KEY', 'VIEW DEFINITION') AS view_symmetric_key"""));
        assertEquals(List.of("AmpCert", "AmpKey"), customMode.databaseQuery().parameters());
    }

    @Test
    void connectionQueriesGolden() {
        assertEquals("""
                SELECT encrypt_option, auth_scheme
                FROM sys.dm_exec_connections
                WHERE session_id = @@SPID""", defaultMode.connectionQuery().sql());
        assertEquals("SELECT CONVERT(NVARCHAR(40), CONNECTIONPROPERTY('auth_scheme'))", defaultMode.authSchemeQuery().sql());
    }

    @Test
    void createDatabaseIsNeededOnlyWhenTheDatabaseIsAbsent() {
        assertEquals(List.of(), defaultMode.serverFindings(Map.of("login_name", "amp", "database_exists", 1, "create_any_database", 0)));
        assertEquals(List.of(new PermissionFinding("CREATE DATABASE", false, """
                USE [master];
                GRANT CREATE ANY DATABASE TO [amp];""")),
                defaultMode.serverFindings(Map.of("login_name", "amp", "database_exists", 0, "create_any_database", 0)));
    }

    @Test
    void missingDatabasePermissionsComeWithTheirGrant() {
        Map<String, Object> row = new HashMap<>(Map.of("user_name", "amp]user", "is_db_owner", 0, "is_sysadmin", 0,
                "create_table", 1, "create_schema", 1, "alter_any_schema", 0, "control_database", 0,
                "create_certificate", 1, "alter_any_symmetric_key", 0));
        row.putAll(Map.of("insert_rows", 1, "select_rows", 1, "update_rows", 0, "is_ddladmin", 0));
        List<PermissionFinding> f = defaultMode.databaseFindings(row);
        assertEquals(List.of(
                new PermissionFinding("CREATE TABLE", true, "USE [PassTrix];\nGRANT CREATE TABLE TO [amp]]user];"),
                new PermissionFinding("CREATE SCHEMA", true, "USE [PassTrix];\nGRANT CREATE SCHEMA TO [amp]]user];"),
                new PermissionFinding("ALTER ANY SCHEMA", false, "USE [PassTrix];\nGRANT ALTER ANY SCHEMA TO [amp]]user];"),
                new PermissionFinding("INSERT", true, "USE [PassTrix];\nGRANT INSERT TO [amp]]user];"),
                new PermissionFinding("SELECT", true, "USE [PassTrix];\nGRANT SELECT TO [amp]]user];"),
                new PermissionFinding("UPDATE", false, "USE [PassTrix];\nGRANT UPDATE TO [amp]]user];"),
                new PermissionFinding("DBCC CHECKIDENT (db_ddladmin)", false,
                        "USE [PassTrix];\nALTER ROLE [db_ddladmin] ADD MEMBER [amp]]user];"),
                new PermissionFinding("CONTROL ON DATABASE (CREATE MASTER KEY)", false,
                        "USE [PassTrix];\nALTER ROLE [db_owner] ADD MEMBER [amp]]user];  -- or: GRANT CONTROL ON DATABASE::[PassTrix] TO [amp]]user];"),
                new PermissionFinding("CREATE CERTIFICATE", true, "USE [PassTrix];\nGRANT CREATE CERTIFICATE TO [amp]]user];"),
                new PermissionFinding("ALTER ANY SYMMETRIC KEY", false, "USE [PassTrix];\nGRANT ALTER ANY SYMMETRIC KEY TO [amp]]user];")), f);

        MigrationException e = assertThrows(MigrationException.class, () -> PermissionCheck.requireAll("amp", f));
        assertEquals(SecurityTrouble.PERMISSIONS_MISSING, e.trouble());
        assertEquals("The login amp lacks permissions the migration needs: ALTER ANY SCHEMA, UPDATE, "
                + "DBCC CHECKIDENT (db_ddladmin), CONTROL ON DATABASE (CREATE MASTER KEY), ALTER ANY SYMMETRIC KEY",
                e.getMessage());
    }

    @Test
    void withoutEncryptionNoKeyPermissionIsAskedOrRequired() {
        PermissionCheck none = new PermissionCheck(names, migratedb.sink.EncryptionMode.NONE);
        assertTrue(none.databaseQuery().sql().endsWith("""
                IS_ROLEMEMBER('db_ddladmin') AS is_ddladmin,
                       HAS_PERMS_BY_NAME(DB_NAME(), 'DATABASE', 'CONTROL') AS control_database"""),
                none.databaseQuery().sql());
        assertEquals(List.of(), none.databaseQuery().parameters());
        Map<String, Object> row = new HashMap<>(Map.of("user_name", "amp", "create_table", 1, "create_schema", 1,
                "alter_any_schema", 1, "control_database", 0, "insert_rows", 1, "select_rows", 1, "update_rows", 1,
                "is_ddladmin", 1));
        List<PermissionFinding> f = none.databaseFindings(row);
        assertEquals(List.of("CREATE TABLE", "CREATE SCHEMA", "ALTER ANY SCHEMA", "INSERT", "SELECT", "UPDATE",
                "DBCC CHECKIDENT (db_ddladmin)"), f.stream().map(PermissionFinding::name).toList());
        PermissionCheck.requireAll("amp", f);
    }

    @Test
    void customModeNeedsControlOnTheCertificateAndSightOfTheKey() {
        Map<String, Object> row = new HashMap<>(Map.of("user_name", "amp", "create_table", 1, "create_schema", 1,
                "alter_any_schema", 1, "control_certificate", 0, "insert_rows", 1, "select_rows", 1, "update_rows", 1,
                "is_ddladmin", 1));
        row.put("view_symmetric_key", null); // HAS_PERMS_BY_NAME gives NULL when the securable is not found
        List<PermissionFinding> f = customMode.databaseFindings(row);
        assertEquals(new PermissionFinding("CONTROL ON CERTIFICATE AmpCert", false,
                "USE [PassTrix];\nGRANT CONTROL ON CERTIFICATE::[AmpCert] TO [amp];"), f.get(7));
        assertEquals(new PermissionFinding("VIEW DEFINITION ON SYMMETRIC KEY AmpKey", false,
                "USE [PassTrix];\nGRANT VIEW DEFINITION ON SYMMETRIC KEY::[AmpKey] TO [amp];"), f.get(8));
        PermissionCheck.requireAll("amp", f.subList(0, 7));
    }
}
