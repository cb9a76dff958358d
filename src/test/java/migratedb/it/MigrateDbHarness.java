package migratedb.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import migratedb.cli.MigrateDbCli;
import migratedb.config.Home;
import migratedb.lifecycle.ActiveRuns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs MigrateDB the way run.sh does (the CLI entry, Camel Main inside) against a test source and an H2 target
 * file, capturing the console. Tests run one at a time (System.out is swapped while a command runs).
 */
public final class MigrateDbHarness {
    private final Path dir;
    private final Map<String, String> settings = new LinkedHashMap<>();

    public MigrateDbHarness(Path dir, String sourceUrl) {
        this.dir = dir;
        settings.put("source.url", sourceUrl);
        settings.put("source.user", "postgres");
        settings.put("target.url", h2Url());
        settings.put("target.user", "sa");
    }

    public String h2Url() {
        return "jdbc:h2:file:" + dir.resolve("target-db") + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE";
    }

    /** The URL tests use to look into the target (same completion as MigrateDB's). */
    public String h2QueryUrl() {
        return h2Url() + ";CASE_INSENSITIVE_IDENTIFIERS=TRUE;INIT=CREATE SCHEMA IF NOT EXISTS dbo\\;SET SCHEMA dbo";
    }

    public MigrateDbHarness set(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** The config file as MigrateDB left it (it may have appended to it), without rewriting it. */
    public Path configPath() {
        return dir.resolve("database_params.conf");
    }

    /**
     * Writes the test's settings as the config file. What MigrateDB itself appended to the file before (the
     * generated master key password) is kept, as it is in an administrator's file between runs.
     */
    public Path configFile() {
        Path conf = dir.resolve("database_params.conf");
        StringBuilder sb = new StringBuilder();
        settings.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        if (Files.exists(conf)) {
            java.util.Properties before = new java.util.Properties();
            try (java.io.Reader r = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
                before.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            before.stringPropertyNames().stream().filter(k -> !settings.containsKey(k)).sorted()
                    .forEach(k -> sb.append(k).append('=').append(before.getProperty(k).replace("\\", "\\\\"))
                            .append('\n'));
        }
        try {
            Files.writeString(conf, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return conf;
    }

    /** What one command did: exit code and console text. */
    public record Result(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    public Result run(String command, String... extra) {
        return run(new ActiveRuns(), command, extra);
    }

    /** Runs a command whose run registers in {@code runs}: a test stops it as the console's Cancel does. */
    public Result run(ActiveRuns runs, String command, String... extra) {
        List<String> args = new ArrayList<>();
        args.add(command);
        args.add("--config");
        args.add(configFile().toString());
        args.addAll(List.of(extra));
        return runRaw(runs, args.toArray(new String[0]));
    }

    public static Result runRaw(String... args) {
        return runRaw(new ActiveRuns(), args);
    }

    public static synchronized Result runRaw(ActiveRuns runs, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = MigrateDbCli.run(runs, args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            oldOut.print(out.toString(StandardCharsets.UTF_8));
            oldErr.print(err.toString(StandardCharsets.UTF_8));
        }
    }

    /** The report.json of a run, from the reports folder of the test home. */
    public static JsonNode report(String output) throws IOException {
        int i = output.indexOf("Run ");
        String runId = output.substring(i + 4, output.indexOf(' ', i + 4));
        return new ObjectMapper().readTree(Home.resolve("reports").resolve(runId).resolve("report.json").toFile());
    }

    /** The record a verification wrote (reports/<run-id>/verify-<time>.json), named on its console. */
    public static JsonNode verification(String output) throws IOException {
        int i = output.indexOf("Record: ");
        if (i < 0) {
            throw new AssertionError("the verification names no record: " + output);
        }
        String file = output.substring(i + "Record: ".length()).lines().findFirst().orElseThrow().strip();
        return new ObjectMapper().readTree(Path.of(file).toFile());
    }

    public Connection target() throws SQLException {
        String url = settings.get("target.url");
        if (url.startsWith("jdbc:h2:")) {
            return DriverManager.getConnection(h2QueryUrl(), "sa", settings.getOrDefault("target.password", ""));
        }
        return DriverManager.getConnection(url, settings.get("target.user"), settings.get("target.password"));
    }

    public long targetCount(String table) throws SQLException {
        try (Connection c = target(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public List<String> targetTables() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = target(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA || '.' || TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                     + "WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
