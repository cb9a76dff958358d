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
     * The answers of the setup window: what the terminal asks one question at a time, or what the web console's
     * Setup form sends at once. Both are turned into the file by the same code ({@link #save(Answers)}).
     *
     * @param values        the typed values by setting key (target.host, target.auth, source.url...); a bundled
     *                      source is given by source.pgHome, source.dataDir and source.database (the terminal keeps
     *                      or clears what the file has; the form may set them)
     * @param passwords     typed passwords by setting key; a password that is absent (or empty) keeps the stored one
     * @param keepTargetUrl keep the target.url the file has (it overrides host, instance and database)
     */
    public record Answers(Map<String, String> values, Map<String, Secret> passwords, boolean keepTargetUrl) {
        public Answers {
            values = Map.copyOf(values);
            passwords = Map.copyOf(passwords);
        }

        String value(String key) {
            return values.getOrDefault(key, "").strip();
        }

        Secret password(String key) {
            Secret s = passwords.get(key);
            return s == null || s.isEmpty() ? null : s;
        }

        boolean bundled() {
            return !value(SOURCE_PG_HOME).isEmpty() || !value(SOURCE_DATA_DIR).isEmpty();
        }
    }

    /**
     * What a form shows before it is filled in: the stored values without any secret, which passwords are stored,
     * and what the file holds that overrides the answers.
     *
     * @param values         the stored values of the window's keys and the bundled source's; never a secret
     * @param storedSecrets  the secret keys that have a stored value this key file can decrypt
     * @param targetUrl      the target.url that overrides host, instance and database, passwords masked; or empty
     * @param masterKeyLost  the stored master key password cannot be decrypted (the key file was lost): it must be
     *                       typed as it was, never generated anew
     */
    public record FormState(Map<String, String> values, List<String> storedSecrets, String targetUrl,
                            boolean masterKeyLost) {
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
            generated = compose(old, askAll(old), cipher, out);
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

    // ---- the same window as a form (the web console's Setup) ---------------------------------------------------

    /** What the form shows: the stored values (never a secret), which passwords are stored, what overrides them. */
    public FormState formState() {
        Map<String, String> old = readExisting();
        SecretCipher cipher = Files.exists(keyFile) ? SecretCipher.loadOrCreate(keyFile) : null;
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : FORM_KEYS) {
            if (!SettingKeys.isSecret(key) && !key.equals(TARGET_URL)) {
                values.put(key, orDefault(old.get(key), ""));
            }
        }
        values.putIfAbsent(TARGET_DATABASE, "");
        if (values.get(TARGET_DATABASE).isEmpty()) {
            values.put(TARGET_DATABASE, KeyNames.DEFAULT_DATABASE);
        }
        if (values.get(TARGET_AUTH).isEmpty()) {
            values.put(TARGET_AUTH, "sql");
        }
        if (values.get(TARGET_ENCRYPTION).isEmpty()) {
            values.put(TARGET_ENCRYPTION, "default");
        }
        if (values.get(SOURCE_USER).isEmpty()) {
            values.put(SOURCE_USER, DEFAULT_SOURCE_USER);
        }
        List<String> stored = new java.util.ArrayList<>();
        boolean masterKeyLost = false;
        for (String key : SettingKeys.SECRET_KEYS) {
            String v = orDefault(old.get(key), "");
            if (v.isEmpty()) {
                continue;
            }
            boolean readable = !SecretCipher.isEncrypted(v) || (cipher != null && decrypts(cipher, key, v));
            if (readable) {
                stored.add(key);
            } else if (key.equals(TARGET_MASTER_KEY_PASSWORD)) {
                masterKeyLost = true;
            }
        }
        String url = orDefault(old.get(TARGET_URL), "");
        return new FormState(values, List.copyOf(stored), url.isBlank() ? "" : SecretRedactor.standard().redact(url),
                masterKeyLost);
    }

    private static boolean decrypts(SecretCipher cipher, String key, String value) {
        try {
            cipher.decrypt(key, value);
            return true;
        } catch (MigrationException e) {
            return false;
        }
    }

    /**
     * What is wrong with the answers, by setting key, in the words the terminal uses; empty when they can be saved.
     * The same rules as each typed answer: a required value, {@link SettingChecks}, a password where none is stored.
     */
    public Map<String, String> problems(Answers a) {
        Map<String, String> old = readExisting();
        SecretCipher cipher = Files.exists(keyFile) ? SecretCipher.loadOrCreate(keyFile) : null;
        Map<String, String> out = new LinkedHashMap<>();
        boolean urlKept = a.keepTargetUrl() && !orDefault(old.get(TARGET_URL), "").isBlank();
        if (!urlKept) {
            check(out, a, TARGET_HOST, true);
            check(out, a, TARGET_INSTANCE, false);
            check(out, a, TARGET_DATABASE, true);
        }
        String auth = a.value(TARGET_AUTH).toLowerCase(Locale.ROOT);
        if (!List.of("windows", "sql").contains(auth)) {
            out.put(TARGET_AUTH, "Answer one of: windows, sql");
        }
        check(out, a, TARGET_USER, auth.equals("sql"));
        if (needsTargetPassword(auth, a.value(TARGET_USER)) && a.password(TARGET_PASSWORD) == null
                && !storedUsable(old, cipher, TARGET_PASSWORD)) {
            out.put(TARGET_PASSWORD, "A password is required for " + TARGET_PASSWORD + ".");
        }
        String mode = a.value(TARGET_ENCRYPTION).toLowerCase(Locale.ROOT);
        if (!List.of("default", "custom", "none").contains(mode)) {
            out.put(TARGET_ENCRYPTION, "Answer one of: default, custom, none");
        }
        if (mode.equals("custom")) {
            check(out, a, TARGET_CERTIFICATE, true);
            check(out, a, TARGET_SYMMETRIC_KEY, true);
        }
        String storedMasterKey = orDefault(old.get(TARGET_MASTER_KEY_PASSWORD), "");
        if (!storedMasterKey.isEmpty() && !storedUsable(old, cipher, TARGET_MASTER_KEY_PASSWORD)
                && a.password(TARGET_MASTER_KEY_PASSWORD) == null) {
            out.put(TARGET_MASTER_KEY_PASSWORD, "The stored master key password cannot be decrypted with " + keyFile
                    + ". It opens the target's master key and derives its symmetric key, so it cannot be made anew: "
                    + "type it as it was shown at the first migration (it belongs with the key backup), or restore "
                    + "the key file from the installation's backup.");
        }
        if (a.bundled()) {
            for (String key : BUNDLED_KEYS) {
                check(out, a, key, true);
            }
        } else {
            check(out, a, SOURCE_URL, true);
        }
        check(out, a, SOURCE_USER, true);
        if (a.password(SOURCE_PASSWORD) == null && !storedUsable(old, cipher, SOURCE_PASSWORD)) {
            out.put(SOURCE_PASSWORD, "A password is required for " + SOURCE_PASSWORD + ".");
        }
        return out;
    }

    private static void check(Map<String, String> out, Answers a, String key, boolean required) {
        answerProblem(key, a.value(key), required).ifPresent(p -> out.put(key, p));
    }

    /** The rule of one typed answer: required, then {@link SettingChecks}; the terminal and the form share it. */
    private static Optional<String> answerProblem(String key, String value, boolean required) {
        if (value.isEmpty()) {
            return required ? Optional.of("A value is required.") : Optional.empty();
        }
        return key == null ? Optional.empty() : SettingChecks.problem(key, value)
                .map(p -> "'" + value + "' is not valid for " + key + ": " + p);
    }

    private static boolean storedUsable(Map<String, String> old, SecretCipher cipher, String key) {
        String v = orDefault(old.get(key), "");
        return !v.isEmpty() && (!SecretCipher.isEncrypted(v) || (cipher != null && decrypts(cipher, key, v)));
    }

    /**
     * Writes the file from a form's answers exactly as the terminal set-up does (same composition, same file, the
     * passwords ENC(...), owner-only). A stored password the key file cannot decrypt counts as not stored; the
     * master key password is then taken as typed, never generated anew.
     *
     * @throws MigrationException SETUP_ANSWERS_INVALID when {@link #problems(Answers)} finds any
     */
    public Result save(Answers a) {
        Map<String, String> problems = problems(a);
        if (!problems.isEmpty()) {
            throw new MigrationException(SecurityTrouble.SETUP_ANSWERS_INVALID, Map.of("file", configFile,
                    "problems", problems.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                            .collect(java.util.stream.Collectors.joining("; "))));
        }
        Map<String, String> old = readExisting();
        boolean keyFileWasMissing = !Files.exists(keyFile);
        SecretCipher cipher = SecretCipher.loadOrCreate(keyFile);
        try {
            for (String key : SettingKeys.SECRET_KEYS) {
                if (!key.equals(TARGET_MASTER_KEY_PASSWORD) && SecretCipher.isEncrypted(orDefault(old.get(key), ""))
                        && !decrypts(cipher, key, old.get(key))) {
                    old.remove(key); // another key file wrote it: the form's typed value replaces it
                }
            }
            if (a.password(TARGET_MASTER_KEY_PASSWORD) == null && SecretCipher.isEncrypted(
                    orDefault(old.get(TARGET_MASTER_KEY_PASSWORD), "")) && !decrypts(cipher,
                    TARGET_MASTER_KEY_PASSWORD, old.get(TARGET_MASTER_KEY_PASSWORD))) {
                throw new MigrationException(SecurityTrouble.SETUP_MASTER_KEY_PASSWORD_LOST,
                        Map.of("keyFile", keyFile, "file", configFile));
            }
            Map<String, String> out = new LinkedHashMap<>();
            Optional<Secret> generated = compose(old, a, cipher, out);
            FilePermissions.Protection protection = write(out);
            return new Result(configFile, Map.copyOf(out), generated, protection, Optional.empty());
        } catch (RuntimeException stopped) {
            if (keyFileWasMissing) {
                deleteNewKeyFile();
            }
            throw stopped;
        }
    }

    /** The questions of the setup window, in its order; each answer is checked as it is typed. */
    private Answers askAll(Map<String, String> old) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Secret> passwords = new LinkedHashMap<>();
        terminal.println("MigrateDB - Migration Set Up (PostgreSQL to MS SQL Server). Press Enter to keep the value in [brackets].");
        terminal.println("");
        terminal.println("MS SQL Server");
        boolean urlKept = false;
        String url = orDefault(old.get(TARGET_URL), "");
        if (!url.isBlank()) {
            terminal.println("  target.url is set: " + SecretRedactor.standard().redact(url));
            terminal.println("  It overrides the host, instance and database: answers to those would not be used.");
            urlKept = choose("Keep target.url (yes/no; no clears it)", "yes", YES_NO).equals("yes");
        }
        if (urlKept) {
            terminal.println("  (host, instance and database come from target.url)");
        } else {
            values.put(TARGET_HOST, ask("Host Name (name or IP; host:port for a port other than 1433)",
                    old.get(TARGET_HOST), true, TARGET_HOST));
            values.put(TARGET_INSTANCE, ask("Instance Name (empty: default instance on port 1433)",
                    old.get(TARGET_INSTANCE), false, TARGET_INSTANCE));
            values.put(TARGET_DATABASE, ask("Database Name", orDefault(old.get(TARGET_DATABASE),
                    KeyNames.DEFAULT_DATABASE), true, TARGET_DATABASE));
        }
        String auth = choose("Authentication (Windows/SQL)", orDefault(old.get(TARGET_AUTH), "sql"), List.of("windows", "sql"));
        values.put(TARGET_AUTH, auth);
        boolean sql = auth.equals("sql");
        String user = ask(sql ? "User Name" : "User Name (empty: the account MigrateDB runs as; DOMAIN\\user for another Windows account)",
                old.get(TARGET_USER), sql, TARGET_USER);
        values.put(TARGET_USER, user);
        if (needsTargetPassword(auth, user)) {
            askSecret("Password", old.get(TARGET_PASSWORD), TARGET_PASSWORD).ifPresent(p -> passwords.put(TARGET_PASSWORD, p));
        }

        String mode = choose("Encryption Key (Default/Custom/None)", orDefault(old.get(TARGET_ENCRYPTION), "default"),
                List.of("default", "custom", "none"));
        values.put(TARGET_ENCRYPTION, mode);
        if (mode.equals("none")) {
            terminal.println("None: no master key, certificate or symmetric key; migration.protectedColumns must stay "
                    + "empty.");
        } else if (mode.equals("custom")) {
            terminal.println("Custom: create the database, master key, certificate and an AES_256 symmetric key first (see the product document).");
            values.put(TARGET_CERTIFICATE, ask("Certificate Name", old.get(TARGET_CERTIFICATE), true, TARGET_CERTIFICATE));
            values.put(TARGET_SYMMETRIC_KEY, ask("Symmetric Key Name", old.get(TARGET_SYMMETRIC_KEY), true, TARGET_SYMMETRIC_KEY));
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
        }
        if (bundled) {
            BUNDLED_KEYS.forEach(key -> values.put(key, orDefault(old.get(key), "")));
        } else {
            values.put(SOURCE_URL, ask("JDBC URL", orDefault(old.get(SOURCE_URL), DEFAULT_SOURCE_URL), true, SOURCE_URL));
        }
        values.put(SOURCE_USER, ask("User Name", orDefault(old.get(SOURCE_USER), DEFAULT_SOURCE_USER), true, SOURCE_USER));
        askSecret("Password", old.get(SOURCE_PASSWORD), SOURCE_PASSWORD).ifPresent(p -> passwords.put(SOURCE_PASSWORD, p));
        return new Answers(values, passwords, urlKept);
    }

    /** SQL authentication, or a Windows account written with its domain (NTLM), logs in with a password. */
    private static boolean needsTargetPassword(String auth, String user) {
        return auth.equals("sql") || user.contains("\\");
    }

    /**
     * The file's new content from the answers (into {@code out}): passwords encrypted, a stored password kept where
     * none was typed, a master key password generated in Default mode when none is stored (never regenerated: it
     * derives the existing key), and every key the window does not ask about kept. Returns the generated password.
     */
    private Optional<Secret> compose(Map<String, String> old, Answers a, SecretCipher cipher,
                                     Map<String, String> out) {
        String url = orDefault(old.get(TARGET_URL), "");
        boolean urlKept = !url.isBlank() && a.keepTargetUrl();
        if (!url.isBlank()) {
            out.put(TARGET_URL, urlKept ? url : "");
        }
        for (String key : List.of(TARGET_HOST, TARGET_INSTANCE, TARGET_DATABASE)) {
            out.put(key, urlKept ? orDefault(old.get(key), "") : a.value(key));
        }
        String auth = a.value(TARGET_AUTH).toLowerCase(Locale.ROOT);
        String user = a.value(TARGET_USER);
        out.put(TARGET_AUTH, auth);
        out.put(TARGET_USER, user);
        // a Kerberos principal (user@REALM) logs in with a keytab or with a password written into the file by hand:
        // setup asks for neither, and keeps the password that is there
        String kept = user.contains("@") ? orDefault(old.get(TARGET_PASSWORD), "") : "";
        out.put(TARGET_PASSWORD, needsTargetPassword(auth, user)
                ? stored(a.password(TARGET_PASSWORD), old.get(TARGET_PASSWORD), cipher)
                : kept.isEmpty() ? "" : stored(null, kept, cipher));

        String mode = a.value(TARGET_ENCRYPTION).toLowerCase(Locale.ROOT);
        out.put(TARGET_ENCRYPTION, mode);
        Optional<Secret> generated = Optional.empty();
        String storedMasterKey = a.password(TARGET_MASTER_KEY_PASSWORD) != null
                ? cipher.encrypt(a.password(TARGET_MASTER_KEY_PASSWORD)) : orDefault(old.get(TARGET_MASTER_KEY_PASSWORD), "");
        if (mode.equals("none")) {
            // no key hierarchy: nothing to name, no master key password to make (protected columns are refused)
            out.put(TARGET_CERTIFICATE, orDefault(old.get(TARGET_CERTIFICATE), ""));
            out.put(TARGET_SYMMETRIC_KEY, orDefault(old.get(TARGET_SYMMETRIC_KEY), ""));
            out.put(TARGET_MASTER_KEY_PASSWORD, storedMasterKey);
        } else if (mode.equals("custom")) {
            out.put(TARGET_CERTIFICATE, a.value(TARGET_CERTIFICATE));
            out.put(TARGET_SYMMETRIC_KEY, a.value(TARGET_SYMMETRIC_KEY));
            out.put(TARGET_MASTER_KEY_PASSWORD, storedMasterKey);
        } else {
            out.put(TARGET_CERTIFICATE, orDefault(old.get(TARGET_CERTIFICATE), KeyNames.DEFAULT_CERTIFICATE));
            out.put(TARGET_SYMMETRIC_KEY, orDefault(old.get(TARGET_SYMMETRIC_KEY), KeyNames.DEFAULT_SYMMETRIC_KEY));
            if (!storedMasterKey.isBlank()) {
                out.put(TARGET_MASTER_KEY_PASSWORD, storedMasterKey); // never regenerate: it derives the existing key
            } else {
                Secret password = KeyMaterial.generatePassword(random);
                generated = Optional.of(password);
                out.put(TARGET_MASTER_KEY_PASSWORD, cipher.encrypt(password));
            }
        }

        boolean hadBundled = !orDefault(old.get(SOURCE_PG_HOME), "").isBlank()
                || !orDefault(old.get(SOURCE_DATA_DIR), "").isBlank();
        if (a.bundled()) {
            BUNDLED_KEYS.forEach(key -> out.put(key, a.value(key)));
            out.put(SOURCE_URL, orDefault(old.get(SOURCE_URL), ""));
        } else {
            if (hadBundled) {
                BUNDLED_KEYS.forEach(key -> out.put(key, "")); // cleared: nothing overrides the URL any more
            }
            out.put(SOURCE_URL, a.value(SOURCE_URL));
        }
        out.put(SOURCE_USER, a.value(SOURCE_USER));
        out.put(SOURCE_PASSWORD, stored(a.password(SOURCE_PASSWORD), old.get(SOURCE_PASSWORD), cipher));
        old.forEach(out::putIfAbsent); // keys the window does not ask about stay
        return generated;
    }

    /** The stored form ENC(...) of a typed password, or of the stored one (encrypted now if it was plain). */
    private static String stored(Secret typed, String stored, SecretCipher cipher) {
        if (typed != null) {
            return cipher.encrypt(typed);
        }
        String s = orDefault(stored, "");
        return s.isEmpty() || SecretCipher.isEncrypted(s) ? s : cipher.encrypt(Secret.of(s));
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
            Optional<String> problem = answerProblem(key, value, required);
            if (problem.isEmpty()) {
                return value;
            }
            terminal.println("  " + problem.get());
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

    /** Reads a password without echo; Enter keeps the stored one (empty). Required when none is stored. */
    private Optional<Secret> askSecret(String question, String stored, String setting) {
        boolean hasStored = stored != null && !stored.isBlank();
        while (true) {
            char[] typed = terminal.readPassword(question + (hasStored ? " [Enter keeps the stored one]" : "") + ": ");
            if (typed == null) {
                throw new MigrationException(SecurityTrouble.SETUP_INPUT_ENDED, Map.of("question", question));
            }
            try {
                if (typed.length > 0) {
                    return Optional.of(Secret.of(typed));
                }
                if (hasStored) {
                    return Optional.empty();
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

    /** The keys the window (terminal or form) decides. */
    private static final List<String> FORM_KEYS = List.of(TARGET_URL, TARGET_HOST, TARGET_INSTANCE, TARGET_DATABASE,
            TARGET_AUTH, TARGET_USER, TARGET_PASSWORD, TARGET_ENCRYPTION, TARGET_CERTIFICATE, TARGET_SYMMETRIC_KEY,
            TARGET_MASTER_KEY_PASSWORD, SOURCE_URL, SOURCE_USER, SOURCE_PASSWORD, SOURCE_PG_HOME, SOURCE_DATA_DIR,
            SOURCE_DATABASE);

    private static final List<String> WIZARD_KEYS = List.of(SOURCE_URL, SOURCE_USER, SOURCE_PASSWORD, TARGET_URL, TARGET_HOST,
            TARGET_INSTANCE, TARGET_DATABASE, TARGET_AUTH, TARGET_USER, TARGET_PASSWORD, TARGET_ENCRYPTION,
            TARGET_CERTIFICATE, TARGET_SYMMETRIC_KEY, TARGET_MASTER_KEY_PASSWORD);
}
