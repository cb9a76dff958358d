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
 * writes conf/database_params.conf (a comment on every key, secrets as ENC(...), owner-only permissions) and offers
 * the connection Test through a hook the caller supplies.
 *
 * <p>Running it again shows the stored values as defaults; Enter keeps a stored password. Keys it does not ask
 * about (target.tls.*, target.kerberos.*, target.url ...) are kept as they are.</p>
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

    /** The Test button: given the settings as stored, try the connections and return the text to show. */
    @FunctionalInterface
    public interface ConnectionTest {
        String run(Map<String, String> storedSettings);
    }

    /**
     * @param storedSettings            what was written (secrets as ENC(...))
     * @param generatedMasterKeyPassword the new master key password, present only when this run generated it: the
     *                                  caller shows it ONCE (see {@link #masterKeyNotice()}), it is stored encrypted
     * @param keyFileProtection         how the key file is protected, to print
     */
    public record Result(Path configFile, Map<String, String> storedSettings,
                         Optional<Secret> generatedMasterKeyPassword, FilePermissions.Protection keyFileProtection) {
        /** The one text that contains the generated password: print it to the terminal, never to a log. */
        public String masterKeyNotice() {
            return generatedMasterKeyPassword.map(p -> "The database master key password is " + p.reveal()
                    + " . Store it in your password vault now: it is shown only this once (conf/ keeps it encrypted)"
                    + " and it is needed to restore the key hierarchy elsewhere.").orElse("");
        }
    }

    private static final String DEFAULT_SOURCE_URL = "jdbc:postgresql://localhost:2345/PassTrix";
    private static final String DEFAULT_SOURCE_USER = "postgres";

    private final Terminal terminal;
    private final Path configFile;
    private final Path keyFile;
    private final SecureRandom random;

    public SetupWizard(Terminal terminal, Path configFile, Path keyFile, SecureRandom random) {
        this.terminal = terminal;
        this.configFile = configFile;
        this.keyFile = keyFile;
        this.random = random;
    }

    public Result run(ConnectionTest test) {
        Map<String, String> old = readExisting();
        SecretCipher cipher = SecretCipher.loadOrCreate(keyFile);
        forgetUndecryptable(old, cipher);
        Map<String, String> out = new LinkedHashMap<>();

        terminal.println("MigrateDB - Migration Set Up (PostgreSQL to MS SQL Server). Press Enter to keep the value in [brackets].");
        terminal.println("");
        terminal.println("MS SQL Server");
        out.put(TARGET_HOST, ask("Host Name (name or IP; host:port for a port other than 1433)", old.get(TARGET_HOST), true));
        out.put(TARGET_INSTANCE, ask("Instance Name (empty: default instance on port 1433)", old.get(TARGET_INSTANCE), false));
        out.put(TARGET_DATABASE, ask("Database Name", orDefault(old.get(TARGET_DATABASE), KeyNames.DEFAULT_DATABASE), true));
        String auth = choose("Authentication (Windows/SQL)", orDefault(old.get(TARGET_AUTH), "sql"), List.of("windows", "sql"));
        out.put(TARGET_AUTH, auth);
        boolean sql = auth.equals("sql");
        String user = ask(sql ? "User Name" : "User Name (empty: the account MigrateDB runs as; DOMAIN\\user for another Windows account)",
                old.get(TARGET_USER), sql);
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

        String mode = choose("Encryption Key (Default/Custom)", orDefault(old.get(TARGET_ENCRYPTION), "default"), List.of("default", "custom"));
        out.put(TARGET_ENCRYPTION, mode);
        Optional<Secret> generated = Optional.empty();
        if (mode.equals("custom")) {
            terminal.println("Custom: create the database, master key, certificate and an AES_256 symmetric key first (see the product document).");
            out.put(TARGET_CERTIFICATE, ask("Certificate Name", old.get(TARGET_CERTIFICATE), true));
            out.put(TARGET_SYMMETRIC_KEY, ask("Symmetric Key Name", old.get(TARGET_SYMMETRIC_KEY), true));
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
        out.put(SOURCE_URL, ask("JDBC URL", orDefault(old.get(SOURCE_URL), DEFAULT_SOURCE_URL), true));
        out.put(SOURCE_USER, ask("User Name", orDefault(old.get(SOURCE_USER), DEFAULT_SOURCE_USER), true));
        out.put(SOURCE_PASSWORD, askSecret("Password", old.get(SOURCE_PASSWORD), cipher, SOURCE_PASSWORD));

        old.forEach((k, v) -> out.putIfAbsent(k, v)); // keys the wizard does not ask about stay
        FilePermissions.Protection protection = write(out);
        terminal.println("");
        terminal.println("Saved " + configFile + " (passwords encrypted with " + keyFile + ").");
        terminal.println(FilePermissions.describe(configFile).description());
        terminal.println(cipher.keyFileProtection().description());

        if (test != null) {
            String answer = terminal.readLine("Test the connections now? [Y/n] ");
            if (answer != null && !answer.strip().toLowerCase(Locale.ROOT).startsWith("n")) {
                terminal.println(test.run(Map.copyOf(out)));
            }
        }
        return new Result(configFile, Map.copyOf(out), generated, protection);
    }

    /**
     * Stored secrets the key file cannot decrypt (it was lost and re-created, or copied from elsewhere) are asked
     * again instead of being kept unusable. The master key password cannot be asked again: it derives the existing
     * symmetric key, so setup stops and says to bring the key file back.
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
                    throw e;
                }
                terminal.println("  The stored " + key + " cannot be decrypted with " + keyFile
                        + " (another key file wrote it): enter it again.");
                old.remove(key);
            }
        }
    }

    private String ask(String question, String current, boolean required) {
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
            if (!required || !value.isEmpty()) {
                return value;
            }
            terminal.println("  A value is required.");
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
        section(sb, "PostgreSQL (source)", values, SOURCE_URL, SOURCE_USER, SOURCE_PASSWORD);
        section(sb, "MS SQL Server (target)", values, TARGET_HOST, TARGET_INSTANCE, TARGET_DATABASE, TARGET_AUTH,
                TARGET_USER, TARGET_PASSWORD, TARGET_ENCRYPTION, TARGET_CERTIFICATE, TARGET_SYMMETRIC_KEY,
                TARGET_MASTER_KEY_PASSWORD);
        List<String> others = values.keySet().stream()
                .filter(k -> !WIZARD_KEYS.contains(k)).sorted().toList();
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
            sb.append("# ").append(COMMENTS.getOrDefault(key, "(setting not managed by the set-up)")).append('\n');
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

    private static final List<String> WIZARD_KEYS = List.of(SOURCE_URL, SOURCE_USER, SOURCE_PASSWORD, TARGET_HOST,
            TARGET_INSTANCE, TARGET_DATABASE, TARGET_AUTH, TARGET_USER, TARGET_PASSWORD, TARGET_ENCRYPTION,
            TARGET_CERTIFICATE, TARGET_SYMMETRIC_KEY, TARGET_MASTER_KEY_PASSWORD);

    private static final Map<String, String> COMMENTS = Map.ofEntries(
            Map.entry(SOURCE_URL, "JDBC URL of the bundled PostgreSQL database to migrate from"),
            Map.entry(SOURCE_USER, "PostgreSQL user that reads every table"),
            Map.entry(SOURCE_PASSWORD, "Password of source.user (ENC(...): encrypted with the key file)"),
            Map.entry(TARGET_HOST, "SQL Server host name or IP; write host:port for a port other than 1433"),
            Map.entry(TARGET_INSTANCE, "Named instance (found through SQL Server Browser); empty = default instance"),
            Map.entry(TARGET_DATABASE, "Target database; created with its keys when absent (Encryption Key Default)"),
            Map.entry(TARGET_AUTH, "sql = SQL login with user/password; windows = Windows authentication (DOMAIN\\user = NTLM, else the service account / Kerberos)"),
            Map.entry(TARGET_USER, "Login name (sql) or DOMAIN\\user (windows with NTLM); empty with windows = the account MigrateDB runs as"),
            Map.entry(TARGET_PASSWORD, "Password of target.user (ENC(...): encrypted with the key file)"),
            Map.entry(TARGET_ENCRYPTION, "default = MigrateDB creates master key, certificate and AES_256 symmetric key; custom = use the ones named below"),
            Map.entry(TARGET_CERTIFICATE, "Certificate that protects the symmetric key"),
            Map.entry(TARGET_SYMMETRIC_KEY, "AES_256 symmetric key that encrypts the protected columns"),
            Map.entry(TARGET_MASTER_KEY_PASSWORD, "Generated database master key password (Default mode; ENC(...)); also derives KEY_SOURCE/IDENTITY_VALUE - never change it"),
            Map.entry(TARGET_URL, "Optional full JDBC URL that overrides host/instance/database/TLS (encrypt=false is refused)"),
            Map.entry(TLS_ENCRYPT, "true (default: TLS, certificate validated) or strict (TDS 8.0)"),
            Map.entry(TLS_TRUST_SERVER_CERTIFICATE, "true skips certificate validation (warned on every run); default false"),
            Map.entry(TLS_HOST_NAME_IN_CERTIFICATE, "Host name expected in the server certificate when it differs from target.host"),
            Map.entry(TLS_TRUST_STORE, "Trust store with the CA of the server certificate"),
            Map.entry(TLS_TRUST_STORE_PASSWORD, "Password of the trust store (ENC(...))"),
            Map.entry(TLS_TRUST_STORE_TYPE, "JKS (default) or PKCS12"),
            Map.entry(TLS_SERVER_CERTIFICATE, "strict only: the server certificate file to pin"),
            Map.entry(KERBEROS_PRINCIPAL, "Kerberos principal for Windows authentication from Linux"),
            Map.entry(KERBEROS_KEYTAB, "Keytab of the principal; empty = ticket cache from kinit"),
            Map.entry(KERBEROS_KRB5_CONF, "krb5.conf to use instead of /etc/krb5.conf"),
            Map.entry(KERBEROS_REALM, "Realm of the SQL Server SPN if not the default realm"),
            Map.entry(KERBEROS_SERVER_SPN, "SPN of the SQL Server if not MSSQLSvc/host:port"));
}
