package migratedb.config;

import migratedb.sink.KeyMaterial;
import migratedb.sink.KeyNames;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static migratedb.config.SettingKeys.*;

/**
 * The product document's "Migration Set Up" window, in a terminal: asks the SQL Server and PostgreSQL settings,
 * checking each answer as it is typed ({@link SettingChecks}), writes conf/database_params.conf (every key with its
 * comment from {@link SettingKeys}, secrets as ENC(...), owner-only permissions), shows a generated master key
 * password once, offers the connection Test, and proposes a decision for each table and column of the source named
 * like a password (saved in conf/migration.properties, whose comments stay). The Test and the look into the source
 * are hooks the caller supplies.
 *
 * <p>Running it again shows the stored values as defaults; Enter keeps a stored password. A target.url or a bundled
 * source, which would override the answers, is shown and can be cleared. Keys it does not ask about
 * (target.tls.*, target.kerberos.* ...) are kept as they are.</p>
 */
public final class SetupWizard {

    /** Where questions go and answers come from. */
    public interface Terminal {
        /** A line, or null at end of input. */
        String readLine(String prompt);

        /** A line read without echo where the terminal allows it, or null at end of input. */
        char[] readPassword(String prompt);

        void println(String text);

        /** The real console: passwords without echo; falls back to plain stdin (with a warning) when there is none. */
        static Terminal system() {
            Console console = System.console();
            if (console != null) {
                return new Terminal() {
                    public String readLine(String prompt) {
                        return console.readLine("%s", prompt);
                    }

                    public char[] readPassword(String prompt) {
                        return console.readPassword("%s", prompt);
                    }

                    public void println(String text) {
                        console.printf("%s%n", text);
                    }
                };
            }
            Terminal plain = of(new InputStreamReader(System.in, StandardCharsets.UTF_8),
                    new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            plain.println("NOTE: no console is attached; passwords typed here will be visible.");
            return plain;
        }

        /** For tests and scripted input: passwords are read like any line. */
        static Terminal of(Reader in, Writer out) {
            BufferedReader reader = new BufferedReader(in);
            PrintWriter writer = new PrintWriter(out, true);
            return new Terminal() {
                public String readLine(String prompt) {
                    writer.print(prompt);
                    writer.flush();
                    try {
                        return reader.readLine();
                    } catch (IOException e) {
                        return null;
                    }
                }

                public char[] readPassword(String prompt) {
                    String line = readLine(prompt);
                    return line == null ? null : line.toCharArray();
                }

                public void println(String text) {
                    writer.println(text);
                }
            };
        }
    }

    /** The Test button: given the settings as stored, try the connections and say how it went. */
    @FunctionalInterface
    public interface ConnectionTest {
        TestReport run(Map<String, String> storedSettings);
    }

    /** What the Test button found: whether every check passed, and the text to show. */
    public record TestReport(boolean passed, String text) {
    }

    /**
     * Looks into the source for tables and text or binary columns named like passwords or secrets that are not
     * excluded, protected or declared yet (the assessment's credential-not-protected), given the settings as stored.
     */
    @FunctionalInterface
    public interface CredentialScan {
        List<Credential> find(Map<String, String> storedSettings) throws Exception;
    }

    /**
     * A table or column the set-up asks about.
     *
     * @param table  schema.table
     * @param column the column, or null for the table
     * @param type   the column's PostgreSQL type, or null
     * @param word   the word of assess.credentialNames its name holds
     */
    public record Credential(String table, String column, String type, String word) {
        String name() {
            return column == null ? table : table + "." + column;
        }
    }

    /**
     * @param storedSettings            what was written (secrets as ENC(...))
     * @param generatedMasterKeyPassword the new master key password, present only when this run generated it: shown
     *                                  ONCE on the terminal (see {@link #masterKeyNotice()}), stored encrypted
     * @param keyFileProtection         how the key file is protected, to print
     * @param testPassed                the Test's verdict, or empty when it was not run
     */
    public record Result(Path configFile, Map<String, String> storedSettings,
                         Optional<Secret> generatedMasterKeyPassword, FilePermissions.Protection keyFileProtection,
                         Optional<Boolean> testPassed) {
        /** The one text that contains the generated password: printed to the terminal, never to a log. */
        public String masterKeyNotice() {
            return generatedMasterKeyPassword.map(p -> "The database master key password is " + p.reveal()
                    + " . Store it in your password vault now: it is shown only this once (conf/ keeps it encrypted)"
                    + " and it is needed to restore the key hierarchy elsewhere.").orElse("");
        }
    }

    private static final String DEFAULT_SOURCE_URL = "jdbc:postgresql://localhost:2345/PassTrix";
    private static final String DEFAULT_SOURCE_USER = "postgres";
    private static final List<String> YES_NO = List.of("yes", "no");

    private final Terminal terminal;
    private final Path configFile;
    private final Path tunablesFile;
    private final Path keyFile;
    private final SecureRandom random;

    /**
     * @param configFile   the connection file to write (conf/database_params.conf)
     * @param tunablesFile conf/migration.properties, where the decisions about credentials go (comments kept)
     * @param keyFile      the key file of the ENC(...) values
     */
    public SetupWizard(Terminal terminal, Path configFile, Path tunablesFile, Path keyFile, SecureRandom random) {
        this.terminal = terminal;
        this.configFile = configFile;
        this.tunablesFile = tunablesFile;
        this.keyFile = keyFile;
        this.random = random;
    }

    public Result run(ConnectionTest test) {
        return run(test, null);
    }

    /**
     * Asks, writes the connection file, shows a generated master key password, offers the Test, then proposes what
     * to do with the source's tables and columns named like credentials.
     */
    public Result run(ConnectionTest test, CredentialScan scan) {
        Map<String, String> old = readExisting();
        boolean keyFileWasMissing = !Files.exists(keyFile);
        if (keyFileWasMissing && old.values().stream().anyMatch(SecretCipher::isEncrypted)) {
            terminal.println("The key file " + keyFile + " is missing, but " + configFile
                    + " holds passwords encrypted with it.");
            terminal.println("  If a backup of the installation has it, stop now (Ctrl-C) and put it back: nothing "
                    + "has to be typed again.");
            terminal.println("  Otherwise the set-up makes a new key file and asks for each stored password again.");
            terminal.println("");
        }
        SecretCipher cipher = SecretCipher.loadOrCreate(keyFile);
        Map<String, String> out;
        Optional<Secret> generated;
        FilePermissions.Protection protection;
        try {
            forgetUndecryptable(old, cipher);
            out = new LinkedHashMap<>();
            generated = askAll(old, out, cipher);
            old.forEach(out::putIfAbsent); // keys the wizard does not ask about stay
            protection = write(out);
        } catch (RuntimeException stopped) {
            if (keyFileWasMissing) {
                deleteNewKeyFile(); // nothing was saved with it: leave no key that encrypts nothing
            }
            throw stopped;
        }
        terminal.println("");
        terminal.println("Saved " + configFile + " (passwords encrypted with " + keyFile + ").");
        terminal.println(FilePermissions.describe(configFile).description());
        terminal.println(cipher.keyFileProtection().description());
        Result shown = new Result(configFile, Map.copyOf(out), generated, protection, Optional.empty());
        if (generated.isPresent()) {
            // before the Test: a failure below must not push the one-time password out of sight
            String rule = "*".repeat(78);
            terminal.println("");
            terminal.println(rule);
            terminal.println("IMPORTANT, shown only now: " + shown.masterKeyNotice());
            terminal.println(rule);
        }

        Optional<Boolean> passed = Optional.empty();
        if (test != null && yes("Test the connections now?")) {
            TestReport report = test.run(Map.copyOf(out));
            terminal.println(report.text().stripTrailing());
            passed = Optional.of(report.passed());
        }
        if (scan != null) {
            proposeCredentialDecisions(scan, out);
        }
        return new Result(configFile, Map.copyOf(out), generated, protection, passed);
    }

    /** The questions of the setup window, in its order; returns the master key password when one was generated. */
    private Optional<Secret> askAll(Map<String, String> old, Map<String, String> out, SecretCipher cipher) {
        terminal.println("MigrateDB - Migration Set Up (PostgreSQL to MS SQL Server). Press Enter to keep the value in [brackets].");
        terminal.println("");
        terminal.println("MS SQL Server");
        boolean urlKept = false;
        String url = orDefault(old.get(TARGET_URL), "");
        if (!url.isBlank()) {
            terminal.println("  target.url is set: " + SecretRedactor.standard().redact(url));
            terminal.println("  It overrides the host, instance and database: answers to those would not be used.");
            urlKept = choose("Keep target.url (yes/no; no clears it)", "yes", YES_NO).equals("yes");
            out.put(TARGET_URL, urlKept ? url : "");
        }
        if (urlKept) {
            terminal.println("  (host, instance and database come from target.url)");
            for (String key : List.of(TARGET_HOST, TARGET_INSTANCE, TARGET_DATABASE)) {
                out.put(key, orDefault(old.get(key), ""));
            }
        } else {
            out.put(TARGET_HOST, ask("Host Name (name or IP; host:port for a port other than 1433)",
                    old.get(TARGET_HOST), true, TARGET_HOST));
            out.put(TARGET_INSTANCE, ask("Instance Name (empty: default instance on port 1433)",
                    old.get(TARGET_INSTANCE), false, TARGET_INSTANCE));
            out.put(TARGET_DATABASE, ask("Database Name", orDefault(old.get(TARGET_DATABASE),
                    KeyNames.DEFAULT_DATABASE), true, TARGET_DATABASE));
        }
        String auth = choose("Authentication (Windows/SQL)", orDefault(old.get(TARGET_AUTH), "sql"), List.of("windows", "sql"));
        out.put(TARGET_AUTH, auth);
        boolean sql = auth.equals("sql");
        String user = ask(sql ? "User Name" : "User Name (empty: the account MigrateDB runs as; DOMAIN\\user for another Windows account)",
                old.get(TARGET_USER), sql, TARGET_USER);
        out.put(TARGET_USER, user);
        boolean needsPassword = sql || user.contains("\\");
        // a Kerberos principal (user@REALM) logs in with a keytab or with a password written into the file by hand:
        // setup asks for neither, and keeps the password that is there
        String kept = user.contains("@") ? orDefault(old.get(TARGET_PASSWORD), "") : "";
        if (!kept.isEmpty() && !SecretCipher.isEncrypted(kept)) {
            kept = cipher.encrypt(Secret.of(kept));
        }
        out.put(TARGET_PASSWORD, needsPassword ? askSecret("Password", old.get(TARGET_PASSWORD), cipher, TARGET_PASSWORD)
                : kept);

        String mode = choose("Encryption Key (Default/Custom/None)", orDefault(old.get(TARGET_ENCRYPTION), "default"),
                List.of("default", "custom", "none"));
        out.put(TARGET_ENCRYPTION, mode);
        Optional<Secret> generated = Optional.empty();
        if (mode.equals("none")) {
            // no key hierarchy: nothing to name, no master key password to make (protected columns are refused)
            terminal.println("None: no master key, certificate or symmetric key; migration.protectedColumns must stay "
                    + "empty.");
            out.put(TARGET_CERTIFICATE, orDefault(old.get(TARGET_CERTIFICATE), ""));
            out.put(TARGET_SYMMETRIC_KEY, orDefault(old.get(TARGET_SYMMETRIC_KEY), ""));
            out.put(TARGET_MASTER_KEY_PASSWORD, orDefault(old.get(TARGET_MASTER_KEY_PASSWORD), ""));
        } else if (mode.equals("custom")) {
            terminal.println("Custom: create the database, master key, certificate and an AES_256 symmetric key first (see the product document).");
            out.put(TARGET_CERTIFICATE, ask("Certificate Name", old.get(TARGET_CERTIFICATE), true, TARGET_CERTIFICATE));
            out.put(TARGET_SYMMETRIC_KEY, ask("Symmetric Key Name", old.get(TARGET_SYMMETRIC_KEY), true, TARGET_SYMMETRIC_KEY));
            out.put(TARGET_MASTER_KEY_PASSWORD, orDefault(old.get(TARGET_MASTER_KEY_PASSWORD), ""));
        } else {
            out.put(TARGET_CERTIFICATE, orDefault(old.get(TARGET_CERTIFICATE), KeyNames.DEFAULT_CERTIFICATE));
            out.put(TARGET_SYMMETRIC_KEY, orDefault(old.get(TARGET_SYMMETRIC_KEY), KeyNames.DEFAULT_SYMMETRIC_KEY));
            String stored = old.get(TARGET_MASTER_KEY_PASSWORD);
            if (stored != null && !stored.isBlank()) {
                out.put(TARGET_MASTER_KEY_PASSWORD, stored); // never regenerate: it derives the existing key
            } else {
                Secret password = KeyMaterial.generatePassword(random);
                generated = Optional.of(password);
                out.put(TARGET_MASTER_KEY_PASSWORD, cipher.encrypt(password));
            }
        }

        terminal.println("");
        terminal.println("PostgreSQL (source)");
        boolean bundled = !orDefault(old.get(SOURCE_PG_HOME), "").isBlank()
                || !orDefault(old.get(SOURCE_DATA_DIR), "").isBlank();
        if (bundled) {
            terminal.println("  Bundled mode is set: source.pgHome=" + orDefault(old.get(SOURCE_PG_HOME), "")
                    + ", source.dataDir=" + orDefault(old.get(SOURCE_DATA_DIR), "") + ", source.database="
                    + orDefault(old.get(SOURCE_DATABASE), ""));
            terminal.println("  MigrateDB starts the application's PostgreSQL itself; a JDBC URL would not be used.");
            bundled = choose("Keep bundled mode (yes/no; no clears it and asks for a JDBC URL)", "yes", YES_NO)
                    .equals("yes");
            if (!bundled) {
                BUNDLED_KEYS.forEach(key -> out.put(key, ""));
            }
        }
        if (bundled) {
            out.put(SOURCE_URL, orDefault(old.get(SOURCE_URL), ""));
        } else {
            out.put(SOURCE_URL, ask("JDBC URL", orDefault(old.get(SOURCE_URL), DEFAULT_SOURCE_URL), true, SOURCE_URL));
        }
        out.put(SOURCE_USER, ask("User Name", orDefault(old.get(SOURCE_USER), DEFAULT_SOURCE_USER), true, SOURCE_USER));
        out.put(SOURCE_PASSWORD, askSecret("Password", old.get(SOURCE_PASSWORD), cipher, SOURCE_PASSWORD));
        return generated;
    }

    /**
     * Each table and column named like a credential that the migration would copy in plain text: exclude it,
     * protect it, declare it holds none, or decide later (the assessment then blocks). Saved in migration.properties.
     */
    private void proposeCredentialDecisions(CredentialScan scan, Map<String, String> stored) {
        // with target.encryption=none there is no symmetric key: protecting a column would be refused at migrate
        boolean canProtect = !"none".equalsIgnoreCase(orDefault(stored.get(TARGET_ENCRYPTION), "default"));
        if (!yes("Look in the source for tables and columns named like passwords or secrets now?")) {
            return;
        }
        List<Credential> found;
        try {
            found = scan.find(Map.copyOf(stored));
        } catch (Exception e) {
            terminal.println("  The source could not be read (" + SecretRedactor.standard().redact(String.valueOf(
                    e.getMessage())) + "); './run.sh assess' lists them later (credential-not-protected).");
            return;
        }
        if (found.isEmpty()) {
            terminal.println("  None found: no table or text column is named like a password or secret, or each one "
                    + "is excluded, protected or declared already.");
            return;
        }
        terminal.println("  " + found.size() + " found. Each would be copied to SQL Server in plain text; the "
                + "assessment blocks the migration until each one is decided:");
        if (!canProtect) {
            terminal.println("    (Encryption None: there is no symmetric key to protect a column with)");
        }
        if (canProtect) {
            terminal.println("    protect = store the column encrypted with the symmetric key "
                    + "(migration.protectedColumns)");
        }
        terminal.println("    exclude = do not copy its table; export and re-import it (migration.excludedTables)");
        terminal.println("    not     = it holds no credential, copy it as it is (assess.notCredential)");
        terminal.println("    later   = decide later ('./run.sh assess' names it again)");
        java.util.Set<String> excluded = new java.util.LinkedHashSet<>();
        java.util.Set<String> protectedColumns = new java.util.LinkedHashSet<>();
        java.util.Set<String> notCredential = new java.util.LinkedHashSet<>();
        for (Credential c : found) {
            if (excluded.contains(c.table())) {
                continue;
            }
            String what = c.column() == null ? "table " + c.name() + " (named like '" + c.word() + "')"
                    : c.name() + " (" + c.type() + ", named like '" + c.word() + "')";
            List<String> options = c.column() == null || !canProtect ? List.of("exclude", "not", "later")
                    : List.of("protect", "exclude", "not", "later");
            String answer = choose("  " + what + ": " + String.join(" / ", options), "later", options);
            switch (answer) {
                case "protect" -> protectedColumns.add(c.name());
                case "exclude" -> excluded.add(c.table());
                case "not" -> notCredential.add(c.name());
                default -> {
                    // decided later: the assessment names it
                }
            }
        }
        Map<String, String> changes = new LinkedHashMap<>();
        Map<String, String> current = readTunables();
        merge(changes, current, EXCLUDED_TABLES, excluded);
        merge(changes, current, PROTECTED_COLUMNS, protectedColumns);
        merge(changes, current, ASSESS_NOT_CREDENTIAL, notCredential);
        if (changes.isEmpty()) {
            terminal.println("  Nothing decided: './run.sh assess' will name them again.");
            return;
        }
        try {
            PropertiesFileEditor.set(tunablesFile, ConfigTemplates.migrationProperties(), changes);
        } catch (java.io.IOException e) {
            throw new MigrationException(SecurityTrouble.CONFIG_FILE_WRITE_FAILED,
                    Map.of("file", tunablesFile, "reason", e.getClass().getSimpleName()), e);
        }
        changes.forEach((k, v) -> terminal.println("  Saved " + k + "=" + v + " in " + tunablesFile));
        if (!excluded.isEmpty()) {
            terminal.println("  Excluded tables are not migrated: export them before the migration with "
                    + "'./run.sh export-excluded' and import them afterwards (docs/operations.md).");
        }
    }

    private static void merge(Map<String, String> changes, Map<String, String> current, String key,
                              java.util.Set<String> added) {
        if (added.isEmpty()) {
            return;
        }
        java.util.Set<String> all = new java.util.LinkedHashSet<>();
        for (String part : current.getOrDefault(key, "").split(",")) {
            if (!part.isBlank()) {
                all.add(part.strip());
            }
        }
        all.addAll(added);
        changes.put(key, String.join(",", all));
    }

    private Map<String, String> readTunables() {
        Map<String, String> out = new LinkedHashMap<>();
        if (Files.exists(tunablesFile)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(tunablesFile, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new MigrationException(SecurityTrouble.CONFIG_FILE_WRITE_FAILED, Map.of("file", tunablesFile,
                        "reason", "the existing file cannot be read (" + e.getClass().getSimpleName() + ")"), e);
            }
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        }
        return out;
    }

    private boolean yes(String question) {
        String answer = terminal.readLine(question + " [Y/n] ");
        return answer != null && !answer.strip().toLowerCase(Locale.ROOT).startsWith("n");
    }

    private void deleteNewKeyFile() {
        try {
            Files.deleteIfExists(keyFile);
        } catch (IOException e) {
            terminal.println("  (The new key file " + keyFile + " could not be removed: " + e.getMessage() + ")");
        }
    }

    /**
     * Stored secrets the key file cannot decrypt (it was lost and re-created, or copied from elsewhere) are asked
     * again instead of being kept unusable. The master key password derives the target's existing symmetric key:
     * it is asked for as it was (from the key backup), never generated anew.
     */
    private void forgetUndecryptable(Map<String, String> old, SecretCipher cipher) {
        for (String key : SettingKeys.SECRET_KEYS) {
            String stored = old.get(key);
            if (stored == null || !SecretCipher.isEncrypted(stored)) {
                continue;
            }
            try {
                cipher.decrypt(key, stored);
            } catch (MigrationException e) {
                if (key.equals(TARGET_MASTER_KEY_PASSWORD)) {
                    old.put(key, cipher.encrypt(askMasterKeyPassword()));
                    continue;
                }
                terminal.println("  The stored " + key + " cannot be decrypted with " + keyFile
                        + " (another key file wrote it): enter it again.");
                old.remove(key);
            }
        }
    }

    /** The existing master key password, typed twice; Enter alone stops the set-up with the way out. */
    private Secret askMasterKeyPassword() {
        terminal.println("  The database master key password (" + TARGET_MASTER_KEY_PASSWORD + ") was encrypted with "
                + "another key file and cannot be read.");
        terminal.println("  It opens the target's master key and derives its symmetric key, so it cannot be made "
                + "anew: type it as it was shown at the first migration (it belongs with the key backup, "
                + "reports/<run-id>/key-backup.sql). Enter alone stops the set-up.");
        while (true) {
            char[] first = terminal.readPassword("Master key password: ");
            if (first == null || first.length == 0) {
                throw new MigrationException(SecurityTrouble.SETUP_MASTER_KEY_PASSWORD_LOST,
                        Map.of("keyFile", keyFile, "file", configFile));
            }
            char[] second = terminal.readPassword("Master key password again: ");
            try {
                if (second != null && java.util.Arrays.equals(first, second)) {
                    return Secret.of(first);
                }
                terminal.println("  The two entries differ; type it again.");
            } finally {
                java.util.Arrays.fill(first, '\0');
                if (second != null) {
                    java.util.Arrays.fill(second, '\0');
                }
            }
        }
    }

    private String ask(String question, String current, boolean required) {
        return ask(question, current, required, null);
    }

    /** Asks until the answer is present (when required) and valid for {@code key} ({@link SettingChecks}). */
    private String ask(String question, String current, boolean required, String key) {
        boolean clearable = !required && current != null && !current.isEmpty();
        String shown = current == null || current.isEmpty() ? "" : " [" + current + (clearable ? "; - clears" : "")
                + "]";
        while (true) {
            String line = terminal.readLine(question + shown + ": ");
            if (line == null) {
                throw new MigrationException(SecurityTrouble.SETUP_INPUT_ENDED, Map.of("question", question));
            }
            if (clearable && line.strip().equals("-")) {
                return "";
            }
            String value = line.strip().isEmpty() && current != null ? current : line.strip();
            if (required && value.isEmpty()) {
                terminal.println("  A value is required.");
                continue;
            }
            Optional<String> problem = key == null || value.isEmpty() ? Optional.empty()
                    : SettingChecks.problem(key, value);
            if (problem.isEmpty()) {
                return value;
            }
            terminal.println("  '" + value + "' is not valid for " + key + ": " + problem.get());
        }
    }

    private String choose(String question, String current, List<String> options) {
        while (true) {
            String value = ask(question, current, true).toLowerCase(Locale.ROOT);
            if (options.contains(value)) {
                return value;
            }
            terminal.println("  Answer one of: " + String.join(", ", options));
        }
    }

    /** Reads a password without echo; Enter keeps the stored one. Returns the stored form ENC(...). */
    private String askSecret(String question, String stored, SecretCipher cipher, String setting) {
        boolean hasStored = stored != null && !stored.isBlank();
        while (true) {
            char[] typed = terminal.readPassword(question + (hasStored ? " [Enter keeps the stored one]" : "") + ": ");
            if (typed == null) {
                throw new MigrationException(SecurityTrouble.SETUP_INPUT_ENDED, Map.of("question", question));
            }
            try {
                if (typed.length == 0 && hasStored) {
                    return SecretCipher.isEncrypted(stored) ? stored : cipher.encrypt(Secret.of(stored));
                }
                if (typed.length > 0) {
                    return cipher.encrypt(Secret.of(typed));
                }
                terminal.println("  A password is required for " + setting + ".");
            } finally {
                java.util.Arrays.fill(typed, '\0');
            }
        }
    }

    private Map<String, String> readExisting() {
        Map<String, String> out = new LinkedHashMap<>();
        if (Files.exists(configFile)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new MigrationException(SecurityTrouble.CONFIG_FILE_WRITE_FAILED,
                        Map.of("file", configFile, "reason", "the existing file cannot be read (" + e.getClass().getSimpleName() + ")"), e);
            }
            p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k)));
        }
        return out;
    }

    private FilePermissions.Protection write(Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        sb.append("# MigrateDB connection settings, written by './run.sh setup'. Java properties syntax.\n");
        sb.append("# Secrets are stored as ENC(...), encrypted with the key file ").append(keyFile.getFileName())
                .append("; keep this file and the key file readable by their owner only.\n");
        boolean bundled = BUNDLED_KEYS.stream().anyMatch(k -> !values.getOrDefault(k, "").isBlank());
        if (bundled) {
            section(sb, "PostgreSQL (source): the application's bundled server", values, SOURCE_PG_HOME,
                    SOURCE_DATA_DIR, SOURCE_DATABASE, SOURCE_URL, SOURCE_USER, SOURCE_PASSWORD);
        } else {
            section(sb, "PostgreSQL (source)", values, SOURCE_URL, SOURCE_USER, SOURCE_PASSWORD);
        }
        section(sb, "MS SQL Server (target)", values, TARGET_URL, TARGET_HOST, TARGET_INSTANCE, TARGET_DATABASE, TARGET_AUTH,
                TARGET_USER, TARGET_PASSWORD, TARGET_ENCRYPTION, TARGET_CERTIFICATE, TARGET_SYMMETRIC_KEY,
                TARGET_MASTER_KEY_PASSWORD);
        List<String> others = values.keySet().stream()
                .filter(k -> !WIZARD_KEYS.contains(k) && !BUNDLED_KEYS.contains(k)) // bundled keys: in the source's
                .sorted().toList();
        if (!others.isEmpty()) {
            section(sb, "Further settings (kept from the previous file)", values, others.toArray(String[]::new));
        }
        try {
            return FilePermissions.writeOwnerOnly(configFile, sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new MigrationException(SecurityTrouble.CONFIG_FILE_WRITE_FAILED,
                    Map.of("file", configFile, "reason", e.getClass().getSimpleName()), e);
        }
    }

    private static void section(StringBuilder sb, String title, Map<String, String> values, String... keys) {
        sb.append("\n# ---- ").append(title).append(" ----\n");
        for (String key : keys) {
            sb.append("# ").append(SettingKeys.find(key).map(Setting::comment)
                    .orElse("Kept from the previous file (see docs/configuration.md)")).append('\n');
            sb.append(key).append('=').append(propertiesValue(values.getOrDefault(key, ""))).append('\n');
        }
    }

    /** Escapes a value for java.util.Properties: backslash, line breaks, leading blanks, non-ASCII as Unicode escapes. */
    static String propertiesValue(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\f' -> sb.append("\\f");
                case ' ' -> sb.append(i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String orDefault(String v, String d) {
        return v == null || v.isBlank() ? d : v;
    }

    private static final List<String> BUNDLED_KEYS = List.of(SOURCE_PG_HOME, SOURCE_DATA_DIR, SOURCE_DATABASE);

    private static final List<String> WIZARD_KEYS = List.of(SOURCE_URL, SOURCE_USER, SOURCE_PASSWORD, TARGET_URL, TARGET_HOST,
            TARGET_INSTANCE, TARGET_DATABASE, TARGET_AUTH, TARGET_USER, TARGET_PASSWORD, TARGET_ENCRYPTION,
            TARGET_CERTIFICATE, TARGET_SYMMETRIC_KEY, TARGET_MASTER_KEY_PASSWORD);
}
