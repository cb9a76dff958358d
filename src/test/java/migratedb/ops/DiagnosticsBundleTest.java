package migratedb.ops;

import migratedb.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The diagnostics bundle carries what support needs and never a secret, wherever the secret was written. */
class DiagnosticsBundleTest {
    private static final List<String> SECRETS = List.of("Pl41n-T4rget-Pw!", "S0urce-Pw-2026", "KeyMaterial0123456789",
            "AQIDBAUGBwgJCgsMDQ4PEA==", "Url-Pw-77");

    @TempDir
    Path home;

    @Test
    void theBundleHoldsConfigLogsReportsAndEnvironmentButNoSecret() throws Exception {
        write("conf/database_params.conf", "source.url=jdbc:postgresql://db:5432/passtrix\nsource.user=postgres\n"
                + "source.password=ENC(AQIDBAUGBwgJCgsMDQ4PEA==)\ntarget.host=mssql\ntarget.user=amp\n"
                + "target.password=Pl41n-T4rget-Pw!\ntarget.url=jdbc:sqlserver://mssql;databaseName=PassTrix;"
                + "password=Url-Pw-77\n");
        write("conf/migration.properties", "copy.batchSize=5000\n");
        write("conf/.migratedb.key", "KeyMaterial0123456789\n");
        write("conf/server.keystore.txt", "");
        write("routes/file-drop.yaml", "- route:\n    id: file-drop\n");
        write("logs/migration.log", "2026-01-01 INFO connecting as amp with Pl41n-T4rget-Pw! (oops)\n"
                + "2026-01-01 INFO source password S0urce-Pw-2026 leaked by a driver\n");
        write("logs/troubleshooting.log", "[TARGET_AUTH_FAILED] Login failed; password=Pl41n-T4rget-Pw!\n");
        write("reports/20260101-000000-abcd/report.json", "{\"runId\":\"20260101-000000-abcd\"}");
        write("reports/20260101-000000-abcd/report.html", "<html>report</html>");
        write("reports/20260101-000000-abcd/schema.sql", "CREATE TABLE [dbo].[users] ([id] INT NOT NULL)");
        write("reports/20260101-000000-abcd/rejects/public.users.csv", "\"row data\"");
        write("inbox/.failed/x.request.result.json", "{\"status\":\"failed\"}");
        Settings effective = Settings.of(Map.of("source.password", "S0urce-Pw-2026", "target.user", "amp"));

        Path zip = new DiagnosticsBundle(home, effective).write(home.resolve("out/bundle.zip"), null);

        Map<String, String> entries = unzip(zip);
        for (String name : List.of("environment.txt", "settings-effective.properties", "conf/database_params.conf",
                "conf/migration.properties", "routes/file-drop.yaml", "logs/migration.log",
                "logs/troubleshooting.log", "reports/20260101-000000-abcd/report.json",
                "reports/20260101-000000-abcd/report.html", "reports/20260101-000000-abcd/schema.sql",
                "inbox/.failed/x.request.result.json")) {
            assertTrue(entries.containsKey(name), name + " missing from " + entries.keySet());
        }
        assertFalse(entries.keySet().stream().anyMatch(n -> n.contains(".migratedb.key")), "the key file");
        assertFalse(entries.keySet().stream().anyMatch(n -> n.contains("rejects")), "rejected rows are data");
        entries.forEach((name, text) -> SECRETS.forEach(secret ->
                assertFalse(text.contains(secret), name + " contains the secret " + secret)));
        assertTrue(entries.get("conf/database_params.conf").contains("target.password=********"));
        assertTrue(entries.get("conf/database_params.conf").contains("target.host=mssql"), "non-secrets stay");
        assertTrue(entries.get("environment.txt").contains("java.version: " + System.getProperty("java.version")));
    }

    @Test
    void theDiagnoseCommandWritesTheBundleEvenWithoutAConfiguration() throws Exception {
        Path zip = home.resolve("diag.zip");
        var r = migratedb.it.MigrateDbHarness.runRaw("diagnose", "--config", home.resolve("absent.conf").toString(),
                "--out", zip.toString());
        assertTrue(r.exitCode() == 0, r.all());
        Map<String, String> entries = unzip(zip);
        assertTrue(entries.get("settings-effective.properties").contains("not loaded"), entries.keySet().toString());
        assertTrue(entries.containsKey("environment.txt"));
    }

    private void write(String path, String text) throws IOException {
        Path p = home.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static Map<String, String> unzip(Path zip) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                out.put(e.getName(), b.toString(StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
