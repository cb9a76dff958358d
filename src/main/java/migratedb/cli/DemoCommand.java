package migratedb.cli;

import migratedb.config.Home;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.demo.DemoInstallation;
import migratedb.demo.PostgresBinaries;
import migratedb.pipeline.Command;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The whole migration on embedded databases: a real PostgreSQL with an access manager's sample data, into the H2
 * SQL Server stand-in under work/demo. Every run starts from a clean target.
 */
@CommandLine.Command(name = "demo", description = "Run a complete migration on embedded databases (PostgreSQL -> H2 in SQL Server mode).")
final class DemoCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    MigrateDbCli cli;

    @Option(names = "--audit-rows", description = "Rows of the generated audit trail (default: ${DEFAULT-VALUE})")
    long auditRows = 1_000_000;

    @Option(names = "--assess", description = "Only assess the demo database (see docs/schema-and-assessment.md)")
    boolean assessOnly;

    @Option(names = "--dry-run", description = "Only write the demo's T-SQL script and assessment")
    boolean dryRun;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a setting (tunables), for example%n  --set copy.batchSize=5000")
    List<String> sets = new ArrayList<>();

    @Option(names = "--pg-version", paramLabel = "MAJOR", description = "PostgreSQL major version of the demo "
            + "installation, to rehearse your own: 9.6, 10 ... 18 (default: ${DEFAULT-VALUE})")
    String pgVersion = PostgresBinaries.DEFAULT_MAJOR;

    @Override
    public Integer call() throws Exception {
        String major;
        try {
            major = PostgresBinaries.major(pgVersion);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return Console.REFUSED;
        }
        Path demoDir = Home.resolve("work/demo");
        Path targetFile = demoDir.resolve("passtrix");
        deleteTarget(demoDir);
        System.out.println("Preparing the demo installation: the application's bundled PostgreSQL " + major
                + " with its sample (" + auditRows + " audit rows), stopped, as after shutting the application down...");
        Path appDir = DemoInstallation.reachableRoot(demoDir);
        if (!appDir.equals(demoDir)) {
            System.out.println("The demo's PostgreSQL runs as a user who cannot enter " + demoDir + " (a folder "
                    + "others may not enter, such as root's home): its installation goes to " + appDir + " instead.");
        }
        DemoInstallation app = DemoInstallation.create(appDir, Home.resolve("work"), auditRows, major);
        Map<String, String> values = new LinkedHashMap<>(demoSettings(app, targetFile));
        Settings base = Settings.load(writeDemoConfig(demoDir, values), Home.resolve("conf/migration.properties"),
                sets, Map.of());
        if (assessOnly) {
            return AssessCommand.assess(base);
        }
        if (dryRun) {
            return MigrateCommand.dryRun(base);
        }
        // like an administrator would: (optionally) back up the bundled database, then migrate it
        return Console.summary(System.out, RunSupport.execute(cli.activeRuns(), Command.MIGRATE, base, null, false,
                backup, System.out));
    }

    @Option(names = "--backup", negatable = true, description = "pg_dump the demo source first (default: ${DEFAULT-VALUE}; "
            + "needs a pg_dump of the demo's PostgreSQL version or newer on the PATH, since the bundled binaries have none)")
    boolean backup = false;

    static Map<String, String> demoSettings(DemoInstallation app, Path targetFile) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(SettingKeys.SOURCE_PG_HOME, app.pgHome().toString());
        v.put(SettingKeys.SOURCE_DATA_DIR, app.dataDir().toString());
        v.put(SettingKeys.SOURCE_DATABASE, DemoInstallation.DATABASE);
        v.put(SettingKeys.SOURCE_USER, DemoInstallation.USER);
        v.put(SettingKeys.SOURCE_PASSWORD, app.password());
        v.put(SettingKeys.TARGET_URL, "jdbc:h2:file:" + targetFile + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE");
        v.put(SettingKeys.TARGET_USER, "sa");
        v.put(SettingKeys.EXCLUDED_TABLES, "public.personal_passwords");
        // the accounts' passwords land encrypted with the symmetric key (the H2 stand-in emulates it)
        v.put(SettingKeys.PROTECTED_COLUMNS, "public.accounts.password");
        return v;
    }

    private static Path writeDemoConfig(Path demoDir, Map<String, String> values) throws IOException {
        Files.createDirectories(demoDir);
        Path conf = demoDir.resolve("demo.conf");
        Files.deleteIfExists(conf);
        Files.createFile(conf, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        StringBuilder sb = new StringBuilder("# Written by './run.sh demo': the embedded source and the H2 stand-in\n");
        values.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(conf, sb);
        return conf;
    }

    private static void deleteTarget(Path demoDir) throws IOException {
        if (!Files.isDirectory(demoDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(demoDir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("passtrix"))
                    .sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
