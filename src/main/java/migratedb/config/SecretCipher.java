package migratedb.config;

import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Encrypts the secrets kept in conf/ (passwords, the master key password) with AES-256-GCM.
 *
 * <p>Stored form: {@code ENC(base64(iv | ciphertext | tag))}, a fresh 12-byte IV per value and a 128-bit tag, so
 * a changed or foreign value is detected, never decrypted to garbage. The 256-bit key lives in a key file (default
 * {@code conf/.migratedb.key}) created readable by its owner only; see {@link FilePermissions} for what "owner only"
 * means on each kind of file system.</p>
 *
 * <p>This protects the secrets against someone who gets the config file alone (a support bundle, a backup, a
 * screenshot); someone who can read both files as the service user can decrypt them. Keep the key file out of
 * bundles and backups that leave the machine.</p>
 */
public final class SecretCipher {
    public static final Path DEFAULT_KEY_FILE = Path.of("conf", ".migratedb.key");

    private static final String PREFIX = "ENC(";
    private static final String SUFFIX = ")";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Associated data: binds every value to this format version. */
    private static final byte[] AAD = "migratedb-secret-v1".getBytes(StandardCharsets.US_ASCII);
    private static final String KEY_FILE_HEADER =
            "# MigrateDB secret key: decrypts the ENC(...) values in conf/. Keep it owner-readable only; never share it.";

    private final SecretKeySpec key;
    private final Path keyFile;
    private final SecureRandom random;
    private final FilePermissions.Protection protection;

    private SecretCipher(byte[] keyBytes, Path keyFile, SecureRandom random, FilePermissions.Protection protection) {
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.keyFile = keyFile;
        this.random = random;
        this.protection = protection;
    }

    /**
     * Loads the key file, creating it (owner-only permissions) with a new random key when it does not exist. Used by
     * the set-up, which writes secrets.
     */
    public static SecretCipher loadOrCreate(Path keyFile) {
        SecureRandom random = new SecureRandom();
        if (!Files.exists(keyFile)) {
            byte[] keyBytes = new byte[KEY_BYTES];
            random.nextBytes(keyBytes);
            String content = KEY_FILE_HEADER + System.lineSeparator()
                    + Base64.getEncoder().encodeToString(keyBytes) + System.lineSeparator();
            try {
                FilePermissions.Protection protection = FilePermissions.createOwnerOnly(keyFile,
                        content.getBytes(StandardCharsets.US_ASCII));
                return new SecretCipher(keyBytes, keyFile, random, protection);
            } catch (FileAlreadyExistsException raced) {
                // another process created it between our check and our create: use theirs
            } catch (IOException e) {
                throw new MigrationException(SecurityTrouble.SECRET_KEY_FILE_WRITE_FAILED,
                        Map.of("keyFile", keyFile, "reason", e.getClass().getSimpleName()), e);
            } finally {
                Arrays.fill(keyBytes, (byte) 0);
            }
        }
        return load(keyFile, "(any)");
    }

    /**
     * Loads an existing key file. {@code setting} names the setting that needs it, for the error text when the file
     * is missing.
     */
    public static SecretCipher load(Path keyFile, String setting) {
        if (!Files.exists(keyFile)) {
            throw new MigrationException(SecurityTrouble.SECRET_KEY_FILE_MISSING,
                    Map.of("keyFile", keyFile, "setting", setting));
        }
        if (FilePermissions.isReadableByOthers(keyFile)) {
            throw new MigrationException(SecurityTrouble.SECRET_KEY_FILE_TOO_OPEN,
                    Map.of("keyFile", keyFile, "fix", FilePermissions.fixCommand(keyFile)));
        }
        byte[] keyBytes = null;
        try {
            List<String> lines = Files.readAllLines(keyFile, StandardCharsets.US_ASCII);
            String encoded = lines.stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElse("");
            keyBytes = Base64.getDecoder().decode(encoded);
            if (keyBytes.length != KEY_BYTES) {
                throw new IllegalArgumentException("wrong key length");
            }
            return new SecretCipher(keyBytes, keyFile, new SecureRandom(), FilePermissions.describe(keyFile));
        } catch (IOException | IllegalArgumentException e) {
            throw new MigrationException(SecurityTrouble.SECRET_KEY_FILE_INVALID, Map.of("keyFile", keyFile), e);
        } finally {
            if (keyBytes != null) {
                Arrays.fill(keyBytes, (byte) 0);
            }
        }
    }

    /** True when the stored value is in the {@code ENC(...)} form. */
    public static boolean isEncrypted(String storedValue) {
        return storedValue != null && storedValue.strip().startsWith(PREFIX) && storedValue.strip().endsWith(SUFFIX);
    }

    /** Encrypts a secret into its stored form {@code ENC(...)}. */
    public String encrypt(Secret secret) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(AAD);
            byte[] sealed = cipher.doFinal(secret.reveal().getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out) + SUFFIX;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * Decrypts the stored value of {@code setting}. A value not in the {@code ENC(...)} form is returned as it is
     * (plain text typed by hand; {@link ConfigFileGuard} decides whether the file may hold it).
     *
     * @throws MigrationException naming the setting (never the value) when the value was written with another key,
     *                            altered, or is not valid base64
     */
    public Secret decrypt(String setting, String storedValue) {
        if (storedValue == null) {
            return Secret.empty();
        }
        if (!isEncrypted(storedValue)) {
            return Secret.of(storedValue);
        }
        String stripped = storedValue.strip();
        byte[] all;
        try {
            all = Base64.getDecoder().decode(stripped.substring(PREFIX.length(), stripped.length() - SUFFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new MigrationException(SecurityTrouble.SECRET_MALFORMED, Map.of("setting", setting));
        }
        if (all.length < IV_BYTES + TAG_BITS / 8) {
            throw new MigrationException(SecurityTrouble.SECRET_MALFORMED, Map.of("setting", setting));
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            cipher.updateAAD(AAD);
            byte[] plain = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
            try {
                return Secret.of(new String(plain, StandardCharsets.UTF_8));
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (AEADBadTagException e) {
            // no cause attached: the exception carries nothing useful and we keep the chain free of key material
            throw new MigrationException(SecurityTrouble.SECRET_UNDECRYPTABLE,
                    Map.of("setting", setting, "keyFile", keyFile));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    public Path keyFile() {
        return keyFile;
    }

    /** How well the key file is protected on this file system; the set-up prints it. */
    public FilePermissions.Protection keyFileProtection() {
        return protection;
    }

    @Override
    public String toString() {
        return "SecretCipher[keyFile=" + keyFile + "]";
    }
}
