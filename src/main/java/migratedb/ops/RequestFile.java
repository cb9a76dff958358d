package migratedb.ops;

import migratedb.config.Home;
import migratedb.config.SecretRedactor;
import migratedb.config.SettingKeys;
import migratedb.troubleshoot.MigrationException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks a request file: a small properties file with {@code command=}, {@code config=}, {@code run=} and
 * {@code set.<key>=<value>} lines. Anything else — unknown keys, repeated keys, secrets, SQL, a configuration outside
 * conf/, a link, an oversized or empty file — is refused with the reason, so the file is quarantined, never run.
 */
public final class RequestFile {
    public static final Set<String> COMMANDS = Set.of("assess", "migrate", "resume", "verify");
    public static final String DEFAULT_CONFIG = "conf/database_params.conf";

    /** Statements or comment markers: a request file names settings, it never carries SQL. */
    private static final Pattern SQL = Pattern.compile("(?i)(;|--|/\\*|\\*/|\\b(select|insert|update|delete|drop|create"
            + "|alter|exec|execute|grant|revoke|truncate|merge|declare|union|backup|restore|shutdown)\\b\\s)");
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final int MAX_VALUE_LENGTH = 2_000;

    private final long maxBytes;
    private final Path confDir;
    private final String quarantine;

    /**
     * @param maxBytes   larger files are refused unread
     * @param confDir    the folder a request's {@code config=} must point into
     * @param quarantine where refused files go (named in the refusal)
     */
    public RequestFile(long maxBytes, Path confDir, String quarantine) {
        this.maxBytes = maxBytes;
        this.confDir = confDir.toAbsolutePath().normalize();
        this.quarantine = quarantine;
    }

    public Request read(Path file) {
        String name = file.getFileName().toString();
        if (Files.isSymbolicLink(file)) {
            throw refused(OpsTrouble.REQUEST_SYMLINK, name, Map.of());
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw refused(OpsTrouble.REQUEST_TOO_LARGE, name, Map.of("bytes", size, "max", maxBytes));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw malformed(name, "it cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > maxBytes) { // grew while being read
            throw refused(OpsTrouble.REQUEST_TOO_LARGE, name, Map.of("bytes", bytes.length, "max", maxBytes));
        }
        String text = decode(name, bytes);
        if (text.isBlank()) {
            throw refused(OpsTrouble.REQUEST_PARTIAL, name, Map.of());
        }
        Map<String, String> values = parse(name, text);
        return toRequest(name, values, key(name, bytes));
    }

    private String decode(String name, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw malformed(name, "it is not UTF-8 text");
        }
    }

    private Map<String, String> parse(String name, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int n = i + 1;
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            if (line.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\t')) {
                throw malformed(name, "line " + n + " holds control characters");
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw malformed(name, "line " + n + " is not key=value");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() > MAX_VALUE_LENGTH) {
                throw malformed(name, "the value of " + key + " is longer than " + MAX_VALUE_LENGTH + " characters");
            }
            checkKey(name, key, value, n);
            if (values.putIfAbsent(key, value) != null) {
                throw malformed(name, key + " is given twice (line " + n + ")");
            }
        }
        return values;
    }

    private void checkKey(String name, String key, String value, int line) {
        boolean known = key.equals("command") || key.equals("config") || key.equals("run");
        if (!known && !key.startsWith("set.")) {
            throw malformed(name, "line " + line + ": unknown key '" + key + "' (allowed: command, config, run, "
                    + "set.<setting>)");
        }
        SecretRedactor redactor = SecretRedactor.standard();
        if (key.startsWith("set.")) {
            String setting = key.substring(4);
            // a type mapping's key names a column (maybe one called password); its value is a T-SQL type
            boolean mapping = setting.startsWith("mapping.");
            if (!mapping && (SettingKeys.isSecret(setting) || redactor.isSecretKey(setting))) {
                throw refused(OpsTrouble.REQUEST_FORBIDDEN, name, Map.of("what", "the secret setting " + setting));
            }
            if (!SettingKeys.isKnown(setting)) {
                throw malformed(name, "line " + line + ": " + setting + " is not a MigrateDB setting");
            }
            // a request tunes the run; where the data goes (hosts, URLs, databases, folders) and the safety checks
            // stay in the configuration file, or a dropped file could send the stored login and the data elsewhere
            if (!SettingKeys.settableByRequest(setting)) {
                throw refused(OpsTrouble.REQUEST_FORBIDDEN, name, Map.of("what", "the setting " + setting
                        + " (a request file may set only copy.*, assess.allow and mapping.*; change the "
                        + "configuration file for anything else)"));
            }
        }
        if (!redactor.redact(value).equals(value)) {
            throw refused(OpsTrouble.REQUEST_FORBIDDEN, name, Map.of("what", "a password inside the value of " + key));
        }
        if (SQL.matcher(value).find()) {
            throw refused(OpsTrouble.REQUEST_FORBIDDEN, name, Map.of("what", "SQL or a statement separator in the "
                    + "value of " + key));
        }
    }

    private Request toRequest(String name, Map<String, String> values, String key) {
        String command = values.getOrDefault("command", "").toLowerCase();
        if (command.isEmpty()) {
            throw malformed(name, "it has no command= line (one of " + String.join(", ", sorted(COMMANDS)) + ")");
        }
        if (!COMMANDS.contains(command)) {
            throw malformed(name, "command=" + command + " is not one of " + String.join(", ", sorted(COMMANDS)));
        }
        String run = values.get("run");
        if (run != null && !run.isEmpty() && !RUN_ID.matcher(run).matches()) {
            throw malformed(name, "run=" + run + " is not a run id");
        }
        if (run != null && !run.isEmpty() && !command.equals("verify")) {
            throw malformed(name, "run= is only for command=verify");
        }
        String configText = values.getOrDefault("config", "");
        Path config = Home.resolve(configText.isEmpty() ? DEFAULT_CONFIG : configText);
        if (!inside(config, confDir) || config.getFileName().toString().startsWith(".")) {
            throw refused(OpsTrouble.REQUEST_FORBIDDEN, name, Map.of("what", "a configuration outside " + confDir
                    + " or a hidden file there (config=" + configText + ")"));
        }
        List<String> sets = new ArrayList<>();
        values.forEach((k, v) -> {
            if (k.startsWith("set.")) {
                sets.add(k.substring(4) + "=" + v);
            }
        });
        return new Request(name, command, config, run == null || run.isEmpty() ? null : run, sets, key);
    }

    /** True when the path stays inside the folder, also after following links. */
    static boolean inside(Path path, Path dir) {
        Path p = path.toAbsolutePath().normalize();
        if (!p.startsWith(dir)) {
            return false;
        }
        try {
            Path realDir = dir.toRealPath();
            Path existing = p;
            while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            return existing == null || existing.toRealPath().startsWith(realDir);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    /** The request's identity: its name and a SHA-256 of its bytes, so a changed file is a new request. */
    static String key(String name, byte[] bytes) {
        try {
            return name + ":" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private MigrationException malformed(String name, String reason) {
        return refused(OpsTrouble.REQUEST_MALFORMED, name, Map.of("reason", reason));
    }

    private MigrationException refused(OpsTrouble trouble, String name, Map<String, ?> more) {
        Map<String, Object> d = new LinkedHashMap<>(more);
        d.put("file", name);
        d.put("quarantine", quarantine);
        return new MigrationException(trouble, d);
    }
}
