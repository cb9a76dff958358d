package migratedb.sink.sqlserver;

import migratedb.model.Column;
import migratedb.model.TargetColumn;
import migratedb.model.ValueKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CHECK expressions, filtered-index predicates and index expressions as PostgreSQL prints them, in T-SQL. */
class ExpressionTranslatorTest {
    private static final Map<String, ValueKind> COLUMNS = Map.ofEntries(Map.entry("price", ValueKind.DECIMAL),
            Map.entry("qty", ValueKind.INT32), Map.entry("status", ValueKind.STRING),
            Map.entry("email", ValueKind.STRING), Map.entry("active", ValueKind.BOOLEAN),
            Map.entry("closed_at", ValueKind.TIMESTAMPTZ), Map.entry("starts", ValueKind.DATE),
            Map.entry("ends", ValueKind.DATE), Map.entry("n", ValueKind.INT32), Map.entry("code", ValueKind.STRING),
            Map.entry("blob", ValueKind.BYTES));
    /** Source base types where they matter (char(n) and bytea); the others are varchar-like. */
    private static final Map<String, String> BASE_TYPES = Map.of("code", "bpchar", "blob", "bytea");

    private static ExpressionTranslator translator(String domainColumn) {
        return new ExpressionTranslator(new SqlServerDialect(new SqlServerKeyManagement(new migratedb.sink.KeyNames("PassTrix", "", ""))), name -> Optional.ofNullable(COLUMNS.get(name))
                .map(k -> new TargetColumn(new Column(name, 1, "t", BASE_TYPES.getOrDefault(name, "t"),
                        Column.TypeKind.BASE, null, null, null, true, null, Column.Identity.NONE, null), name, "X", k,
                        false, null, false)), domainColumn);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "((price > (0)::numeric))|[price] > 0",
            "(((status)::text = ANY ((ARRAY['view'::character varying, 'use'::character varying])::text[])))|[status] IN (N'view', N'use')",
            "(((status)::text <> ALL ((ARRAY['x'::character varying])::text[])))|[status] NOT IN (N'x')",
            "(((qty >= 0) AND (qty <= 100)))|([qty] >= 0 AND [qty] <= 100)",
            "(((closed_at IS NULL) OR (ends >= starts)))|([closed_at] IS NULL OR [ends] >= [starts])",
            "((email)::text ~~ '%@%'::text)|[email] LIKE N'%@%'",
            "((email)::text !~~ '% %'::text)|[email] NOT LIKE N'% %'",
            // LEN ignores trailing spaces, PostgreSQL's length counts them (but not a char(n)'s padding)
            "(char_length((email)::text) >= 3)|(LEN([email] + N'.') - 1) >= 3",
            "(length((code)::text) = 3)|LEN([code]) = 3",
            "(length(blob) <= 16)|DATALENGTH([blob]) <= 16",
            "(upper((status)::text) = (status)::text)|UPPER([status]) = [status]",
            "(btrim((email)::text) <> ''::text)|LTRIM(RTRIM([email])) <> N''",
            "(NOT active)|[active] = 0",
            "active|[active] = 1",
            "(active = true)|[active] = 1",
            "(active IS NOT TRUE)|[active] <> 1",
            "((qty % 2) = 0)|([qty] % 2) = 0",
            "(mod(qty, 2) = 1)|([qty] % 2) = 1",
            "(starts <= CURRENT_DATE)|[starts] <= CAST(SYSDATETIME() AS DATE)",
            "(closed_at <= now())|[closed_at] <= SYSDATETIMEOFFSET()",
            "(starts >= '2020-01-01'::date)|[starts] >= CAST(N'2020-01-01' AS DATE)",
            "(price <> (-1)::numeric)|[price] <> -1",
            "(NOT ((status)::text = 'x'::text))|NOT ([status] = N'x')",
            "((status)::text ~ '^[a-z]+$'::text)|-",
            "(jsonb_typeof(status) = 'object'::text)|-",
            "(CASE WHEN active THEN qty > 0 ELSE true END)|-",
            "(unknown_column > 0)|-"})
    void checkConstraints(String pg, String tsql) {
        assertEquals(Optional.ofNullable(tsql), translator(null).predicate(pg));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "(closed_at IS NULL)|[closed_at] IS NULL",
            "((status)::text = 'open'::text)|[status] = N'open'",
            "((0 < qty) AND active)|[qty] > 0 AND [active] = 1",
            "(NOT active)|[active] = 0",
            "(status = ANY (ARRAY['new'::order_status, 'paid'::order_status]))|[status] IN (N'new', N'paid')",
            "((qty > 0) OR active)|-",
            "((qty % 2) = 1)|-",
            "(lower((email)::text) = 'x'::text)|-",
            "(ends > starts)|-"})
    void filteredIndexesOnlyWhereSqlServersFilterGrammarAllows(String pg, String tsql) {
        assertEquals(Optional.ofNullable(tsql), translator(null).filter(pg));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "lower((email)::text)|LOWER([email])",
            "(qty * 2)|([qty] * 2)",
            "COALESCE(qty, 0)|COALESCE([qty], 0)",
            "((status)::text || (email)::text)|([status] + [email])",
            "date_trunc('day'::text, closed_at)|-"})
    void indexExpressionsForComputedColumns(String pg, String tsql) {
        assertEquals(Optional.ofNullable(tsql), translator(null).value(pg));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "(VALUE > 0)|[qty] > 0",
            "(char_length((VALUE)::text) >= 2)|(LEN([qty] + N'.') - 1) >= 2"})
    void domainChecksApplyToTheColumn(String pg, String tsql) {
        assertEquals(Optional.of(tsql), translator("qty").predicate(pg));
    }
}
