package migratedb.sink.h2;

import migratedb.mapping.KeyCollations;
import migratedb.mapping.SchemaConverter;
import migratedb.mapping.SchemaPlan;
import migratedb.mapping.TypeOverrides;
import migratedb.model.Catalog;
import migratedb.model.Column;
import migratedb.model.ForeignKey;
import migratedb.model.Index;
import migratedb.model.Key;
import migratedb.model.Table;
import migratedb.sink.KeyNames;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stand-in's keys compare as SQL Server's do under its default collation: case ignored, trailing spaces (U+0020
 * only) ignored, at the same step — a primary key while the rows arrive, unique keys when finalize creates them —
 * and a column MigrateDB gives a binary collation compares case-sensitively, still ignoring trailing spaces.
 */
class H2KeyComparisonTest {
    private final Connection h2;

    H2KeyComparisonTest() throws SQLException {
        h2 = DriverManager.getConnection("jdbc:h2:mem:keys" + UUID.randomUUID() + ";MODE=MSSQLServer;"
                + "DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;INIT=CREATE SCHEMA IF NOT EXISTS dbo\\;"
                + "SET SCHEMA dbo", "sa", "");
    }

    @AfterEach
    void close() throws SQLException {
        h2.close();
    }

    private static Column text(String name, int length, boolean nullable) {
        return new Column(name, 1, "character varying(" + length + ")", "varchar", Column.TypeKind.BASE, length, null,
                null, nullable, null, Column.Identity.NONE, null);
    }

    private static Column integer(String name) {
        return new Column(name, 1, "integer", "int4", Column.TypeKind.BASE, null, null, null, false, null,
                Column.Identity.NONE, null);
    }

    /** users(id PK, login UNIQUE NOT NULL, email UNIQUE NULL, code unique index); tags(name PK); grants(login FK). */
    private static Catalog catalog() {
        Table users = new Table("public", "users", List.of(integer("id"), text("login", 40, false),
                text("email", 80, true), text("code", 10, true)), new Key("users_pkey", List.of("id")),
                List.of(new Key("users_login_key", List.of("login")), new Key("users_email_key", List.of("email"))),
                List.of(), List.of(), List.of(new Index("users_code_idx", List.of(new Index.IndexColumn("code",
                false, false)), true, "btree", null, List.of())), 0, 0, null);
        Table tags = new Table("public", "tags", List.of(text("name", 20, false)), new Key("tags_pkey",
                List.of("name")), List.of(), List.of(), List.of(), List.of(), 0, 0, null);
        Table grants = new Table("public", "grants", List.of(integer("id"), text("login", 40, false)),
                new Key("grants_pkey", List.of("id")), List.of(), List.of(new ForeignKey("grants_login_fkey",
                List.of("login"), "public", "users", List.of("login"), "NO ACTION", "NO ACTION")), List.of(),
                List.of(), 0, 0, null);
        return new Catalog("keys", "16", List.of(users, tags, grants), List.of(), List.of());
    }

    private SchemaPlan plan(String collation, List<KeyCollations.ColumnCollation> collations) {
        H2Dialect dialect = new H2Dialect(new H2KeyManagement(new KeyNames("keys", "", "")), collation);
        return new SchemaConverter().convert(catalog(), dialect, Map.of("public", "dbo"), Set.of(), Set.of(),
                TypeOverrides.none(), collations);
    }

    private void run(List<String> statements) throws SQLException {
        try (Statement st = h2.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private void insert(String sql) throws SQLException {
        run(List.of(sql));
    }

    private static void assertDuplicateKey(SQLException e) {
        assertEquals(23505, e.getErrorCode(), e.getMessage());
    }

    @Test
    void aPrimaryKeyRefusesValuesThatDifferOnlyByCaseOrTrailingSpacesWhileTheRowsArrive() throws SQLException {
        run(plan("SQL_Latin1_General_CP1_CI_AS", List.of()).createStatements());

        insert("INSERT INTO dbo.tags (name) VALUES ('Admin')");
        assertDuplicateKey(assertThrows(SQLException.class, () -> insert("INSERT INTO dbo.tags (name) VALUES ('admin')")));
        assertDuplicateKey(assertThrows(SQLException.class, () -> insert("INSERT INTO dbo.tags (name) VALUES ('Admin ')")));
        // SQL Server ignores U+0020 only: a tab or a no-break space keeps the values apart
        assertDoesNotThrow(() -> insert("INSERT INTO dbo.tags (name) VALUES ('Admin' || CHAR(9))"));
        assertDoesNotThrow(() -> insert("INSERT INTO dbo.tags (name) VALUES ('Admin' || CHAR(160))"));
    }

    @Test
    void aUniqueKeyOverCaseOnlyDuplicatesFailsWhenFinalizeCreatesItAndTheRowsArrivedBefore() throws SQLException {
        SchemaPlan plan = plan("SQL_Latin1_General_CP1_CI_AS", List.of());
        run(plan.createStatements());
        insert("INSERT INTO dbo.users (id, login) VALUES (1, 'Alice'), (2, 'alice')");

        assertDuplicateKey(assertThrows(SQLException.class, () -> run(plan.finalizeStatements())));
    }

    @Test
    void aUniqueKeyOverTrailingSpaceDuplicatesFailsInFinalizeEvenUnderABinaryCollation() throws SQLException {
        SchemaPlan ci = plan("SQL_Latin1_General_CP1_CI_AS", List.of());
        run(ci.createStatements());
        insert("INSERT INTO dbo.users (id, login) VALUES (1, 'bob'), (2, 'bob ')");
        assertDuplicateKey(assertThrows(SQLException.class, () -> run(ci.finalizeStatements())));
    }

    @Test
    void aColumnGivenABinaryCollationKeepsCaseOnlyDuplicatesApartButNotTrailingSpaces() throws SQLException {
        SchemaPlan plan = plan("SQL_Latin1_General_CP1_CI_AS", KeyCollations.decide(
                plan("SQL_Latin1_General_CP1_CI_AS", List.of()).tables(),
                List.of(new KeyCollations.Collision("public.users", "users_login_key", List.of("login"),
                        "'Alice' = 'alice'")), "SQL_Latin1_General_CP1_CI_AS"));
        run(plan.createStatements());
        insert("INSERT INTO dbo.users (id, login) VALUES (1, 'Alice'), (2, 'alice')");
        insert("INSERT INTO dbo.grants (id, login) VALUES (1, 'alice')");

        assertDoesNotThrow(() -> run(plan.finalizeStatements()));
        assertDuplicateKey(assertThrows(SQLException.class,
                () -> insert("INSERT INTO dbo.users (id, login) VALUES (3, 'alice ')")));
        // the referencing column got the same collation: 'ALICE' references no one
        SQLException fk = assertThrows(SQLException.class,
                () -> insert("INSERT INTO dbo.grants (id, login) VALUES (2, 'ALICE')"));
        assertEquals(23506, fk.getErrorCode(), fk.getMessage());
    }

    @Test
    void underACaseInsensitiveCollationAForeignKeyMatchesIgnoringCaseAsSqlServerDoes() throws SQLException {
        SchemaPlan plan = plan("SQL_Latin1_General_CP1_CI_AS", List.of());
        run(plan.createStatements());
        insert("INSERT INTO dbo.users (id, login) VALUES (1, 'alice')");
        insert("INSERT INTO dbo.grants (id, login) VALUES (1, 'ALICE')");

        assertDoesNotThrow(() -> run(plan.finalizeStatements()));
    }

    @Test
    void nullableUniqueKeysHoldManyNullsAsSqlServersFilteredIndexDoesAndRefuseDuplicates() throws SQLException {
        SchemaPlan plan = plan("SQL_Latin1_General_CP1_CI_AS", List.of());
        run(plan.createStatements());
        insert("INSERT INTO dbo.users (id, login, email, code) VALUES (1, 'a', NULL, NULL), (2, 'b', NULL, NULL)");
        run(plan.finalizeStatements());

        assertDuplicateKey(assertThrows(SQLException.class, () -> insert(
                "INSERT INTO dbo.users (id, login, email, code) VALUES (3, 'c', NULL, 'X1'), (4, 'd', NULL, 'x1 ')")));
        assertDuplicateKey(assertThrows(SQLException.class, () -> insert(
                "INSERT INTO dbo.users (id, login, email) VALUES (5, 'e', 'A@x'), (6, 'f', 'a@X')")));
    }

    @Test
    void underACaseSensitiveCollationOnlyTrailingSpacesCollide() throws SQLException {
        SchemaPlan plan = plan("Latin1_General_100_CS_AS", List.of());
        run(plan.createStatements());

        insert("INSERT INTO dbo.tags (name) VALUES ('Admin'), ('admin')");
        assertDuplicateKey(assertThrows(SQLException.class, () -> insert("INSERT INTO dbo.tags (name) VALUES ('admin ')")));
    }

    @Test
    void theHelperColumnsAreInvisibleToSelectStar() throws SQLException {
        run(plan("SQL_Latin1_General_CP1_CI_AS", List.of()).createStatements());
        insert("INSERT INTO dbo.tags (name) VALUES ('x')");
        try (Statement st = h2.createStatement(); var rs = st.executeQuery("SELECT * FROM dbo.tags")) {
            assertEquals(1, rs.getMetaData().getColumnCount());
            assertTrue(rs.next());
            assertEquals("x", rs.getString(1));
        }
    }
}
