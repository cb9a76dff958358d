package migratedb.sink.sqlserver;

import migratedb.model.Column;
import migratedb.model.Key;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;
import migratedb.sink.KeyNames;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden tests of the T-SQL the copy path emits (run state, staging of protected columns, identity, quoting).
 * Reviewed against Microsoft's T-SQL reference; the schema DDL has its own golden tests.
 */
class SqlServerDialectGoldenTest {
    private final SqlServerDialect dialect = new SqlServerDialect(new SqlServerKeyManagement(
            new KeyNames("PassTrix", "MigrateDBCertificate", "MigrateDBSymmetricKey")));

    private static TargetTable accounts() {
        Column id = new Column("id", 1, "bigint", "int8", Column.TypeKind.BASE, null, null, null, false,
                "nextval('accounts_id_seq'::regclass)", Column.Identity.SERIAL, null);
        Column login = new Column("login]name", 2, "character varying(100)", "varchar", Column.TypeKind.BASE, 100,
                null, null, false, null, Column.Identity.NONE, null);
        Column password = new Column("password", 3, "bytea", "bytea", Column.TypeKind.BASE, null, null, null, false,
                null, Column.Identity.NONE, null);
        Table t = new Table("public", "accounts", List.of(id, login, password), new Key("accounts_pkey", List.of("id")),
                List.of(), List.of(), List.of(), List.of(), 0, 0, null);
        return new TargetTable(t, "dbo", "accounts", List.of(
                new TargetColumn(id, "id", "BIGINT", ValueKind.INT64, false, null, false),
                new TargetColumn(login, "login]name", "NVARCHAR(100)", ValueKind.STRING, false, null, false),
                new TargetColumn(password, "password", "VARBINARY(MAX)", ValueKind.BYTES, false, null, true)));
    }

    @Test
    void quotingDoublesTheClosingBracket() {
        assertEquals("[a]]b;--'c]", dialect.quote("a]b;--'c"));
        assertEquals("[dbo].[x]]y]", dialect.qualify("dbo", "x]y"));
        assertEquals("N'O''Brien'", dialect.literal("O'Brien"));
    }

    @Test
    void runStateTablesAreCreatedOnlyWhenAbsent() {
        assertEquals(List.of(
                "IF OBJECT_ID(N'[dbo].[migratedb_run]', N'U') IS NULL CREATE TABLE [dbo].[migratedb_run] ("
                        + "[run_id] NVARCHAR(64) NOT NULL PRIMARY KEY, [status] NVARCHAR(20) NOT NULL, "
                        + "[config_fingerprint] NVARCHAR(64) NOT NULL, [schema_fingerprint] NVARCHAR(64) NOT NULL, "
                        + "[started_at] DATETIME2(3) NOT NULL, [finished_at] DATETIME2(3) NULL)",
                "IF OBJECT_ID(N'[dbo].[migratedb_chunk]', N'U') IS NULL CREATE TABLE [dbo].[migratedb_chunk] ("
                        + "[run_id] NVARCHAR(64) NOT NULL, [table_name] NVARCHAR(400) NOT NULL, [chunk_no] INT NOT NULL, "
                        + "[range_column] NVARCHAR(128) NULL, [range_lo] BIGINT NULL, [range_hi] BIGINT NULL, "
                        + "[status] NVARCHAR(20) NOT NULL, [rows_read] BIGINT NULL, [rows_written] BIGINT NULL, "
                        + "[rows_rejected] BIGINT NULL, [checksum] NVARCHAR(40) NULL, [attempts] INT NULL, "
                        + "[committed_at] DATETIME2(3) NULL, "
                        + "CONSTRAINT [migratedb_chunk_pk] PRIMARY KEY ([run_id], [table_name], [chunk_no]))"),
                dialect.createRunStateTables("dbo"));
    }

    @Test
    void userTablesQueryIgnoresMigrateDbsOwnTables() {
        assertEquals("SELECT s.name, t.name FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id "
                + "WHERE t.is_ms_shipped = 0 AND t.name NOT IN (N'migratedb_run', N'migratedb_chunk') "
                + "ORDER BY s.name, t.name", dialect.userTablesQuery());
    }

    @Test
    void protectedColumnsAreStagedInClearThenEncryptedIntoTheTableKeepingIdentity() {
        TargetTable t = accounts();
        assertEquals(List.of(
                "IF OBJECT_ID(N'tempdb..#migratedb_stage') IS NOT NULL DROP TABLE #migratedb_stage",
                "CREATE TABLE #migratedb_stage ([id] BIGINT NULL, [login]]name] NVARCHAR(100) COLLATE DATABASE_DEFAULT "
                        + "NULL, "
                        + "[password] VARBINARY(MAX) NULL)"), dialect.createStagingTable(t));
        assertEquals(List.of(
                "IF OBJECTPROPERTY(OBJECT_ID(N'[dbo].[accounts]'), N'TableHasIdentity') = 1 "
                        + "SET IDENTITY_INSERT [dbo].[accounts] ON",
                "INSERT INTO [dbo].[accounts] ([id], [login]]name], [password]) SELECT [id], [login]]name], "
                        + dialect.keys().encryptExpression("[password]", ValueKind.BYTES) + " FROM #migratedb_stage",
                "IF OBJECTPROPERTY(OBJECT_ID(N'[dbo].[accounts]'), N'TableHasIdentity') = 1 "
                        + "SET IDENTITY_INSERT [dbo].[accounts] OFF",
                "TRUNCATE TABLE #migratedb_stage"), dialect.moveFromStagingTable(t));
    }

    @Test
    void verificationDecryptsProtectedColumnsAndReadsAKeyRange() {
        assertEquals("SELECT [id], [login]]name], " + dialect.keys().decryptExpression("[password]", ValueKind.BYTES)
                        + " FROM [dbo].[accounts] WHERE [id] >= ? AND [id] < ?",
                dialect.selectForVerification(accounts(), "id"));
        assertEquals("SELECT COUNT_BIG(*) FROM [dbo].[accounts]", dialect.countSql(accounts()));
    }

    @Test
    void aFailedImportTakesBackItsTableOrItsRows() {
        assertEquals("DROP TABLE [dbo].[accounts]", dialect.dropTableSql(accounts()));
        assertEquals("DELETE FROM [dbo].[accounts]", dialect.deleteAllSql(accounts()));
    }

    @Test
    void identityContinuesAtTheSourcesNextValue() {
        TargetTable t = accounts();
        assertEquals(List.of("IF EXISTS (SELECT 1 FROM [dbo].[accounts]) DBCC CHECKIDENT (N'[dbo].[accounts]', "
                        + "RESEED, 41) ELSE DBCC CHECKIDENT (N'[dbo].[accounts]', RESEED, 42)"),
                dialect.syncIdentity(t, t.columns().get(0), 42));
    }

    @Test
    void transientErrorsAreDeadlocksTimeoutsAndLostConnectionsOnly() {
        assertEquals(true, dialect.isTransient(new java.sql.SQLException("deadlock victim", "40001", 1205)));
        assertEquals(true, dialect.isTransient(new java.sql.SQLException("link failure", "08S01", 0)));
        assertEquals(false, dialect.isTransient(new java.sql.SQLException("duplicate key", "23000", 2627)));
        assertEquals(false, dialect.isTransient(new java.sql.SQLException("conversion failed", "22018", 245)));
    }
}
