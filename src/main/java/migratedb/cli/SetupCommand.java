package migratedb.cli;

import migratedb.config.Home;
import migratedb.config.SetupWizard;
import migratedb.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The product document's "Migration Set Up" window, in a terminal: asks the settings, tests them, and writes
 * conf/database_params.conf with passwords encrypted (key file conf/.migratedb.key, owner-only).
 */
@CommandLine.Command(name = "setup", description = "Enter the connection and key settings interactively, test them, save them encrypted.")
final class SetupCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "File to write (default: conf/database_params.conf)")
    String config = "conf/database_params.conf";

    @Override
    public Integer call() {
        Path file = Home.resolve(config);
        SetupWizard wizard = new SetupWizard(SetupWizard.Terminal.system(), file, Settings.keyFile(),
                new SecureRandom());
        SetupWizard.Result result = wizard.run(stored -> {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                TestCommand.run(Settings.load(file, Home.resolve("conf/migration.properties"), List.of(),
                        System.getenv()), out);
            } catch (RuntimeException e) {
                return "Test could not run: " + e.getMessage();
            }
            return buffer.toString(StandardCharsets.UTF_8);
        });
        System.out.println("Settings saved in " + result.configFile() + " (passwords encrypted with the key file "
                + Settings.keyFile() + ").");
        String notice = result.masterKeyNotice();
        if (!notice.isEmpty()) {
            System.out.println("IMPORTANT: " + notice);
        }
        return Console.OK;
    }
}
