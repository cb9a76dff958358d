package migratedb.sink;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;

import java.util.Locale;

/**
 * target.encryption: who provides the key hierarchy that encrypts protected columns.
 * <ul>
 *   <li>{@link #DEFAULT}: MigrateDB creates the master key, the certificate and the AES_256 symmetric key;</li>
 *   <li>{@link #CUSTOM}: the administrator's certificate and symmetric key, checked before anything is written;</li>
 *   <li>{@link #NONE}: no key hierarchy is created or required, for databases without protected columns (and
 *   for servers where the login may not create keys); refused while migration.protectedColumns names a column.</li>
 * </ul>
 */
public enum EncryptionMode {
    DEFAULT, CUSTOM, NONE;

    /** The setting's value, refused with the allowed values when it is none of them. */
    public static EncryptionMode of(Settings settings) {
        return valueOf(settings.oneOf(SettingKeys.TARGET_ENCRYPTION, "default", "custom", "none")
                .toUpperCase(Locale.ROOT));
    }

    /** As written in the setting. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
