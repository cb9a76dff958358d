package migratedb.cli;

import migratedb.assess.CredentialNames;
import migratedb.config.Home;
import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.config.SetupWizard;
import migratedb.mapping.SchemaPlan;
import migratedb.model.Catalog;
import migratedb.pipeline.Assessing;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.sink.TargetConnector;
import migratedb.source.postgres.PostgresCatalogReader;
import migratedb.source.postgres.SourceSession;
import migratedb.troubleshoot.TroubleshootingLog;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The product document's "Migration Set Up" window, in a terminal: asks the settings, tests them, and writes
 * conf/database_params.conf with passwords encrypted (key file conf/.migratedb.key, owner-only); then proposes what
 * to do with the source's tables and columns named like passwords. Exits non-zero when the Test failed.
 */
@CommandLine.Command(name = "setup", description = "Enter the connection and key settings interactively, test them, save them encrypted.")
final class SetupCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "File to write (default: conf/database_params.conf)")
    String config = "conf/database_params.conf";

    @Override
    public Integer call() {
        Path file = Home.resolve(config);
        Path tunables = Home.resolve("conf/migration.properties");
        SetupWizard wizard = new SetupWizard(SetupWizard.Terminal.system(), file, tunables, Settings.keyFile(),
                new SecureRandom());
        SetupWizard.Result result = wizard.run(stored -> {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int code;
            try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                code = TestCommand.run(Settings.load(file, tunables, List.of(), System.getenv()), out);
            } catch (RuntimeException e) {
                return new SetupWizard.TestReport(false, "Test could not run: "
                        + TroubleshootingLog.catalogued(e).consoleText());
            }
            return new SetupWizard.TestReport(code == Console.OK, buffer.toString(StandardCharsets.UTF_8));
        }, stored -> credentials(Settings.load(file, tunables, List.of(), System.getenv())));
        System.out.println("Settings saved in " + result.configFile() + " (passwords encrypted with the key file "
                + Settings.keyFile() + ").");
        if (result.testPassed().isPresent() && !result.testPassed().get()) {
            System.out.println("The connection test FAILED (see above): correct the settings with './run.sh setup' "
                    + "and check them with './run.sh test'.");
            return Console.FAILED;
        }
        return Console.OK;
    }

    /**
     * The source's tables and text or binary columns named like credentials that are not excluded, protected or
     * declared yet: what the assessment would block on (credential-not-protected).
     */
    static List<SetupWizard.Credential> credentials(Settings s) throws SQLException {
        try (SourceSession session = SourceSession.open(s); Connection c = session.source().connect()) {
            Catalog catalog = new PostgresCatalogReader().read(c, s.getList(SettingKeys.SOURCE_SCHEMAS));
            MigrationRun run = new MigrationRun(Command.MIGRATE, s, session.source(), TargetConnector.from(s), null,
                    true);
            SchemaPlan plan = Assessing.plan(run, catalog);
            return CredentialNames.parse(s.get(SettingKeys.ASSESS_CREDENTIAL_NAMES))
                    .unprotected(catalog, plan, s.getList(SettingKeys.EXCLUDED_TABLES),
                            new HashSet<>(s.getList(SettingKeys.ASSESS_NOT_CREDENTIAL))).stream()
                    .map(x -> new SetupWizard.Credential(x.table(), x.column(), x.type(), x.word())).toList();
        }
    }
}
