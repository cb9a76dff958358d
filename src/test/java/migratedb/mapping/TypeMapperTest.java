package migratedb.mapping;

import migratedb.model.Column;
import migratedb.model.Index;
import migratedb.model.Key;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.UserType;
import migratedb.model.ValueKind;
import migratedb.troubleshoot.MigrationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's mapping table, row by row: PostgreSQL type → T-SQL type, value kind, lossy or not. */
class TypeMapperTest {

    static Column column(String sourceType, String baseType, Column.TypeKind kind, Integer length, Integer precision,
                         Integer scale) {
        return new Column("c", 1, sourceType, baseType, kind, length, precision, scale, true, null,
                Column.Identity.NONE, null);
    }

    @ParameterizedTest(name = "{0} -> {6}")
    @CsvSource(delimiter = ';', nullValues = "-", value = {
            "smallint;int2;BASE;-;-;-;SMALLINT;INT16;false",
            "integer;int4;BASE;-;-;-;INT;INT32;false",
            "bigint;int8;BASE;-;-;-;BIGINT;INT64;false",
            "numeric(12,2);numeric;BASE;-;12;2;DECIMAL(12,2);DECIMAL;false",
            "numeric;numeric;BASE;-;-;-;DECIMAL(38,10);DECIMAL;true",
            "numeric(50,10);numeric;BASE;-;50;10;DECIMAL(38,10);DECIMAL;true",
            "numeric(5,-2);numeric;BASE;-;5;-2;DECIMAL(7,0);DECIMAL;false",
            "real;float4;BASE;-;-;-;REAL;FLOAT32;false",
            "double precision;float8;BASE;-;-;-;FLOAT;FLOAT64;false",
            "money;money;BASE;-;-;-;DECIMAL(19,2);DECIMAL;false",
            "boolean;bool;BASE;-;-;-;BIT;BOOLEAN;false",
            "character varying(50);varchar;BASE;50;-;-;NVARCHAR(50);STRING;false",
            "character varying(5000);varchar;BASE;5000;-;-;NVARCHAR(MAX);STRING;false",
            "character varying;varchar;BASE;-;-;-;NVARCHAR(MAX);STRING;false",
            "character(3);bpchar;BASE;3;-;-;NCHAR(3);STRING;false",
            "text;text;BASE;-;-;-;NVARCHAR(MAX);STRING;false",
            "citext;citext;BASE;-;-;-;NVARCHAR(MAX);STRING;false",
            "name;name;BASE;-;-;-;NVARCHAR(63);STRING;false",
            "\"char\";char;BASE;-;-;-;NVARCHAR(4);STRING;false",
            "bytea;bytea;BASE;-;-;-;VARBINARY(MAX);BYTES;false",
            "uuid;uuid;BASE;-;-;-;UNIQUEIDENTIFIER;UUID;false",
            "date;date;BASE;-;-;-;DATE;DATE;false",
            "time without time zone;time;BASE;-;-;-;TIME(6);TIME;false",
            "time(0) without time zone;time;BASE;-;0;-;TIME(0);TIME;false",
            "time with time zone;timetz;BASE;-;-;-;NVARCHAR(32);STRING;true",
            "timestamp without time zone;timestamp;BASE;-;-;-;DATETIME2(6);TIMESTAMP;false",
            "timestamp(3) without time zone;timestamp;BASE;-;3;-;DATETIME2(3);TIMESTAMP;false",
            "timestamp with time zone;timestamptz;BASE;-;-;-;DATETIMEOFFSET(6);TIMESTAMPTZ;false",
            "interval;interval;BASE;-;-;-;NVARCHAR(100);STRING;true",
            "json;json;BASE;-;-;-;NVARCHAR(MAX);STRING;false",
            "jsonb;jsonb;BASE;-;-;-;NVARCHAR(MAX);STRING;false",
            "xml;xml;BASE;-;-;-;NVARCHAR(MAX);STRING;false",
            "inet;inet;BASE;-;-;-;NVARCHAR(50);STRING;false",
            "cidr;cidr;BASE;-;-;-;NVARCHAR(50);STRING;false",
            "macaddr;macaddr;BASE;-;-;-;NVARCHAR(17);STRING;false",
            "macaddr8;macaddr8;BASE;-;-;-;NVARCHAR(23);STRING;false",
            "bit(8);bit;BASE;8;-;-;NCHAR(8);STRING;false",
            "bit varying(16);varbit;BASE;16;-;-;NVARCHAR(16);STRING;false",
            "bit varying;varbit;BASE;-;-;-;NVARCHAR(MAX);STRING;false",
            "tsvector;tsvector;BASE;-;-;-;NVARCHAR(MAX);STRING;true",
            "text[];_text;ARRAY;-;-;-;NVARCHAR(MAX);STRING;true",
            "int4range;int4range;RANGE;-;-;-;NVARCHAR(MAX);STRING;true",
            "mood;mood;ENUM;-;-;-;NVARCHAR(63);STRING;false",
            "point;point;BASE;-;-;-;NVARCHAR(MAX);STRING;true"})
    void mapsEveryBuiltInTypeAsTheMappingTableSays(String sourceType, String baseType, String kind, Integer length,
                                                  Integer precision, Integer scale, String sqlType, String valueKind,
                                                  boolean lossy) {
        TargetColumn c = new TypeMapper().map(column(sourceType, baseType, Column.TypeKind.valueOf(kind), length,
                precision, scale));

        assertEquals(sqlType, c.sqlType());
        assertEquals(ValueKind.valueOf(valueKind), c.valueKind());
        assertEquals(lossy, c.lossy(), c.note());
    }

    private static Table table(List<Column> columns, Key pk, List<Key> uniques, List<Index> indexes) {
        return new Table("public", "t", columns, pk, uniques, List.of(), List.of(), indexes, 0, 0, null);
    }

    private static Column named(String name, String sourceType, String baseType) {
        return new Column(name, 1, sourceType, baseType, Column.TypeKind.BASE, null, null, null, false, null,
                Column.Identity.NONE, null);
    }

    @Test
    void unboundedKeyColumnsAreSizedSoSqlServerCanIndexThem() {
        Table t = table(List.of(named("k", "text", "text"), named("u", "text", "text"), named("i", "bytea", "bytea"),
                        named("free", "text", "text")), new Key("t_pkey", List.of("k")),
                List.of(new Key("t_u_key", List.of("u"))),
                List.of(new Index("t_i_idx", List.of(new Index.IndexColumn("i", false, false)), false, "btree", null,
                        null)));

        TargetTable mapped = new TypeMapper().map(t, "dbo", Set.of());

        assertEquals("NVARCHAR(450)", mapped.column("k").orElseThrow().sqlType(), "900 bytes clustered");
        assertEquals("NVARCHAR(850)", mapped.column("u").orElseThrow().sqlType(), "1700 bytes nonclustered");
        assertEquals("VARBINARY(1700)", mapped.column("i").orElseThrow().sqlType());
        assertEquals("NVARCHAR(MAX)", mapped.column("free").orElseThrow().sqlType());
    }

    @Test
    void overridesWinPerColumnOverPerTypeAndAreNamedInTheNote() {
        Table t = table(List.of(named("a", "text", "text"), named("b", "text", "text"), named("n", "bigint", "int8")),
                null, List.of(), List.of());
        TypeOverrides o = TypeOverrides.of(Map.of("mapping.type.text", "NVARCHAR(400)",
                "mapping.column.public.t.b", "varchar(10)", "mapping.type.bigint", "INT"));

        TargetTable mapped = new TypeMapper(o, List.of()).map(t, "dbo", Set.of());

        assertEquals("NVARCHAR(400)", mapped.column("a").orElseThrow().sqlType());
        TargetColumn b = mapped.column("b").orElseThrow();
        assertEquals("VARCHAR(10)", b.sqlType());
        assertTrue(b.lossy() && b.note().contains("code page"), b.note());
        TargetColumn n = mapped.column("n").orElseThrow();
        assertEquals("INT", n.sqlType());
        assertEquals(ValueKind.INT32, n.valueKind());
        assertTrue(n.lossy(), "narrower integer");
        assertTrue(n.note().startsWith("override mapping.type.bigint"), n.note());
    }

    @Test
    void anOverrideThatCannotCarryTheValuesIsRefusedWithTheKeyNamed() {
        Table t = table(List.of(named("d", "date", "date")), null, List.of(), List.of());
        TypeOverrides o = TypeOverrides.of(Map.of("mapping.column.public.t.d", "INT"));

        MigrationException e = assertThrows(MigrationException.class,
                () -> new TypeMapper(o, List.of()).map(t, "dbo", Set.of()));

        assertEquals(MappingTrouble.OVERRIDE_INCOMPATIBLE, e.trouble());
        assertTrue(e.getMessage().contains("mapping.column.public.t.d=INT"), e.getMessage());
        assertThrows(MigrationException.class, () -> TypeOverrides.of(Map.of("mapping.type.text", "STRING(10)")));
        assertThrows(MigrationException.class, () -> TypeOverrides.of(Map.of("mapping.tpye.text", "NVARCHAR(10)")));
    }

    @Test
    void aDomainOverAnEnumMapsAsTheEnum() {
        Column c = new Column("mood", 1, "happy_mood", "mood", Column.TypeKind.DOMAIN, null, null, null, true, null,
                Column.Identity.NONE, null);
        TypeMapper m = new TypeMapper(TypeOverrides.none(), List.of(new UserType("public", "mood", "mood",
                UserType.Kind.ENUM, null, List.of("sad", "ok"), List.of())));

        TargetTable t = m.map(table(List.of(c), null, List.of(), List.of()), "dbo", Set.of());

        assertEquals("NVARCHAR(63)", t.columns().get(0).sqlType());
        assertFalse(t.columns().get(0).lossy());
    }

    @Test
    void overridesComeFromTheSettingsEvenForAColumnNamedPassword() {
        migratedb.config.Settings s = migratedb.config.Settings.of(Map.of(
                "mapping.column.public.users.password", "VARBINARY(256)"));

        TypeOverrides o = TypeOverrides.load(null, s);

        assertEquals("VARBINARY(256)", o.find("public.users", "password", "bytea", "bytea").orElseThrow().type()
                .toString());
    }
}
