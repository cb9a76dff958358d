package migratedb.sink;

import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;

import java.util.Map;

/**
 * The names of the key hierarchy: the target database, the certificate and the AES_256 symmetric key
 * (target.database, target.certificate, target.symmetricKey).
 */
public record KeyNames(String database, String certificate, String symmetricKey) {
    public static final String DEFAULT_DATABASE = "PassTrix";
    /** Used in Default mode when target.certificate is empty. */
    public static final String DEFAULT_CERTIFICATE = "MigrateDBCertificate";
    /** Used in Default mode when target.symmetricKey is empty. */
    public static final String DEFAULT_SYMMETRIC_KEY = "MigrateDBSymmetricKey";
    private static final int MAX = 128;

    public KeyNames {
        database = orDefault(database, DEFAULT_DATABASE);
        certificate = orDefault(certificate, DEFAULT_CERTIFICATE);
        symmetricKey = orDefault(symmetricKey, DEFAULT_SYMMETRIC_KEY);
        check("database", database);
        check("certificate", certificate);
        check("symmetric key", symmetricKey);
        if (symmetricKey.startsWith("#")) {
            throw new MigrationException(SecurityTrouble.KEY_NAME_INVALID, Map.of("object", "symmetric key",
                    "name", symmetricKey, "reason", "a name starting with # is a temporary key, gone when the session ends"));
        }
    }

    private static String orDefault(String v, String d) {
        return v == null || v.isBlank() ? d : v.strip();
    }

    private static void check(String object, String name) {
        if (name.length() > MAX || name.indexOf('\0') >= 0) {
            throw new MigrationException(SecurityTrouble.KEY_NAME_INVALID, Map.of("object", object,
                    "name", name.substring(0, Math.min(name.length(), 40)).replace('\0', '?'),
                    "reason", "at most " + MAX + " characters, no NUL"));
        }
    }
}
