package migratedb.it;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An application's schema in small: a shared parent and many tables shaped like an access manager's (bigserial key,
 * a foreign key to the parent, a unique column, an index, defaults, text, numeric, timestamp and bytea).
 */
public final class ManyTablesFixture {
    /** The columns every table has, in the order of {@link #select}. */
    private static final String COLUMNS = "id, parent_id, code, label, amount, created_at, payload";

    private ManyTablesFixture() {
    }

    /** Loads {@code tables} tables item_00001... of {@code rowsEach} rows each, committing every 50 tables. */
    public static void load(String url, int tables, int rowsEach) throws SQLException {
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE parent (id bigserial PRIMARY KEY, name text NOT NULL)");
            st.execute("INSERT INTO parent (name) SELECT 'parent ' || g FROM generate_series(1, 10) g");
            st.execute("""
                    DO $$
                    DECLARE t text;
                    BEGIN
                      FOR i IN 1 .. %d LOOP
                        t := format('item_%%s', lpad(i::text, 5, '0'));
                        EXECUTE format('CREATE TABLE %%I (id bigserial PRIMARY KEY, parent_id bigint NOT NULL
                            REFERENCES parent (id), code text NOT NULL UNIQUE, label text NOT NULL DEFAULT ''item'',
                            amount numeric(12,2) DEFAULT 0, created_at timestamp NOT NULL DEFAULT now(),
                            payload bytea)', t);
                        EXECUTE format('CREATE INDEX %%I ON %%I (parent_id)', t || '_parent_idx', t);
                        EXECUTE format('INSERT INTO %%I (parent_id, code, label, amount, created_at, payload)
                            SELECT 1 + g %%%% 10, %%L || g, ''label '' || g, g * 1.25,
                            timestamp ''2024-01-01'' + g * interval ''1 minute'', decode(md5(%%L || g), ''hex'')
                            FROM generate_series(1, %d) g', t, t || '-', t);
                        IF i %% 50 = 0 THEN
                          COMMIT; -- PostgreSQL's lock table holds a few thousand locks, not every new table's
                        END IF;
                      END LOOP;
                    END $$""".formatted(tables, rowsEach));
            st.execute("ANALYZE");
        }
    }

    /** item_00001 ... in schema public. */
    public static List<String> tableNames(int tables) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= tables; i++) {
            out.add(String.format("item_%05d", i));
        }
        return out;
    }

    /** Every row of one table, in the same column order on both sides. */
    public static String select(String schema, String table) {
        return "SELECT " + COLUMNS + " FROM " + schema + "." + table;
    }
}
