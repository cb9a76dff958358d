package migratedb.reliability;

import migratedb.config.Home;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The data the fault tests copy, and the checks that nothing was lost and nothing duplicated. */
final class Fixtures {
    /** Rows of public.events, the big table a fault hits in the middle. */
    static final int EVENT_ROWS = 30_000;
    /** Rows of public.notes, a table without primary key (one chunk). */
    static final int NOTE_ROWS = 700;

    private Fixtures() {
    }

    /** public.events (integer key, copied in chunks) and public.notes (no key). */
    static void load(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE events (id bigint PRIMARY KEY, payload text NOT NULL, amount numeric(12,2), "
                    + "at timestamp)");
            st.execute("INSERT INTO events SELECT g, md5(g::text) || repeat('x', g % 50), g * 1.5, "
                    + "timestamp '2020-01-01' + g * interval '1 minute' FROM generate_series(1, " + EVENT_ROWS + ") g");
            st.execute("CREATE TABLE notes (body text, n int)");
            st.execute("INSERT INTO notes SELECT 'note ' || g, g FROM generate_series(1, " + NOTE_ROWS + ") g");
            st.execute("ANALYZE");
        }
    }

    /**
     * Every row of both tables in the target exactly once: the same count and the same multiset of rows (compared
     * as sorted normalized text, which is an order-independent checksum that also names the first difference).
     */
    static void assertNothingLostNothingDuplicated(Connection source, Connection target) throws SQLException {
        assertSameRows("events", rows(source, "SELECT id, payload, amount, at FROM public.events"),
                rows(target, "SELECT id, payload, amount, at FROM dbo.events"));
        assertSameRows("notes", rows(source, "SELECT body, n FROM public.notes"),
                rows(target, "SELECT body, n FROM dbo.notes"));
    }

    static void assertSameRows(String table, List<String> expected, List<String> actual) {
        assertEquals(expected.size(), actual.size(), table + ": row count (lost or duplicated rows)");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), table + ": sorted row " + i);
        }
    }

    /** All rows as normalized text, sorted. */
    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(text(rs, i)).append('|');
                }
                out.add(sb.toString());
            }
        }
        out.sort(null);
        return out;
    }

    private static String text(ResultSet rs, int i) throws SQLException {
        int type = rs.getMetaData().getColumnType(i);
        Object v = switch (type) {
            case java.sql.Types.NUMERIC, java.sql.Types.DECIMAL -> {
                BigDecimal d = rs.getBigDecimal(i);
                yield d == null ? null : d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
            }
            case java.sql.Types.TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
            case java.sql.Types.DATE -> rs.getObject(i, java.time.LocalDate.class);
            case java.sql.Types.TIME -> rs.getObject(i, java.time.LocalTime.class);
            case java.sql.Types.REAL -> {
                float f = rs.getFloat(i);
                yield rs.wasNull() ? null : Float.toString(f);
            }
            case java.sql.Types.DOUBLE, java.sql.Types.FLOAT -> {
                double d = rs.getDouble(i);
                yield rs.wasNull() ? null : Double.toString(d);
            }
            case java.sql.Types.BIT, java.sql.Types.BOOLEAN -> {
                boolean b = rs.getBoolean(i);
                yield rs.wasNull() ? null : b;
            }
            case java.sql.Types.BINARY, java.sql.Types.VARBINARY, java.sql.Types.LONGVARBINARY -> {
                byte[] b = rs.getBytes(i);
                yield b == null ? null : java.util.HexFormat.of().formatHex(b);
            }
            default -> rs.getString(i);
        };
        return v == null ? "NULL" : v.toString();
    }

    /** The console shows one paragraph per failure, never a Java stack trace; names the offending part. */
    static void assertNoStackTrace(String console) {
        // logback reports its own trouble (a log file it cannot open) with a trace before MigrateDB starts
        console = console.lines().filter(l -> !l.contains("|-") && !l.startsWith("\tat \tat ")
                && !l.startsWith("\tat \t"))
                .collect(java.util.stream.Collectors.joining("\n"));
        int at = console.indexOf("\tat ");
        if (at >= 0) {
            int from = Math.max(0, at - 600);
            throw new AssertionError("a stack trace reached the console:\n" + console.substring(from,
                    Math.min(console.length(), at + 300)));
        }
    }

    /** Polls until the condition holds; fails naming what it waited for. No sleeping on a guess. */
    static void await(Duration limit, String what, Check check) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + limit + " waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // poll interval
        }
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /** Chunks of a table the target records as committed (0 before the run-state tables exist). */
    static long doneChunks(Connection target, String table) {
        try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM dbo.migratedb_chunk WHERE table_name = '" + table + "' AND status = 'done'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    static long doneChunks(String h2Url, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(h2Url, "sa", "")) {
            return doneChunks(c, table);
        }
    }

    /** The length of logs/troubleshooting.log now: entries after it belong to what the test does next. */
    static long troubleshootingMark() throws IOException {
        Path log = Home.logs().resolve("troubleshooting.log");
        return Files.exists(log) ? Files.size(log) : 0;
    }

    private static final Pattern ENTRY = Pattern.compile("^\\S+ \\[([A-Z_]+)] run ", Pattern.MULTILINE);

    /** Catalogue codes written to logs/troubleshooting.log since the mark, in order. */
    static Set<String> troubleshootingCodesSince(long mark) throws IOException {
        return troubleshootingCodesSince(Home.logs().resolve("troubleshooting.log"), mark);
    }

    static Set<String> troubleshootingCodesSince(Path log, long mark) throws IOException {
        Set<String> codes = new LinkedHashSet<>();
        if (!Files.exists(log)) {
            return codes;
        }
        byte[] all = Files.readAllBytes(log);
        String text = new String(all, (int) Math.min(mark, all.length), (int) Math.max(0, all.length - mark),
                StandardCharsets.UTF_8);
        Matcher m = ENTRY.matcher(text);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    /** The URL of the maintenance database on the same server, for the test's own sessions (kills, counts). */
    static String maintenanceUrl(String databaseUrl) {
        return databaseUrl.substring(0, databaseUrl.lastIndexOf('/') + 1) + "postgres";
    }

    static String databaseName(String databaseUrl) {
        return databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1);
    }
}
