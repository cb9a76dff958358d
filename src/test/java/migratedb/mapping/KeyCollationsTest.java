package migratedb.mapping;

import migratedb.model.Column;
import migratedb.model.ForeignKey;
import migratedb.model.Key;
import migratedb.model.Table;
import migratedb.model.TargetTable;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which binary collation keeps PostgreSQL's comparison, and which columns must share it. */
class KeyCollationsTest {

    @Test
    void aWindowsCollationKeepsItsNameAndVersionAndUtf8() {
        assertEquals("Latin1_General_100_BIN2", KeyCollations.binaryCollation("Latin1_General_100_CI_AS"));
        assertEquals("Latin1_General_100_BIN2", KeyCollations.binaryCollation("Latin1_General_100_CS_AS_KS_WS"));
        assertEquals("Latin1_General_BIN2", KeyCollations.binaryCollation("Latin1_General_CI_AI"));
        assertEquals("Latin1_General_100_BIN2_UTF8", KeyCollations.binaryCollation("Latin1_General_100_CI_AS_SC_UTF8"));
        assertEquals("Japanese_XJIS_140_BIN2", KeyCollations.binaryCollation("Japanese_XJIS_140_CI_AS_VSS"));
        assertEquals("French_100_BIN2", KeyCollations.binaryCollation("French_100_BIN"));
    }

    @Test
    void aSqlCollationHasNoBin2TwinByNameSoItsCodePageDecides() {
        assertEquals("Latin1_General_100_BIN2", KeyCollations.binaryCollation("SQL_Latin1_General_CP1_CI_AS"));
        assertEquals("Latin1_General_100_BIN2", KeyCollations.binaryCollation("SQL_Latin1_General_Cp1_CS_AS"));
        assertEquals("SQL_Latin1_General_CP850_BIN2", KeyCollations.binaryCollation("SQL_Latin1_General_CP850_CI_AS"));
        assertEquals("Cyrillic_General_100_BIN2", KeyCollations.binaryCollation("SQL_Ukrainian_Cp1251_CI_AS"));
        assertEquals("Czech_100_BIN2", KeyCollations.binaryCollation("SQL_Czech_CP1250_CI_AS"));
    }

    @Test
    void anUnusableNameFallsBackToLatin1GeneralBin2() {
        assertEquals("Latin1_General_100_BIN2", KeyCollations.binaryCollation(""));
        assertEquals("Latin1_General_100_BIN2", KeyCollations.binaryCollation("x; DROP TABLE y"));
    }

    private static Column text(String name) {
        return new Column(name, 1, "character varying(40)", "varchar", Column.TypeKind.BASE, 40, null, null, false,
                null, Column.Identity.NONE, null);
    }

    private static Column integer(String name) {
        return new Column(name, 1, "integer", "int4", Column.TypeKind.BASE, null, null, null, false, null,
                Column.Identity.NONE, null);
    }

    private static TargetTable table(String name, List<Column> columns, Key pk, List<Key> unique,
                                     ForeignKey... fks) {
        return new TypeMapper().map(new Table("public", name, columns, pk, unique, List.of(fks), List.of(), List.of(),
                0, 0, null), "dbo", Set.of());
    }

    @Test
    void theKeysTextColumnsAndEveryColumnOnTheOtherSideOfAForeignKeyShareTheCollation() {
        TargetTable users = table("users", List.of(integer("id"), text("login"), integer("tenant")),
                new Key("users_pkey", List.of("id")), List.of(new Key("users_login_key", List.of("tenant", "login"))),
                new ForeignKey("users_tenant_fkey", List.of("tenant"), "public", "tenants", List.of("id"),
                        "NO ACTION", "NO ACTION"));
        TargetTable tenants = table("tenants", List.of(integer("id")), new Key("tenants_pkey", List.of("id")),
                List.of());
        // a child of a child: the collation travels along the chain of references
        TargetTable grants = table("grants", List.of(integer("id"), text("login"), integer("tenant")),
                new Key("grants_pkey", List.of("id")), List.of(new Key("grants_key", List.of("tenant", "login"))),
                new ForeignKey("grants_user_fkey", List.of("tenant", "login"), "public", "users",
                        List.of("tenant", "login"), "CASCADE", "NO ACTION"));
        TargetTable audit = table("audit", List.of(integer("id"), text("who"), integer("tenant")),
                new Key("audit_pkey", List.of("id")), List.of(),
                new ForeignKey("audit_grant_fkey", List.of("tenant", "who"), "public", "grants",
                        List.of("tenant", "login"), "NO ACTION", "NO ACTION"));
        TargetTable notes = table("notes", List.of(integer("id"), text("login")), new Key("notes_pkey",
                List.of("id")), List.of());

        List<KeyCollations.ColumnCollation> decided = KeyCollations.decide(List.of(users, tenants, grants, audit,
                notes), List.of(new KeyCollations.Collision("public.users", "users_login_key", List.of("login"),
                "'7, Alice' = '7, alice'")), "SQL_Latin1_General_CP1_CI_AS");

        assertEquals(List.of("public.users.login", "public.grants.login", "public.audit.who"),
                decided.stream().map(KeyCollations.ColumnCollation::qualifiedColumn).toList());
        assertTrue(decided.stream().allMatch(c -> c.collation().equals("Latin1_General_100_BIN2")));
        assertTrue(decided.get(0).reason().contains("users_login_key") && decided.get(0).reason()
                .contains("'7, Alice' = '7, alice'"), decided.get(0).reason());
        assertTrue(decided.get(1).reason().contains("grants_user_fkey") && decided.get(1).reason().contains("1757"),
                decided.get(1).reason());
    }

    @Test
    void aReferencingColumnsCollisionPassesTheCollationToTheReferencedKey() {
        TargetTable roles = table("roles", List.of(text("name")), new Key("roles_pkey", List.of("name")), List.of());
        TargetTable members = table("members", List.of(integer("id"), text("role")), new Key("members_pkey",
                List.of("id")), List.of(new Key("members_role_key", List.of("role"))),
                new ForeignKey("members_role_fkey", List.of("role"), "public", "roles", List.of("name"), "NO ACTION",
                        "NO ACTION"));

        List<KeyCollations.ColumnCollation> decided = KeyCollations.decide(List.of(roles, members),
                List.of(new KeyCollations.Collision("public.members", "members_role_key", List.of("role"), null)),
                "Latin1_General_100_CI_AI");

        assertEquals(List.of("public.members.role", "public.roles.name"),
                decided.stream().map(KeyCollations.ColumnCollation::qualifiedColumn).toList());
        assertEquals("Latin1_General_100_BIN2", decided.get(1).collation());
    }
}
