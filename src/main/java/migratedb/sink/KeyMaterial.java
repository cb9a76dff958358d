package migratedb.sink;

import migratedb.config.Secret;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secrets of the Default-mode key hierarchy.
 *
 * <p>Only the master key password is stored (target.masterKeyPassword, ENC(...)). KEY_SOURCE and IDENTITY_VALUE are
 * derived from it with HMAC-SHA256 under fixed labels, so the one stored secret is enough to re-create the same
 * symmetric key elsewhere, and no extra setting is needed. The derivation must never change: keys created by an
 * earlier MigrateDB would no longer match what it tells the administrator.</p>
 */
public record KeyMaterial(Secret masterKeyPassword, Secret keySource, Secret identityValue) {
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String DIGITS = "23456789";
    /** No quote, backslash or semicolon: harmless in T-SQL, shells and properties files (we escape anyway). */
    private static final String SYMBOLS = "!#%*+-=?@^_~";
    private static final int PASSWORD_LENGTH = 32;

    /** A new master key password: 32 characters from all four classes, so it meets the Windows password policy. */
    public static Secret generatePassword(SecureRandom random) {
        String all = UPPER + LOWER + DIGITS + SYMBOLS;
        char[] out = new char[PASSWORD_LENGTH];
        String[] classes = {UPPER, LOWER, DIGITS, SYMBOLS};
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            String from = i < classes.length ? classes[i] : all;
            out[i] = from.charAt(random.nextInt(from.length()));
        }
        for (int i = out.length - 1; i > 0; i--) { // shuffle so the class order is not fixed
            int j = random.nextInt(i + 1);
            char t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return Secret.of(out);
    }

    /** The material of a new installation. */
    public static KeyMaterial generate(SecureRandom random) {
        return fromMasterKeyPassword(generatePassword(random));
    }

    /** The material belonging to a stored master key password. */
    public static KeyMaterial fromMasterKeyPassword(Secret masterKeyPassword) {
        if (masterKeyPassword.isEmpty()) {
            throw new IllegalArgumentException("empty master key password");
        }
        return new KeyMaterial(masterKeyPassword,
                derive(masterKeyPassword, "migratedb key source v1"),
                derive(masterKeyPassword, "migratedb identity value v1"));
    }

    private static Secret derive(Secret root, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(root.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] out = mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
            return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
