package migratedb.cli;

import migratedb.config.Home;
import migratedb.config.Settings;
import migratedb.ops.DiagnosticsBundle;
import migratedb.troubleshoot.TroubleshootingLog;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

@CommandLine.Command(name = "diagnose", description = "Write a zip for support: configuration (secrets removed), logs, reports, DDL, environment.")
final class DiagnoseCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the zip (default: reports/diagnostics-<time>.zip)")
    String out;

    @Override
    public Integer call() {
        Settings settings = null;
        String problem = null;
        try {
            settings = common.load();
        } catch (RuntimeException e) {
            problem = TroubleshootingLog.catalogued(e).getMessage();
        }
        Path zip = out != null ? Home.resolve(out) : Home.resolve("reports").resolve("diagnostics-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC)) + ".zip");
        new DiagnosticsBundle(Home.dir(), settings).write(zip, problem);
        System.out.println("Diagnostics bundle written: " + zip);
        System.out.println("It holds the configuration with secrets masked, the end of the logs, the last reports and "
                + "the environment. Check it before you send it to support.");
        return Console.OK;
    }
}
