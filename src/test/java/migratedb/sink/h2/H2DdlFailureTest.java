package migratedb.sink.h2;

import migratedb.sink.DdlFailure;
import migratedb.sink.DdlFailure.Kind;
import migratedb.sink.KeyNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** H2's own errors, raised by a real H2, fall into the same classes as SQL Server's error numbers. */
class H2DdlFailureTest {
    private final H2Dialect dialect = new H2Dialect(new H2KeyManagement(new KeyNames("t", "", "")));
    private final Connection h2;

    H2DdlFailureTest() throws SQLException {
        h2 = DriverManager.getConnection("jdbc:h2:mem:ddl" + UUID.randomUUID() + ";MODE=MSSQLServer;"
                + "DATABASE_TO_UPPER=FALSE", "sa", "");
        execute("CREATE TABLE users (id INT PRIMARY KEY, login VARCHAR_IGNORECASE(20), n INT)");
        execute("INSERT INTO users VALUES (1, 'Alice', 5), (2, 'alice', -1)");
    }

    @AfterEach
    void close() throws SQLException {
        h2.close();
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = h2.createStatement()) {
            st.execute(sql);
        }
    }

    private DdlFailure refused(String sql) {
        return dialect.classifyDdlFailure(assertThrows(SQLException.class, () -> execute(sql)));
    }

    @Test
    void aDuplicateKeyNamesTheValueAsSqlServerDoes() {
        assertEquals(new DdlFailure(Kind.DUPLICATE_KEY, "('Alice')"),
                refused("ALTER TABLE users ADD CONSTRAINT users_login_key UNIQUE (login)"));
    }

    @Test
    void rowsBreakingAForeignKeyOrACheckAreAConstraintConflict() throws SQLException {
        execute("CREATE TABLE grants (id INT PRIMARY KEY, user_id INT)");
        execute("INSERT INTO grants VALUES (1, 99)");
        assertEquals(new DdlFailure(Kind.CONSTRAINT_CONFLICT, "FOREIGN KEY constraint \"grants_user_fkey\""),
                refused("ALTER TABLE grants ADD CONSTRAINT grants_user_fkey FOREIGN KEY (user_id) REFERENCES users (id)"));
        assertEquals(new DdlFailure(Kind.CONSTRAINT_CONFLICT, "CHECK constraint \"users_n_check\""),
                refused("ALTER TABLE users ADD CONSTRAINT users_n_check CHECK (n > 0)"));
    }

    @Test
    void objectsThatExistAlready() throws SQLException {
        assertEquals(Kind.ALREADY_EXISTS, refused("CREATE TABLE users (id INT)").kind());
        execute("CREATE INDEX users_n_idx ON users (n)");
        assertEquals(Kind.ALREADY_EXISTS, refused("CREATE INDEX users_n_idx ON users (n)").kind());
        execute("ALTER TABLE users ADD CONSTRAINT users_id_check CHECK (id > 0)");
        assertEquals(Kind.ALREADY_EXISTS, refused("ALTER TABLE users ADD CONSTRAINT users_id_check CHECK (id > 0)")
                .kind());
    }

    @Test
    void anythingElseFallsBack() {
        assertEquals(Kind.OTHER, refused("CREATE INDEX users_x_idx ON users (no_such_column)").kind());
    }
}
