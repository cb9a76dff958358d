package migratedb.ops;

import migratedb.config.FilePermissions;
import migratedb.config.Secret;
import migratedb.config.SecretRedactor;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.troubleshoot.MigrationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code ./run.sh diagnose}: one zip for support with the configuration (secrets masked), the end of the logs, the
 * latest reports (with their DDL and assessment), the request results of the inbox and the environment (versions,
 * OS, JVM). Every text goes through the {@link SecretRedactor}, which also masks every secret value found in conf/
 * and in the environment wherever it appears; key files, keystores and rejected rows (data) are never included.
 */
public final class DiagnosticsBundle {
    static final long LOG_TAIL_BYTES = 5L * 1024 * 1024;
    static final int REPORTS = 5;
    private static final Set<String> TEXT_CONF = Set.of("conf", "properties", "xml", "yaml", "yml", "txt");
    private static final Set<String> REPORT_FILES = Set.of("report.json", "report.html", "schema.sql",
            "assessment.json");
    private static final Pattern PROPERTY = Pattern.compile("^(\\s*)([^#!=:\\s][^=:]*?)(\\s*[=:]\\s*)(.*)$");

    private final Path home;
    private final Settings settings;
    private final SecretRedactor redactor;

    /**
     * @param settings the effective settings when they could be loaded, else null: written masked, and their
     *                 secret values (decrypted, or from the environment) are masked wherever they appear
     */
    public DiagnosticsBundle(Path home, Settings settings) {
        this.home = home;
        this.settings = settings;
        List<Secret> known = new ArrayList<>();
        knownSecrets(home.resolve("conf"), known);
        if (settings != null) {
            settings.redacted().keySet().stream().filter(k -> SettingKeys.isSecret(k) || SecretRedactor.standard()
                    .isSecretKey(k)).map(settings::get).filter(v -> !v.isBlank()).map(Secret::of).forEach(known::add);
        }
        for (String env : List.of(Settings.SOURCE_PASSWORD_ENV, Settings.TARGET_PASSWORD_ENV)) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                known.add(Secret.of(v));
            }
        }
        this.redactor = SecretRedactor.standard()
                .withKeys(SettingKeys.all().stream().filter(s -> s.secret()).map(s -> s.key()).toList())
                .withKnownSecrets(known);
    }

    /**
     * Writes the bundle.
     *
     * @param settingsProblem why the settings could not be loaded, or null
     */
    public Path write(Path zip, String settingsProblem) {
        try {
            Files.createDirectories(zip.toAbsolutePath().getParent());
            // owner-only from its first byte: it carries log lines and reports with the source's values
            FilePermissions.emptyOwnerOnlyFile(zip);
            try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
                entry(z, "README.txt", "MigrateDB diagnostics bundle, written " + Instant.now() + ".\n"
                        + "Secrets are masked as " + Secret.MASK + "; key files and rejected rows are not included.\n");
                entry(z, "environment.txt", environment());
                if (settings != null) {
                    StringBuilder sb = new StringBuilder("# effective settings of the default configuration, masked\n");
                    settings.redacted().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
                    entry(z, "settings-effective.properties", sb.toString());
                } else if (settingsProblem != null) {
                    entry(z, "settings-effective.properties", "# not loaded: " + settingsProblem + "\n");
                }
                files(z, home.resolve("conf"), "conf/", this::isShareableConf, true);
                files(z, home.resolve("routes"), "routes/", p -> p.toString().endsWith(".yaml"), false);
                tail(z, home.resolve("logs").resolve("migration.log"), "logs/migration.log");
                tail(z, home.resolve("logs").resolve("troubleshooting.log"), "logs/troubleshooting.log");
                reports(z, home.resolve("reports"));
                results(z, home.resolve("inbox"));
            }
            return zip;
        } catch (IOException e) {
            throw new MigrationException(OpsTrouble.DIAGNOSE_FAILED, Map.of("file", zip, "reason",
                    e.getClass().getSimpleName() + " " + e.getMessage()), e);
        }
    }

    /** conf/ text files; never the key file (.migratedb.key), keystores or anything hidden. */
    private boolean isShareableConf(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0 && TEXT_CONF.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private void files(ZipOutputStream z, Path dir, String prefix, java.util.function.Predicate<Path> include,
                       boolean properties) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p)).filter(include)
                    .sorted().toList()) {
                String text = Files.readString(p, StandardCharsets.UTF_8);
                entry(z, prefix + p.getFileName(), properties ? redactProperties(text) : redact(text));
            }
        }
    }

    private void tail(ZipOutputStream z, Path log, String name) throws IOException {
        if (!Files.isRegularFile(log)) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - LOG_TAIL_BYTES);
            f.seek(start);
            byte[] bytes = new byte[(int) (f.length() - start)];
            f.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (start > 0) {
                text = "[... the first " + start + " bytes are left out ...]\n" + text.substring(text.indexOf('\n') + 1);
            }
            entry(z, name, redact(text));
        }
    }

    private void reports(ZipOutputStream z, Path reports) throws IOException {
        if (!Files.isDirectory(reports)) {
            return;
        }
        List<Path> runs;
        try (Stream<Path> s = Files.list(reports)) {
            runs = s.filter(Files::isDirectory).filter(d -> Files.exists(d.resolve("report.json")))
                    .sorted(Comparator.comparingLong((Path d) -> d.resolve("report.json").toFile().lastModified())
                            .reversed()).limit(REPORTS).toList();
        }
        for (Path run : runs) {
            for (String f : REPORT_FILES.stream().sorted().toList()) {
                Path p = run.resolve(f);
                if (Files.isRegularFile(p) && !Files.isSymbolicLink(p)) {
                    entry(z, "reports/" + run.getFileName() + "/" + f, redact(Files.readString(p)));
                }
            }
        }
    }

    private void results(ZipOutputStream z, Path inbox) throws IOException {
        for (String folder : List.of(".done", ".failed", ".quarantine")) {
            Path dir = inbox.resolve(folder);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".result.json"))
                        .sorted(Comparator.comparingLong((Path p) -> p.toFile().lastModified()).reversed())
                        .limit(20).toList()) {
                    entry(z, "inbox/" + folder + "/" + p.getFileName(), redact(Files.readString(p)));
                }
            }
        }
    }

    /** Properties lines: the value of a secret key is masked whole (ENC(...) too), the rest as free text. */
    String redactProperties(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            Matcher m = PROPERTY.matcher(line);
            if (m.matches() && isSecretKey(m.group(2).strip()) && !m.group(4).isBlank()) {
                sb.append(m.group(1)).append(m.group(2)).append(m.group(3)).append(Secret.MASK);
            } else {
                sb.append(redact(line));
            }
            sb.append('\n');
        }
        return sb.substring(0, sb.length() - 1);
    }

    String redact(String text) {
        return redactor.redact(text);
    }

    private boolean isSecretKey(String key) {
        return SettingKeys.isSecret(key) || redactor.isSecretKey(key);
    }

    private static void knownSecrets(Path conf, List<Secret> into) {
        if (!Files.isDirectory(conf)) {
            return;
        }
        try (Stream<Path> s = Files.list(conf)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".conf")
                    || p.toString().endsWith(".properties")).toList()) {
                Properties props = new Properties();
                try (InputStream in = Files.newInputStream(p)) {
                    props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                } catch (IOException | IllegalArgumentException e) {
                    continue;
                }
                for (String k : props.stringPropertyNames()) {
                    String v = props.getProperty(k).strip();
                    if (!v.isEmpty() && (SettingKeys.isSecret(k) || SecretRedactor.standard().isSecretKey(k))) {
                        into.add(Secret.of(v));
                        if (v.startsWith("ENC(") && v.endsWith(")")) {
                            into.add(Secret.of(v.substring(4, v.length() - 1)));
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // no conf folder to learn from: the key-based masking still applies
        }
    }

    static String environment() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("migratedb.version", version(DiagnosticsBundle.class, "0.1.0"));
        f.put("migratedb.home", System.getProperty("migratedb.home", "."));
        for (String p : List.of("java.version", "java.vendor", "java.vm.name", "java.vm.version", "os.name",
                "os.version", "os.arch", "user.timezone", "file.encoding", "user.name")) {
            f.put(p, System.getProperty(p, ""));
        }
        Runtime rt = Runtime.getRuntime();
        f.put("cpus", Integer.toString(rt.availableProcessors()));
        f.put("jvm.maxHeapMiB", Long.toString(rt.maxMemory() / (1024 * 1024)));
        f.put("camel", version("org.apache.camel.main.Main"));
        f.put("pgjdbc", version("org.postgresql.Driver"));
        f.put("mssql-jdbc", version("com.microsoft.sqlserver.jdbc.SQLServerDriver"));
        f.put("h2", version("org.h2.Driver"));
        for (String env : List.of(Settings.SOURCE_PASSWORD_ENV, Settings.TARGET_PASSWORD_ENV)) {
            f.put("env." + env, System.getenv(env) == null ? "not set" : "set (value not included)");
        }
        StringBuilder sb = new StringBuilder();
        f.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    private static String version(String className) {
        try {
            return version(Class.forName(className), "unknown");
        } catch (ClassNotFoundException | LinkageError e) {
            return "not on the classpath";
        }
    }

    private static String version(Class<?> c, String fallback) {
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        return v == null ? fallback : v;
    }

    private static void entry(ZipOutputStream z, String name, String text) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(text.getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
    }
}
