package migratedb.config;

import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Refuses a config file that holds a secret in plain text (not {@code ENC(...)}) while group or others can read it.
 * A plain-text secret in an owner-only file is allowed: an administrator may type a password by hand and lock the
 * file; the set-up stores secrets encrypted in any case.
 *
 * <p>On file systems without POSIX modes the check cannot see who may read the file, so it passes; see
 * {@link FilePermissions}.</p>
 */
public final class ConfigFileGuard {
    private final SecretRedactor redactor;

    public ConfigFileGuard(SecretRedactor redactor) {
        this.redactor = redactor;
    }

    public ConfigFileGuard() {
        this(SecretRedactor.standard());
    }

    /**
     * @param file   the config file the values were read from
     * @param values its keys and stored values (as read, before decryption)
     * @throws MigrationException {@code CONFIG_FILE_TOO_OPEN} naming the file, the first offending setting and the
     *                            command that fixes the permissions
     */
    public void check(Path file, Map<String, String> values) {
        List<String> plain = plainTextSecrets(values);
        if (!plain.isEmpty() && FilePermissions.isReadableByOthers(file)) {
            throw new MigrationException(SecurityTrouble.CONFIG_FILE_TOO_OPEN, Map.of(
                    "file", file, "setting", String.join(", ", plain), "fix", FilePermissions.fixCommand(file)));
        }
    }

    /** The secret settings whose stored value is neither empty nor {@code ENC(...)}, sorted by key. */
    public List<String> plainTextSecrets(Map<String, String> values) {
        return values.entrySet().stream()
                .filter(e -> redactor.isSecretKey(e.getKey()))
                .filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .filter(e -> !SecretCipher.isEncrypted(e.getValue()))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }
}
