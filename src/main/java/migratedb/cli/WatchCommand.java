package migratedb.cli;

import migratedb.config.ConfigTrouble;
import migratedb.config.Home;
import migratedb.config.Settings;
import migratedb.lifecycle.ActiveRuns;
import migratedb.ops.WatchService;
import migratedb.troubleshoot.MigrationException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/** Runs MigrateDB as a service: every request file dropped into the inbox starts its run, one at a time. */
@CommandLine.Command(name = "watch", description = "Run as a service: execute the *.request files dropped into the inbox (see docs/operations.md).")
final class WatchCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    MigrateDbCli cli;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a watch setting, for example%n  --set watch.inbox=/srv/migratedb/inbox")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (WatchService service = new WatchService(settings(sets), new RequestDispatch(System.out,
                cli.activeRuns()));
             ActiveRuns.Registration registered = cli.activeRuns().register("watch service",
                     reason -> stopLater(service))) {
            System.out.println("MigrateDB watches " + service.inbox() + " for *.request files (Ctrl-C stops).");
            service.runUntilStopped();
        }
        return Console.OK;
    }

    /** Stops the service in a thread of its own: it waits for the request in progress, which is stopping too. */
    private static void stopLater(WatchService service) {
        new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("The watch service did not stop cleanly: " + e.getMessage());
            }
        }, "migratedb-watch-stop").start();
    }

    /** The service's own settings: defaults, conf/migration.properties, then --set (no connection file needed). */
    static Settings settings(List<String> sets) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        Path tunables = Home.resolve("conf/migration.properties");
        if (Files.exists(tunables)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(tunables, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
        }
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new MigrationException(ConfigTrouble.MALFORMED_SET, Map.of("value", Settings.shownSet(set)));
            }
            values.put(set.substring(0, eq).trim(), set.substring(eq + 1).trim());
        }
        return Settings.of(values);
    }
}
