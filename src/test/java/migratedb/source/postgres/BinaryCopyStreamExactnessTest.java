package migratedb.source.postgres;

import migratedb.copy.Chunk;
import migratedb.copy.ChunkPlanner;
import migratedb.it.TestPostgres;
import migratedb.mapping.SchemaConverter;
import migratedb.model.Catalog;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;
import migratedb.sink.KeyNames;
import migratedb.sink.sqlserver.SqlServerDialect;
import migratedb.sink.sqlserver.SqlServerKeyManagement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The COPY binary reader must give, chunk by chunk, exactly the Object[] rows the cursor reader (pgjdbc's typed
 * getters, the reference) gives: same classes, same values (BigDecimal scale included), for every value kind and
 * its edge values. Values the cursor reader cannot read must fail the COPY reader too, as a source read failure.
 */
class BinaryCopyStreamExactnessTest {
    private static String url;
    private static PostgresSource source;
    private static Map<String, TargetTable> tables;
    /** Enough rows that every column's every edge value appears (two rows in three carry values). */
    private static final int ROWS = 60;

    /** Column → its edge values as SQL literals; row r takes value r mod the list's size, so NULLs move around. */
    private static final Map<String, List<String>> EDGES = new java.util.LinkedHashMap<>();

    static {
        EDGES.put("b boolean", List.of("true", "false", "NULL"));
        EDGES.put("i2 smallint", List.of("0", "-32768", "32767", "NULL", "-1"));
        EDGES.put("i4 integer", List.of("0", "-2147483648", "2147483647", "NULL", "42"));
        EDGES.put("i8 bigint", List.of("0", "-9223372036854775808", "9223372036854775807", "NULL", "-7"));
        EDGES.put("f4 real", List.of("'NaN'", "'Infinity'", "'-Infinity'", "'-0'", "1.4e-45", "3.4028235e38",
                "0.1", "NULL"));
        EDGES.put("f8 double precision", List.of("'NaN'", "'Infinity'", "'-Infinity'", "'-0'", "4.9e-324",
                "1.7976931348623157e308", "0.1", "NULL", "-123456.789"));
        EDGES.put("n numeric", List.of("0", "0.000", "-0.5", "1e-30", "0.000000000000000000000000000001000",
                "123456789012345678901234567890.123456789", "1e100", "-1e100", "10000", "-99999.9999", "NULL",
                "1.10", "99999999", "999999999999999999.9999999", "0.0001", "-0.00010000", "12345678.87654321"));
        EDGES.put("n2 numeric(12,2)", List.of("0", "-0.01", "9999999999.99", "NULL", "12.30", "-10000"));
        EDGES.put("nneg numeric(7,-2)", List.of("0", "12300", "-99999900", "NULL", "100"));
        EDGES.put("nbig numeric(38,20)", List.of("0", "123456789012345678.12345678901234567890", "NULL",
                "-0.00000000000000000001"));
        EDGES.put("m money", List.of("0", "12.34", "-92233720368547758.08", "92233720368547758.07", "NULL"));
        EDGES.put("t text", List.of("''", "'plain'", "U&'\\+01F600 emoji'", "U&'e\\0301 combining'",
                "E'ctl \\x01\\x02\\t\\n\\r\\x1f\\x7f end'", "NULL", "repeat('long ', 20000)",
                "'quote '' \"dq\" \\ backslash'", "U&'\\00E9\\00DF\\4E2D\\D55C'"));
        EDGES.put("vc varchar(50)", List.of("''", "'a'", "NULL", "U&'\\+01F600'"));
        EDGES.put("bp char(5)", List.of("''", "'ab'", "'abcde'", "NULL"));
        EDGES.put("nm name", List.of("'pg_class'", "NULL", "''"));
        EDGES.put("ch \"char\"", List.of("'a'", "NULL", "'Z'"));
        EDGES.put("by bytea", List.of("'\\x'", "'\\x000001ff00'", "NULL",
                "decode(repeat('00ff10', 349526), 'hex')"));
        EDGES.put("u uuid", List.of("'00000000-0000-0000-0000-000000000000'",
                "'ffffffff-ffff-ffff-ffff-ffffffffffff'", "'123e4567-e89b-12d3-a456-426614174000'", "NULL"));
        EDGES.put("d date", List.of("'infinity'", "'-infinity'", "'0001-01-01'", "'9999-12-31'",
                "'4713-01-01 BC'", "'0044-03-15 BC'", "'1582-10-10'", "'2000-01-01'", "'1999-12-31'", "NULL",
                "'5874897-12-31'"));
        EDGES.put("tm time", List.of("'00:00:00'", "'23:59:59.999999'", "'24:00:00'", "'12:34:56.789'", "NULL"));
        EDGES.put("tm3 time(3)", List.of("'00:00:00.001'", "NULL", "'24:00:00'"));
        EDGES.put("ts timestamp", List.of("'infinity'", "'-infinity'", "'0001-01-01 00:00:00'",
                "'9999-12-31 23:59:59.999999'", "'0044-03-15 12:00:00.5 BC'", "'4713-01-01 00:00:00 BC'",
                "'1582-10-10 10:10:10'", "'2000-01-01 00:00:00'", "'1999-12-31 23:59:59.999999'", "NULL",
                "'294276-12-31 23:59:59.999999'"));
        EDGES.put("tstz timestamptz", List.of("'0001-01-01 00:00:00+00'", "'9999-12-31 23:59:59.999999+00'",
                "'0044-03-15 12:00:00.5+00 BC'", "'2000-01-01 00:00:00+00'", "'1969-12-31 23:59:59.999999+00'",
                "'2021-03-28 02:30:00+02'", "NULL", "'4713-01-01 00:00:00+00 BC'"));
        EDGES.put("j jsonb", List.of("'{\"a\": [1, 2, {\"b\": null}], \"\u00e9\": \"x\"}'", "'null'", "'[]'", "NULL",
                "'\"\\u00e9\\ud83d\\ude00\"'"));
        EDGES.put("js json", List.of("'{ \"spaced\" :  1 }'", "NULL"));
        EDGES.put("arr integer[]", List.of("'{1,NULL,3}'", "'{}'", "'{{1,2},{3,4}}'", "NULL"));
        EDGES.put("tarr text[]", List.of("ARRAY['a b', 'q\"uote', NULL, '']", "NULL"));
        EDGES.put(("ip inet"), List.of("'10.0.0.1'", "'10.0.0.0/8'", "'::1'", "'2001:db8::1/64'", "NULL"));
        EDGES.put("cid cidr", List.of("'10.0.0.0/8'", "NULL"));
        EDGES.put("iv interval", List.of("'1 year 2 mons -3 days 04:05:06.789'", "'0'", "'-178000000 years'",
                "NULL"));
        EDGES.put("bits bit(4)", List.of("B'1010'", "NULL"));
        EDGES.put("vb varbit", List.of("B''", "B'1'", "NULL"));
        EDGES.put("mood mood", List.of("'happy'", "'sad'", "NULL"));
        EDGES.put("amount positive_amount", List.of("1.50", "NULL", "1e-20"));
        EDGES.put("ttz timetz", List.of("'12:00:00+05:30'", "NULL", "'24:00:00-15:59'"));
        EDGES.put("pt point", List.of("'(1.5,-2)'", "NULL"));
        EDGES.put("tsv tsvector", List.of("'a fat cat'", "NULL"));
        EDGES.put("mac macaddr", List.of("'08:00:2b:01:02:03'", "NULL"));
    }

    @BeforeAll
    static void load() throws SQLException {
        url = TestPostgres.newDatabase("binarycopy");
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement()) {
            st.execute("CREATE TYPE mood AS ENUM ('happy', 'sad')");
            st.execute("CREATE DOMAIN positive_amount AS numeric CHECK (VALUE > 0)");
            String columns = String.join(", ", EDGES.keySet());
            st.execute("CREATE TABLE every_kind (id bigint PRIMARY KEY, " + columns + ")");
            // the same without a key: read in page ranges (ctid)
            st.execute("CREATE TABLE every_kind_keyless (id bigint, " + columns + ")");
            int rows = ROWS;
            for (int r = 0; r < rows; r++) {
                List<String> values = new ArrayList<>();
                values.add(Integer.toString(r - 5));
                for (List<String> edge : EDGES.values()) {
                    // every third row NULL everywhere, else cycle through the edge values
                    values.add(r % 3 == 2 ? "NULL" : edge.get((r - r / 3) % edge.size()));
                }
                String v = String.join(", ", values);
                st.execute("INSERT INTO every_kind VALUES (" + v + ")");
                st.execute("INSERT INTO every_kind_keyless VALUES (" + v + ")");
            }
            // values pgjdbc's typed getters cannot give: both readers must fail on them
            st.execute("CREATE TABLE numeric_nan (id int PRIMARY KEY, n numeric)");
            st.execute("INSERT INTO numeric_nan VALUES (1, 1), (2, 'NaN')");
            st.execute("CREATE TABLE numeric_infinity (id int PRIMARY KEY, n numeric)");
            st.execute("INSERT INTO numeric_infinity VALUES (1, '-Infinity')");
            st.execute("CREATE TABLE timestamptz_infinity (id int PRIMARY KEY, t timestamptz)");
            st.execute("INSERT INTO timestamptz_infinity VALUES (1, 'infinity')");
            // makes the keyless table span several pages
            st.execute("VACUUM ANALYZE");
        }
        source = new PostgresSource(url, "postgres", "");
        try (Connection c = TestPostgres.connect(url)) {
            Catalog catalog = new PostgresCatalogReader().read(c, List.of("public"));
            tables = new SchemaConverter().convert(catalog, new SqlServerDialect(new SqlServerKeyManagement(
                            new KeyNames("Exact", "", ""))), Map.of("public", "dbo"), Set.of(), Set.of())
                    .tables().stream().collect(Collectors.toMap(t -> t.source().name(), Function.identity()));
        }
    }

    @Test
    void everyValueKindAndEdgeValueIsReadAsTheCursorReaderReadsItInEveryKeyRangeChunk() throws Exception {
        TargetTable t = tables.get("every_kind");
        assertEveryKindPresent(t);
        assertTrue(BinaryCopyStream.supports(t));
        List<Chunk> chunks = compareAllChunks(t, 7);
        assertTrue(chunks.size() > 3, "several key-range chunks: " + chunks);
        assertTrue(chunks.get(0).keyRange());
    }

    @Test
    void pageRangeChunksOfAKeylessTableAreReadAlike() throws Exception {
        TargetTable t = tables.get("every_kind_keyless");
        List<Chunk> chunks = compareAllChunks(t, 5);
        assertTrue(chunks.get(0).pageRange(), "page ranges: " + chunks);
    }

    @Test
    void theWholeTableAsOneChunkIsReadAlike() throws Exception {
        TargetTable t = tables.get("every_kind");
        long rows = compare(t, new Chunk(t.sourceName(), 1, null, null, null));
        assertEquals(ROWS, rows);
    }

    @Test
    void valuesTheCursorReaderCannotGiveFailTheCopyReaderAsASourceReadFailure() throws Exception {
        for (String name : List.of("numeric_nan", "numeric_infinity", "timestamptz_infinity")) {
            TargetTable t = tables.get(name);
            Chunk whole = new Chunk(t.sourceName(), 1, null, null, null);
            Throwable cursor = failure(t, whole, false);
            Throwable copy = failure(t, whole, true);
            assertInstanceOf(BatchStream.SourceReadException.class, copy, name);
            assertTrue(((BatchStream.SourceReadException) copy).sqlException().getClass().getName()
                    .startsWith("org.postgresql"), name + ": classified as a source failure");
            assertInstanceOf(BatchStream.SourceReadException.class, cursor, name);
            assertEquals(cursor.getMessage(), copy.getMessage(), name);
            assertEquals(((BatchStream.SourceReadException) cursor).sqlException().getSQLState(),
                    ((BatchStream.SourceReadException) copy).sqlException().getSQLState(), name);
        }
    }

    @Test
    void aTableWithAColumnMovedAsAnotherKindIsLeftToTheCursorReader() {
        TargetTable t = tables.get("every_kind");
        var columns = new ArrayList<>(t.columns());
        var i4 = columns.stream().filter(c -> c.name().equals("i4")).findFirst().orElseThrow();
        columns.set(columns.indexOf(i4), new migratedb.model.TargetColumn(i4.source(), i4.name(), "BIGINT",
                ValueKind.INT64, false, null, false));
        assertFalse(BinaryCopyStream.supports(new TargetTable(t.source(), t.schema(), t.name(), columns)));
    }

    private static void assertEveryKindPresent(TargetTable t) {
        Set<ValueKind> kinds = t.columns().stream().map(c -> c.valueKind()).collect(Collectors.toSet());
        assertEquals(Set.of(ValueKind.values()), kinds, "the table covers every ValueKind");
    }

    /** Plans the table's chunks as the copy engine does and compares both readers on each; returns the chunks. */
    private static List<Chunk> compareAllChunks(TargetTable t, long chunkRows) throws Exception {
        List<Chunk> chunks;
        try (SourceSnapshot snapshot = SourceSnapshot.export(source); Connection c = snapshot.openReader()) {
            chunks = new ChunkPlanner().plan(c, t, chunkRows).chunks();
        }
        long total = 0;
        for (Chunk chunk : chunks) {
            total += compare(t, chunk);
        }
        long expected;
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM " + PostgresTableReader.qualifiedName(t))) {
            rs.next();
            expected = rs.getLong(1);
        }
        assertEquals(expected, total, "every row read once across the chunks");
        return chunks;
    }

    /** Reads the chunk with both readers and asserts the rows equal, value by value and class by class. */
    private static long compare(TargetTable t, Chunk chunk) throws Exception {
        List<Object[]> cursor = read(t, chunk, false);
        List<Object[]> copy = read(t, chunk, true);
        assertEquals(cursor.size(), copy.size(), chunk.describe() + ": row count");
        for (int r = 0; r < cursor.size(); r++) {
            Object[] a = cursor.get(r);
            Object[] b = copy.get(r);
            for (int i = 0; i < a.length; i++) {
                Object x = a[i];
                Object y = b[i];
                String where = chunk.describe() + " row id " + a[0] + " column " + t.columns().get(i).name() + " ("
                        + t.columns().get(i).valueKind() + "): cursor " + show(x) + " copy " + show(y);
                if (x == null || y == null) {
                    assertEquals(x, y, where);
                    continue;
                }
                assertEquals(x.getClass(), y.getClass(), where);
                if (!Arrays.deepEquals(new Object[]{x}, new Object[]{y})) {
                    fail(where);
                }
            }
            assertTrue(Arrays.deepEquals(a, b), chunk.describe() + " row " + r);
        }
        return cursor.size();
    }

    private static String show(Object v) {
        if (v == null) {
            return "null";
        }
        String s = v instanceof byte[] bytes ? bytes.length + " bytes" : String.valueOf(v);
        return s.length() > 80 ? s.substring(0, 80) + "...(" + s.length() + ")" : s + " <" + v.getClass()
                .getSimpleName() + ">";
    }

    private static List<Object[]> read(TargetTable t, Chunk chunk, boolean copy) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (SourceSnapshot snapshot = SourceSnapshot.export(source); Connection c = snapshot.openReader();
             ReadAheadStream s = open(c, t, chunk, copy)) {
            while (s.hasNext()) {
                rows.addAll(s.next());
            }
        }
        // both readers run the same SELECT, but nothing orders it: compare in id order
        rows.sort(Comparator.comparingLong(row -> ((Number) row[0]).longValue()));
        return rows;
    }

    private static ReadAheadStream open(Connection c, TargetTable t, Chunk chunk, boolean copy) {
        PostgresTableReader reader = new PostgresTableReader();
        return copy ? new BinaryCopyStream(c, reader, t, chunk.rangeColumn(), chunk.lo(), chunk.hi(), 3, "copy-test")
                : new BatchStream(c, reader, t, chunk.rangeColumn(), chunk.lo(), chunk.hi(), 4, 3, "cursor-test");
    }

    private static Throwable failure(TargetTable t, Chunk chunk, boolean copy) {
        return assertThrows(RuntimeException.class, () -> read(t, chunk, copy), t.sourceName() + " copy=" + copy);
    }

    @Test
    void closingACopyReaderHalfWayEndsTheCopySoTheConnectionCanBeUsedAgain() throws Exception {
        TargetTable t = tables.get("every_kind");
        try (SourceSnapshot snapshot = SourceSnapshot.export(source); Connection c = snapshot.openReader()) {
            BinaryCopyStream s = new BinaryCopyStream(c, new PostgresTableReader(), t, null, null, null, 1,
                    "copy-cancel-test");
            assertEquals(1, s.next().size());
            s.close();
            c.rollback();
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM every_kind")) {
                rs.next();
                assertEquals(ROWS, rs.getLong(1));
            }
        }
    }
}
