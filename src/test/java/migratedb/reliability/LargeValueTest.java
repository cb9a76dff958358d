package migratedb.reliability;

import migratedb.it.MigrateDbHarness;
import migratedb.it.TestPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A single bytea value of 100 MB (zero bytes inside) copied, verified and compared by SHA-256. Slow: tagged. */
@Tag("reliability-slow")
class LargeValueTest {
    private static final int MB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void aHundredMegabyteByteaValueArrivesByteForByte() throws Exception {
        String source = TestPostgres.newDatabase("bytea_100mb");
        try (Connection c = TestPostgres.connect(source); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE attachments (id int PRIMARY KEY, data bytea)");
            // 100 MB: a 1 MB pattern holding zero bytes, repeated; and a small row beside it
            st.execute("INSERT INTO attachments SELECT 1, string_agg(p.chunk, ''::bytea) FROM generate_series(1, 100) g, "
                    + "(SELECT decode(repeat('00ff10', " + (MB / 3) + ") || '00', 'hex') AS chunk) p");
            st.execute("INSERT INTO attachments VALUES (2, '\\x00')");
        }
        MigrateDbHarness h = new MigrateDbHarness(dir, source).set("copy.batchSize", "1").set("copy.fetchSize", "1");

        MigrateDbHarness.Result r = h.run("migrate");

        assertEquals(0, r.exitCode(), r.all());
        SourceFaultTest.assertCompletedAndVerified(r);
        Map<Integer, String> expected = new TreeMap<>();
        try (Connection s = TestPostgres.connect(source); Statement st = s.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, length(data), encode(sha256(data), 'hex') FROM attachments")) {
            while (rs.next()) {
                expected.put(rs.getInt(1), rs.getLong(2) + ":" + rs.getString(3));
            }
        }
        assertEquals(100L * MB, Long.parseLong(expected.get(1).split(":")[0]), "the source value is 100 MB");
        Map<Integer, String> actual = new TreeMap<>();
        try (Connection t = h.target(); Statement st = t.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, data FROM dbo.attachments")) {
            while (rs.next()) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long length = 0;
                try (InputStream in = rs.getBinaryStream(2)) {
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        sha.update(buf, 0, n);
                        length += n;
                    }
                }
                actual.put(rs.getInt(1), length + ":" + HexFormat.of().formatHex(sha.digest()));
            }
        }
        assertEquals(expected, actual);
    }
}
