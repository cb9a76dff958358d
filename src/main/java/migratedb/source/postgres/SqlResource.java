package migratedb.source.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the catalog queries kept as .sql files beside this class (pgloader style: SQL out of string literals). */
final class SqlResource {
    private SqlResource() {
    }

    static String load(String name) {
        try (InputStream in = SqlResource.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of JDBC parameters in a query (every '?' outside comments; our queries have none in literals). */
    static int parameterCount(String sql) {
        int n = 0;
        for (String line : sql.split("\n")) {
            String code = line.contains("--") ? line.substring(0, line.indexOf("--")) : line;
            n += (int) code.chars().filter(ch -> ch == '?').count();
        }
        return n;
    }
}
