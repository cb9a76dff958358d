package migratedb.cli;

import migratedb.config.Secret;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.sink.EncryptionMode;
import migratedb.sink.KeyMaterial;
import migratedb.sink.KeyNames;
import migratedb.sink.sqlserver.SqlServerKeyManagement;
import migratedb.sink.sqlserver.SqlServerTarget;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;
import picocli.CommandLine;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./run.sh show-key-recreate}: prints, to the console only, the T-SQL that re-creates the Default mode's
 * symmetric key in another database (its KEY_SOURCE and IDENTITY_VALUE are derived from the stored master key
 * password), for the administrator's disaster-recovery file. key-backup.sql points here. Never logged.
 */
@CommandLine.Command(name = "show-key-recreate", description = "Print the T-SQL that re-creates the Default mode's "
        + "symmetric key elsewhere (it holds the key's secrets: keep it with the master key backup).")
final class ShowKeyRecreateCommand implements Callable<Integer> {
    @CommandLine.Mixin
    CommonOptions options = new CommonOptions();

    @Override
    public Integer call() {
        Settings s = options.load();
        EncryptionMode mode = EncryptionMode.of(s);
        if (mode != EncryptionMode.DEFAULT) {
            throw new MigrationException(SecurityTrouble.KEY_RECREATE_UNAVAILABLE, Map.of(
                    "reason", SettingKeys.TARGET_ENCRYPTION + " is " + mode.id(),
                    "solution", mode == EncryptionMode.NONE ? "Nothing to re-create: MigrateDB made no key."
                            : "Re-create your own key from your own records; MigrateDB never knew its KEY_SOURCE."));
        }
        String password = s.get(SettingKeys.TARGET_MASTER_KEY_PASSWORD);
        if (password.isBlank()) {
            throw new MigrationException(SecurityTrouble.KEY_RECREATE_UNAVAILABLE, Map.of(
                    "reason", SettingKeys.TARGET_MASTER_KEY_PASSWORD + " is not set in " + options.config,
                    "solution", "Run './run.sh migrate' first: its key setup generates and stores the password; or "
                            + "point --config at the configuration of the migration whose key you need."));
        }
        KeyNames names = new KeyNames(SqlServerTarget.databaseOf(s.values()), s.get(SettingKeys.TARGET_CERTIFICATE),
                s.get(SettingKeys.TARGET_SYMMETRIC_KEY));
        String statement = new SqlServerKeyManagement(names)
                .recreateSymmetricKey(KeyMaterial.fromMasterKeyPassword(Secret.of(password))).sql();
        System.out.println("-- Re-creates the symmetric key " + names.symmetricKey() + " of " + names.database()
                + " in a database whose master key and certificate " + names.certificate() + " exist");
        System.out.println("-- (restore them from the master key and certificate backups first; see key-backup.sql).");
        System.out.println("-- It holds the key's secrets: store it with those backups, never in a ticket or a log.");
        System.out.println(statement.strip());
        return Console.OK;
    }
}
