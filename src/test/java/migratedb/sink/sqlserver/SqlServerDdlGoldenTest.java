package migratedb.sink.sqlserver;

import migratedb.mapping.SchemaPlan;
import migratedb.model.SchemaNote;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden T-SQL of every constraint kind, verbatim, as SQL Server receives it (reviewed against Microsoft's
 * CREATE TABLE, CREATE INDEX, ALTER TABLE, CREATE SEQUENCE, DBCC CHECKIDENT and sp_addextendedproperty references).
 */
class SqlServerDdlGoldenTest {
    private final SchemaPlan plan = DdlFixture.plan(new SqlServerDialect(new SqlServerKeyManagement(new migratedb.sink.KeyNames("PassTrix", "", ""))));

    @Test
    void beforeTheDataSequencesThenTablesWithIdentityNamedDefaultsAndClusteredPrimaryKeys() {
        assertEquals(List.of(
                "CREATE SEQUENCE [dbo].[numbers] AS BIGINT START WITH 2000 INCREMENT BY 5 MINVALUE 1 "
                        + "MAXVALUE 9223372036854775807 NO CYCLE",
                "CREATE TABLE [dbo].[customers] (\n"
                        + "    [id] BIGINT IDENTITY(1,1) NOT NULL,\n"
                        + "    [name] NVARCHAR(MAX) NOT NULL,\n"
                        + "    CONSTRAINT [customers_pkey] PRIMARY KEY CLUSTERED ([id])\n"
                        + ")",
                "CREATE TABLE [dbo].[orders] (\n"
                        + "    [id] INT IDENTITY(100,10) NOT NULL,\n"
                        + "    [customer_id] BIGINT NOT NULL,\n"
                        + "    [status] NVARCHAR(63) CONSTRAINT [df_orders_status] DEFAULT N'new' NOT NULL,\n"
                        + "    [email] NVARCHAR(100) NULL,\n"
                        + "    [code] NVARCHAR(10) NOT NULL,\n"
                        + "    [created_at] DATETIMEOFFSET(6) CONSTRAINT [df_orders_created_at] DEFAULT "
                        + "SYSDATETIMEOFFSET() NOT NULL,\n"
                        + "    [active] BIT CONSTRAINT [df_orders_active] DEFAULT 1 NOT NULL,\n"
                        + "    [price] DECIMAL(10,2) NOT NULL,\n"
                        + "    [invoice_no] BIGINT CONSTRAINT [df_orders_invoice_no] DEFAULT NEXT VALUE FOR "
                        + "[dbo].[numbers] NULL,\n"
                        + "    [token] UNIQUEIDENTIFIER CONSTRAINT [df_orders_token] DEFAULT NEWID() NOT NULL,\n"
                        + "    [label] NVARCHAR(MAX) CONSTRAINT [df_orders_label] DEFAULT N'it''s' NULL,\n"
                        + "    [due] DATE NULL,\n"
                        + "    CONSTRAINT [orders_pkey] PRIMARY KEY CLUSTERED ([id])\n"
                        + ")"), plan.createStatements());
    }

    @Test
    void afterTheDataUniqueFilteredAndComputedIndexesChecksTrustedForeignKeysAndComments() {
        assertEquals(List.of(
                "ALTER TABLE [dbo].[orders] ADD CONSTRAINT [orders_code_key] UNIQUE NONCLUSTERED ([code])",
                "CREATE UNIQUE NONCLUSTERED INDEX [orders_email_key] ON [dbo].[orders] ([email]) "
                        + "WHERE [email] IS NOT NULL",
                "CREATE NONCLUSTERED INDEX [orders_created_idx] ON [dbo].[orders] ([customer_id] ASC, "
                        + "[created_at] DESC) INCLUDE ([status])",
                "CREATE UNIQUE NONCLUSTERED INDEX [orders_open_idx] ON [dbo].[orders] ([created_at] ASC) "
                        + "WHERE [status] IN (N'new', N'paid') AND [active] = 1",
                "ALTER TABLE [dbo].[orders] ADD [email_lower] AS (LOWER([email]))",
                "CREATE NONCLUSTERED INDEX [orders_email_lower_idx] ON [dbo].[orders] ([email_lower] ASC)",
                // PostgreSQL's unique index holds many NULLs, SQL Server's one: filtered on the nullable columns
                "CREATE UNIQUE NONCLUSTERED INDEX [orders_due_key] ON [dbo].[orders] ([due] ASC, [code] ASC) "
                        + "WHERE [due] IS NOT NULL",
                "CREATE UNIQUE NONCLUSTERED INDEX [orders_active_email_key] ON [dbo].[orders] ([email] ASC) "
                        + "WHERE [active] = 1 AND [email] IS NOT NULL",
                "ALTER TABLE [dbo].[orders] WITH CHECK ADD CONSTRAINT [orders_price_check] CHECK ([price] > 0)",
                "ALTER TABLE [dbo].[orders] WITH NOCHECK ADD CONSTRAINT [orders_code_check] CHECK ((LEN([code] + N'.') - 1) "
                        + ">= 2)",
                "ALTER TABLE [dbo].[orders] WITH CHECK ADD CONSTRAINT [orders_status_enum_check] "
                        + "CHECK ([status] IN (N'new', N'paid', N'it''s shipped'))",
                "ALTER TABLE [dbo].[orders] WITH CHECK ADD CONSTRAINT [orders_price_positive_amount_check] "
                        + "CHECK ([price] > 0)",
                "ALTER TABLE [dbo].[orders] WITH CHECK ADD CONSTRAINT [orders_customer_fk] FOREIGN KEY "
                        + "([customer_id]) REFERENCES [dbo].[customers] ([id]) ON DELETE CASCADE ON UPDATE NO ACTION",
                "ALTER TABLE [dbo].[orders] WITH NOCHECK ADD CONSTRAINT [orders_customer_late_fk] FOREIGN KEY "
                        + "([customer_id]) REFERENCES [dbo].[customers] ([id]) ON DELETE NO ACTION ON UPDATE NO ACTION",
                "EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'People who buy', "
                        + "@level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', "
                        + "@level1name = N'customers'",
                "EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Orders placed', "
                        + "@level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', "
                        + "@level1name = N'orders'",
                "EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'where the receipt goes', "
                        + "@level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', "
                        + "@level1name = N'orders', @level2type = N'COLUMN', @level2name = N'email'"),
                plan.finalizeStatements());
    }

    @Test
    void lastSequencesRestartAndIdentitiesReseedAtTheSourcesNextValueWithItsIncrement() {
        assertEquals(List.of(
                "ALTER SEQUENCE [dbo].[numbers] RESTART WITH 2000",
                "IF EXISTS (SELECT 1 FROM [dbo].[customers]) DBCC CHECKIDENT (N'[dbo].[customers]', RESEED, 41) "
                        + "ELSE DBCC CHECKIDENT (N'[dbo].[customers]', RESEED, 42)",
                "IF EXISTS (SELECT 1 FROM [dbo].[orders]) DBCC CHECKIDENT (N'[dbo].[orders]', RESEED, 990) "
                        + "ELSE DBCC CHECKIDENT (N'[dbo].[orders]', RESEED, 1000)"), plan.syncStatements());
    }

    @Test
    void whatIsNotConvertedIsNotedWithTheReason() {
        List<String> notes = plan.notes().stream().map(n -> n.issue() + " " + n.object() + " " + n.column()).toList();
        assertEquals(List.of("DEFAULT_NOT_TRANSLATED null due", "INDEX_ON_COMPUTED_COLUMN orders_email_lower_idx null",
                "INDEX_NOT_CONVERTED orders_label_trgm null",
                // lower(label) over NVARCHAR(MAX) would be a MAX computed column, which SQL Server cannot index
                "INDEX_NOT_CONVERTED orders_label_lower_idx label",
                "CHECK_NOT_TRANSLATED orders_email_check null", "OBJECT_NOT_CONVERTED public.open_orders null"),
                notes);
        SchemaNote view = plan.notes().get(5);
        assertTrue(view.suggestion().startsWith("CREATE VIEW [dbo].[open_orders] AS\nSELECT id FROM orders"));
    }

    @Test
    void theScriptRunsWithSqlcmdInGoSeparatedBatchesAndTheIndexSessionOptions() {
        String script = plan.script("header");
        assertTrue(script.startsWith("-- header\nSET XACT_ABORT ON;\nSET ANSI_NULLS, ANSI_PADDING, ANSI_WARNINGS, "
                + "ARITHABORT, CONCAT_NULL_YIELDS_NULL, QUOTED_IDENTIFIER ON;\nSET NUMERIC_ROUNDABORT OFF;\nGO\n"),
                script);
        assertEquals(plan.allStatements().size() + 1, script.split("\nGO\n").length);
    }

    /**
     * An allowed case collision: the key's column gets a binary collation, written right after the type as CREATE
     * TABLE's column_definition wants it (before DEFAULT and NULL); the key itself is unchanged.
     */
    @Test
    void aColumnGivenABinaryCollationCarriesItsCollateClauseInCreateTable() {
        SqlServerDialect d = new SqlServerDialect(new SqlServerKeyManagement(new migratedb.sink.KeyNames("PassTrix",
                "", "")));
        SchemaPlan binary = new migratedb.mapping.SchemaConverter().convert(DdlFixture.catalog(), d,
                java.util.Map.of("public", "dbo"), java.util.Set.of(), java.util.Set.of(),
                migratedb.mapping.TypeOverrides.none(), List.of(new migratedb.mapping.KeyCollations.ColumnCollation(
                        "public.orders", "code", "Latin1_General_100_BIN2", "key orders_code_key"),
                        new migratedb.mapping.KeyCollations.ColumnCollation("public.orders", "status",
                                "Latin1_General_100_BIN2", "test")));

        String orders = binary.createStatements().get(2);
        assertTrue(orders.contains("    [code] NVARCHAR(10) COLLATE Latin1_General_100_BIN2 NOT NULL,\n"), orders);
        assertTrue(orders.contains("    [status] NVARCHAR(63) COLLATE Latin1_General_100_BIN2 CONSTRAINT "
                + "[df_orders_status] DEFAULT N'new' NOT NULL,\n"), orders);
        assertTrue(orders.contains("    [email] NVARCHAR(100) NULL,\n"), "other columns keep the database's");
        assertEquals(plan.finalizeStatements(), binary.finalizeStatements(), "the keys are created as before");
    }

    @Test
    void everyIdentifierGoesThroughTheOneQuoteFunctionThatDoublesTheClosingBracket() {
        SqlServerDialect d = new SqlServerDialect(new SqlServerKeyManagement(new migratedb.sink.KeyNames("PassTrix", "", "")));
        assertEquals("[a]]b]", d.quote("a]b"));
        assertEquals("[dbo].[x]]]]y]", d.qualify("dbo", "x]]y"));
        assertEquals("N'it''s'", d.literal("it's"));
    }
}
