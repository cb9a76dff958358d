package migratedb.pipeline;

import migratedb.config.Secret;
import migratedb.config.SecretCipher;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.sink.EncryptionMode;
import migratedb.sink.KeyManagement;
import migratedb.sink.KeyMaterial;
import migratedb.sink.SqlStatement;
import migratedb.troubleshoot.MigrationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sets up the target's key hierarchy before any table exists. Default: creates the database when absent, the
 * database master key (its password generated once, shown once, stored only encrypted), a certificate and an
 * AES_256 symmetric key; custom: checks the administrator's certificate and key; none: creates only the database
 * when absent, and no key at all (refused while protected columns are configured). Idempotent: a re-run changes
 * nothing. The administrator's backup T-SQL goes into the run's report folder (default mode).
 */
public final class KeySetupStage {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.keys");

    public MigrationRun run(MigrationRun run) {
        Settings s = run.settings();
        EncryptionMode mode = requireKeysForProtectedColumns(s);
        KeyManagement keys = run.target().keys();
        try {
            if (mode == EncryptionMode.NONE) {
                // no master key, certificate or symmetric key: only the database, when absent
                createDatabase(run, keys);
                run.warn("target.encryption=none: no key hierarchy was created and no column is stored encrypted");
                LOG.info("No key hierarchy (target.encryption=none): nothing to create, nothing to back up");
            } else if (mode == EncryptionMode.DEFAULT) {
                createDatabase(run, keys);
                try (Connection c = PreflightStage.connectTarget(run)) {
                    // before a password is generated: an existing master key must be one it can open
                    keys.requireOwnMasterKey(c, s.has(SettingKeys.TARGET_MASTER_KEY_PASSWORD)
                            ? Optional.of(Secret.of(s.get(SettingKeys.TARGET_MASTER_KEY_PASSWORD)))
                            : Optional.empty());
                }
                Secret password = masterKeyPassword(run);
                try (Connection c = PreflightStage.connectTarget(run)) {
                    keys.ensureKeyHierarchy(c, KeyMaterial.fromMasterKeyPassword(password));
                }
                writeBackupInstructions(run, keys);
                LOG.info("Key hierarchy ready: certificate {}, symmetric key {} (AES_256)", keys.names().certificate(),
                        keys.names().symmetricKey());
            } else {
                try (Connection c = PreflightStage.connectTarget(run)) {
                    keys.verifyCustomKeys(c);
                }
                LOG.info("Custom keys checked: certificate {}, symmetric key {} is AES_256 and opens",
                        keys.names().certificate(), keys.names().symmetricKey());
            }
        } catch (SQLException e) {
            throw new MigrationException(PreflightTrouble.TARGET_UNREACHABLE,
                    Map.of("url", run.target().displayUrl(), "reason", e.getMessage()), e);
        }
        return run;
    }

    /**
     * The encryption mode, refused when it is none while protected columns are configured: without a key hierarchy
     * nothing can encrypt them. Called before anything is read or written (preflight), and again here.
     */
    public static EncryptionMode requireKeysForProtectedColumns(Settings s) {
        EncryptionMode mode = EncryptionMode.of(s);
        List<String> protectedColumns = s.getList(SettingKeys.PROTECTED_COLUMNS);
        if (mode == EncryptionMode.NONE && !protectedColumns.isEmpty()) {
            throw new MigrationException(PreflightTrouble.PROTECTED_COLUMNS_WITHOUT_KEYS,
                    Map.of("columns", String.join(", ", protectedColumns)));
        }
        return mode;
    }

    private static void createDatabase(MigrationRun run, KeyManagement keys) throws SQLException {
        Optional<SqlStatement> create = keys.createDatabase(run.settings().get(SettingKeys.TARGET_COLLATION));
        if (create.isEmpty()) {
            return;
        }
        Optional<Connection> server = run.target().connectToServer();
        if (server.isEmpty()) {
            return;
        }
        try (Connection c = server.get()) {
            create.get().execute(c);
            LOG.info("Database {} is present", keys.names().database());
        }
    }

    /**
     * The master key password from the configuration, or a new one: generated once, stored encrypted in the
     * configuration file (key file conf/.migratedb.key) and shown once on the console, never in a log.
     */
    private static Secret masterKeyPassword(MigrationRun run) {
        Settings s = run.settings();
        if (s.has(SettingKeys.TARGET_MASTER_KEY_PASSWORD)) {
            return Secret.of(s.get(SettingKeys.TARGET_MASTER_KEY_PASSWORD));
        }
        Secret generated = KeyMaterial.generatePassword(new SecureRandom());
        Path config = s.configFile();
        if (config != null) {
            SecretCipher cipher = SecretCipher.loadOrCreate(Settings.keyFile());
            String line = "\n# Generated by MigrateDB on the first migration: the database master key password "
                    + "(encrypted with " + cipher.keyFile().getFileName() + "). Never change it.\n"
                    + SettingKeys.TARGET_MASTER_KEY_PASSWORD + "=" + cipher.encrypt(generated) + "\n";
            try {
                Files.writeString(config, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store the master key password in " + config, e);
            }
        }
        run.showOnce("A database master key password was generated and stored encrypted in " + config
                + ". Write it down and keep it with the key backup; it is shown only now: " + generated.reveal());
        return generated;
    }

    private static void writeBackupInstructions(MigrationRun run, KeyManagement keys) {
        try {
            Files.createDirectories(run.reportDir());
            Path file = run.reportDir().resolve("key-backup.sql");
            Files.writeString(file, keys.backupInstructions(), StandardCharsets.UTF_8);
            run.warn(keys.backupNeeded() ? "Back up the master key and the certificate now: the T-SQL is in " + file
                    : "The H2 stand-in only emulates the key hierarchy (its key is stored in clear): there is nothing "
                    + "to back up (" + file + "); use SQL Server for real data");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key backup instructions", e);
        }
    }
}
