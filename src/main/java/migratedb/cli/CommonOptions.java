package migratedb.cli;

import migratedb.config.Home;
import migratedb.config.Settings;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** --config and --set, shared by every command that connects to databases. */
public final class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Connection settings (default: conf/database_params.conf)")
    String config = "conf/database_params.conf";

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting (never a secret, since the command line shows in the process list), for example%n  --set copy.batchSize=5000")
    List<String> sets = new ArrayList<>();

    Settings load() {
        return Settings.load(Home.resolve(config), Home.resolve("conf/migration.properties"), sets, System.getenv());
    }
}
