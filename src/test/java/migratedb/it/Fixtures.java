package migratedb.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;

/** The fixture schemas under src/test/resources/fixtures, each loaded into a fresh test database. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A new database holding the fixture; returns its JDBC URL. */
    public static String load(String fixture) throws Exception {
        String url = TestPostgres.newDatabase(fixture.replace('-', '_'));
        try (Connection c = TestPostgres.connect(url); Statement st = c.createStatement()) {
            st.execute(text(fixture));
        }
        return url;
    }

    public static String text(String fixture) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + fixture + ".sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
