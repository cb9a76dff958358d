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

/** The foreign-key graphs SQL Server refuses (error 1785), found before any DDL runs. */
class CascadePathsTest {

    private static TargetTable table(String name, ForeignKey... fks) {
        Table t = new Table("public", name, List.of(new Column("id", 1, "integer", "int4", Column.TypeKind.BASE, null,
                null, null, false, null, Column.Identity.NONE, null)), new Key(name + "_pkey", List.of("id")),
                List.of(), List.of(fks), List.of(), List.of(), 0, 0, null);
        return new TypeMapper().map(t, "dbo", Set.of());
    }

    private static ForeignKey fk(String name, String parent, String onDelete, String onUpdate) {
        return new ForeignKey(name, List.of("id"), "public", parent, List.of("id"), onDelete, onUpdate);
    }

    private static List<String> conflicts(TargetTable... tables) {
        return CascadePaths.conflicts(List.of(tables)).stream().map(CascadePaths.Conflict::id).toList();
    }

    @Test
    void twoCascadingKeysFromOneTableToAnotherAreTwoPaths() {
        assertEquals(List.of("public.messages.to_fk"), conflicts(table("users"),
                table("messages", fk("from_fk", "users", "CASCADE", "NO ACTION"),
                        fk("to_fk", "users", "SET NULL", "NO ACTION"))));
    }

    @Test
    void aDiamondOfCascadesIsRefusedAtItsSecondPath() {
        assertEquals(List.of("public.d.d_c_fk"), conflicts(table("a"), table("b", fk("b_a_fk", "a", "CASCADE", "NO ACTION")),
                table("c", fk("c_a_fk", "a", "CASCADE", "NO ACTION")),
                table("d", fk("d_b_fk", "b", "CASCADE", "NO ACTION"), fk("d_c_fk", "c", "CASCADE", "NO ACTION"))));
    }

    @Test
    void selfReferencesAndCyclesOfCascadesAreRefused() {
        assertEquals(List.of("public.folders.parent_fk"),
                conflicts(table("folders", fk("parent_fk", "folders", "CASCADE", "NO ACTION"))));
        assertEquals(List.of("public.b.b_a_fk"), conflicts(table("a", fk("a_b_fk", "b", "NO ACTION", "CASCADE")),
                table("b", fk("b_a_fk", "a", "NO ACTION", "CASCADE"))), "the key that closes the cycle");
    }

    @Test
    void noActionKeysAndSeparateTreesAreAccepted() {
        assertEquals(List.of(), conflicts(table("users"), table("orders", fk("o_u_fk", "users", "CASCADE", "NO ACTION")),
                table("lines", fk("l_o_fk", "orders", "CASCADE", "NO ACTION")),
                table("audit", fk("a_u_fk", "users", "NO ACTION", "NO ACTION"), fk("a_o_fk", "orders", "SET NULL",
                        "NO ACTION"))));
    }
}
