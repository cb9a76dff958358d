package migratedb.sink.h2;

import migratedb.mapping.SchemaConverter;
import migratedb.mapping.SchemaPlan;
import migratedb.mapping.TypeOverrides;
import migratedb.model.Catalog;
import migratedb.model.Column;
import migratedb.model.Key;
import migratedb.model.Table;
import migratedb.sink.KeyNames;
import migratedb.sink.sqlserver.SqlServerDialect;
import migratedb.sink.sqlserver.SqlServerKeyManagement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The stand-in's columns refuse the values SQL Server's types cannot hold (NaN, the infinities, years outside each
 * type's range) and keep every value at the edge of the range; SQL Server's own DDL gets no such constraint.
 */
class H2ValueRangeTest {
    private final Connection h2;

    H2ValueRangeTest() throws SQLException {
        h2 = DriverManager.getConnection("jdbc:h2:mem:ranges" + UUID.randomUUID() + ";MODE=MSSQLServer;"
                + "DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;INIT=CREATE SCHEMA IF NOT EXISTS dbo\\;"
                + "SET SCHEMA dbo", "sa", "");
    }

    @AfterEach
    void close() throws SQLException {
        h2.close();
    }

    private static Column column(String name, String pgType, String udt) {
        return new Column(name, 1, pgType, udt, Column.TypeKind.BASE, null, null, null, true, null,
                Column.Identity.NONE, null);
    }

    /** One column per range: float8, float4, date, timestamp, timestamptz, and two timestamps overridden. */
    private static SchemaPlan plan(migratedb.sink.TargetDialect dialect) {
        Table t = new Table("public", "samples", List.of(new Column("id", 1, "integer", "int4", Column.TypeKind.BASE,
                null, null, null, false, null, Column.Identity.NONE, null), column("f8", "double precision", "float8"),
                column("f4", "real", "float4"), column("d", "date", "date"),
                column("ts", "timestamp without time zone", "timestamp"),
                column("tz", "timestamp with time zone", "timestamptz"),
                column("legacy", "timestamp without time zone", "timestamp"),
                column("small", "timestamp without time zone", "timestamp")),
                new Key("samples_pkey", List.of("id")), List.of(), List.of(), List.of(), List.of(), 0, 0, null);
        return new SchemaConverter().convert(new Catalog("ranges", "16", List.of(t), List.of(), List.of()), dialect,
                Map.of("public", "dbo"), Set.of(), Set.of(), TypeOverrides.of(Map.of(
                        "mapping.column.public.samples.legacy", "DATETIME",
                        "mapping.column.public.samples.small", "SMALLDATETIME")), List.of());
    }

    private void insert(String column, String value) throws SQLException {
        try (Statement st = h2.createStatement()) {
            st.execute("INSERT INTO dbo.samples (id, " + column + ") VALUES ((SELECT COALESCE(MAX(id), 0) + 1 "
                    + "FROM dbo.samples), " + value + ")");
        }
    }

    private void refused(String column, String value) {
        SQLException e = assertThrows(SQLException.class, () -> insert(column, value), column + " = " + value);
        assertEquals(23513, e.getErrorCode(), e.getMessage());
    }

    private void kept(String column, String value) {
        assertDoesNotThrow(() -> insert(column, value), column + " = " + value);
    }

    @Test
    void eachColumnRefusesWhatItsSqlServerTypeCannotHoldAndKeepsItsEdges() throws SQLException {
        try (Statement st = h2.createStatement()) {
            for (String sql : plan(new H2Dialect(new H2KeyManagement(new KeyNames("ranges", "", ""))))
                    .createStatements()) {
                st.execute(sql);
            }
        }
        for (String bad : List.of("CAST('NaN' AS DOUBLE PRECISION)", "CAST('Infinity' AS DOUBLE PRECISION)",
                "CAST('-Infinity' AS DOUBLE PRECISION)")) {
            refused("f8", bad);
        }
        kept("f8", "CAST(1.7976931348623157E308 AS DOUBLE PRECISION)");
        kept("f8", "CAST(-4.9E-324 AS DOUBLE PRECISION)");
        refused("f4", "CAST('NaN' AS REAL)");
        refused("f4", "CAST('-Infinity' AS REAL)");
        kept("f4", "CAST(3.4028235E38 AS REAL)");
        refused("d", "DATE '-0043-03-15'"); // 44 BC
        refused("d", "DATE '10000-01-01'");
        kept("d", "DATE '0001-01-01'");
        kept("d", "DATE '9999-12-31'");
        refused("ts", "TIMESTAMP '10000-01-01 00:00:00'");
        kept("ts", "TIMESTAMP '9999-12-31 23:59:59.999999'");
        refused("tz", "TIMESTAMP WITH TIME ZONE '0000-12-31 23:00:00+00'");
        kept("tz", "TIMESTAMP WITH TIME ZONE '0001-01-01 00:00:00+00'");
        refused("legacy", "TIMESTAMP '1752-12-31 23:59:59'");
        kept("legacy", "TIMESTAMP '1753-01-01 00:00:00'");
        refused("small", "TIMESTAMP '2079-06-07 00:00:00'");
        refused("small", "TIMESTAMP '1899-12-31 23:59:00'");
        kept("small", "TIMESTAMP '2079-06-06 23:59:00'");
        kept("f8", "NULL");
    }

    @Test
    void sqlServersOwnTablesGetNoRangeConstraint() {
        String ddl = String.join("\n", plan(new SqlServerDialect(new SqlServerKeyManagement(
                new KeyNames("ranges", "", "")))).createStatements());
        assertFalse(ddl.contains("CHECK"), ddl);
        assertFalse(ddl.contains("$range"), ddl);
    }
}
