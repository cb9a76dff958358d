package migratedb.sink.sqlserver;

import migratedb.mapping.SchemaConverter;
import migratedb.mapping.SchemaPlan;
import migratedb.model.Catalog;
import migratedb.model.CheckConstraint;
import migratedb.model.Column;
import migratedb.model.ForeignKey;
import migratedb.model.Index;
import migratedb.model.Key;
import migratedb.model.SchemaObject;
import migratedb.model.Sequence;
import migratedb.model.Table;
import migratedb.model.UserType;
import migratedb.sink.TargetDialect;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A hand-built catalog with every constraint kind, for the golden T-SQL tests. */
final class DdlFixture {
    private DdlFixture() {
    }

    static Column col(String name, String sourceType, String base, boolean nullable, String def) {
        return new Column(name, 1, sourceType, base, Column.TypeKind.BASE, null, null, null, nullable, def,
                Column.Identity.NONE, null);
    }

    static Catalog catalog() {
        Table customers = new Table("public", "customers", List.of(
                new Column("id", 1, "bigint", "int8", Column.TypeKind.BASE, null, null, null, false, null,
                        Column.Identity.ALWAYS, null),
                col("name", "text", "text", false, null)),
                new Key("customers_pkey", List.of("id")), List.of(), List.of(), List.of(), List.of(), 10, 0,
                "People who buy");
        Table orders = new Table("public", "orders", List.of(
                new Column("id", 1, "integer", "int4", Column.TypeKind.BASE, null, null, null, false,
                        "nextval('orders_id_seq'::regclass)", Column.Identity.SERIAL, null),
                col("customer_id", "bigint", "int8", false, null),
                new Column("status", 3, "order_status", "order_status", Column.TypeKind.ENUM, null, null, null, false,
                        "'new'::order_status", Column.Identity.NONE, null),
                new Column("email", 4, "character varying(100)", "varchar", Column.TypeKind.BASE, 100, null, null,
                        true, null, Column.Identity.NONE, "where the receipt goes"),
                new Column("code", 5, "character varying(10)", "varchar", Column.TypeKind.BASE, 10, null, null,
                        false, null, Column.Identity.NONE, null),
                col("created_at", "timestamp with time zone", "timestamptz", false, "now()"),
                col("active", "boolean", "bool", false, "true"),
                new Column("price", 8, "positive_amount", "numeric", Column.TypeKind.DOMAIN, null, 10, 2, false,
                        null, Column.Identity.NONE, null),
                new Column("invoice_no", 9, "bigint", "int8", Column.TypeKind.BASE, null, null, null, true,
                        "nextval('numbers'::regclass)", Column.Identity.SERIAL, null),
                col("token", "uuid", "uuid", false, "gen_random_uuid()"),
                col("label", "text", "text", true, "'it''s'::text"),
                col("due", "date", "date", true, "(CURRENT_DATE + 7)")),
                new Key("orders_pkey", List.of("id")),
                List.of(new Key("orders_code_key", List.of("code")), new Key("orders_email_key", List.of("email"))),
                List.of(new ForeignKey("orders_customer_fk", List.of("customer_id"), "public", "customers",
                                List.of("id"), "CASCADE", "RESTRICT"),
                        new ForeignKey("orders_customer_late_fk", List.of("customer_id"), "public", "customers",
                                List.of("id"), "NO ACTION", "NO ACTION", false)),
                List.of(new CheckConstraint("orders_price_check", "((price > (0)::numeric))"),
                        new CheckConstraint("orders_code_check", "((char_length((code)::text) >= 2))", false),
                        new CheckConstraint("orders_email_check", "((email)::text ~* '^.+@.+$'::text)")),
                List.of(new Index("orders_created_idx", List.of(new Index.IndexColumn("customer_id", false, false),
                                new Index.IndexColumn("created_at", false, true)), false, "btree", null,
                                List.of("status")),
                        new Index("orders_open_idx", List.of(new Index.IndexColumn("created_at", false, false)),
                                true, "btree", "((status = ANY (ARRAY['new'::order_status, 'paid'::order_status])) "
                                + "AND active)", List.of()),
                        new Index("orders_email_lower_idx", List.of(new Index.IndexColumn("lower((email)::text)",
                                true, false)), false, "btree", null, List.of()),
                        new Index("orders_label_trgm", List.of(new Index.IndexColumn("label", false, false)), false,
                                "gin", null, List.of()),
                        new Index("orders_due_key", List.of(new Index.IndexColumn("due", false, false),
                                new Index.IndexColumn("code", false, false)), true, "btree", null, List.of()),
                        new Index("orders_active_email_key", List.of(new Index.IndexColumn("email", false, false)),
                                true, "btree", "active", List.of()),
                        new Index("orders_label_lower_idx", List.of(new Index.IndexColumn("lower(label)", true,
                                false)), false, "btree", null, List.of())),
                100, 0, "Orders placed");
        List<Sequence> sequences = List.of(
                new Sequence("public", "customers_id_seq", "bigint", 1, 1, 1, Long.MAX_VALUE, false, 41, true,
                        "public.customers.id", List.of()),
                new Sequence("public", "orders_id_seq", "integer", 100, 10, 1, Integer.MAX_VALUE, false, 990, true,
                        "public.orders.id", List.of("public.orders.id")),
                new Sequence("public", "numbers", "bigint", 1000, 5, 1, Long.MAX_VALUE, false, 2000, false, null,
                        List.of("public.orders.invoice_no", "public.credit.number")));
        List<UserType> types = List.of(
                new UserType("public", "order_status", "order_status", UserType.Kind.ENUM, null,
                        List.of("new", "paid", "it's shipped"), List.of()),
                new UserType("public", "positive_amount", "positive_amount", UserType.Kind.DOMAIN, "numeric",
                        List.of(), List.of("(VALUE > (0)::numeric)")));
        List<SchemaObject> others = List.of(new SchemaObject("view", "public", "open_orders",
                " SELECT id FROM orders WHERE active;"));
        return new Catalog("shop", "16", List.of(customers, orders), sequences, others, types);
    }

    static SchemaPlan plan(TargetDialect dialect) {
        return new SchemaConverter().convert(catalog(), dialect, Map.of("public", "dbo"), Set.of(), Set.of());
    }
}
