package migratedb.cli;

import migratedb.config.FilePermissions;
import migratedb.config.Home;
import migratedb.config.Settings;
import migratedb.console.WebConsole;
import migratedb.lifecycle.ActiveRuns;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.awt.Desktop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The migration window: a local web console for Setup, Test, Assess, Migrate and Resume with live status, on
 * 127.0.0.1 only, until Ctrl-C. Its runs are the command line's own ({@link RunSupport}).
 */
@CommandLine.Command(name = "console", description = "Open the migration window: a local web console (127.0.0.1 "
        + "only) for Setup, Test, Assess, Migrate and Resume with live status; serves until Ctrl-C.")
final class ConsoleCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0: any "
            + "free port)")
    int port = WebConsole.DEFAULT_PORT;

    @Option(names = "--config", paramLabel = "FILE", description = "Connection settings the console reads and its "
            + "Setup writes (default: ${DEFAULT-VALUE})")
    String config = "conf/database_params.conf";

    /** Set by run.bat for {@code run.bat console}: a Windows administrator expects the window to appear. */
    static final String OPEN_PROPERTY = "migratedb.console.open";

    @Option(names = "--open", description = "Open the console in the default browser (run.bat console does)")
    boolean open;

    @CommandLine.ParentCommand
    MigrateDbCli cli;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--port: a number from 0 to 65535");
        }
        WebConsole console = WebConsole.start(port, Home.resolve(config), Home.resolve("conf/migration.properties"),
                Settings.keyFile(), System.getenv(), new ConsoleRuns());
        // Ctrl-C or SIGTERM (StopSignals) reaches the console here: its run stops first, then the console
        AtomicReference<String> stopReason = new AtomicReference<>();
        CountDownLatch stop = new CountDownLatch(1);
        try (ActiveRuns.Registration registered = cli.activeRuns().register("console on port " + console.port(),
                reason -> {
                    stopReason.compareAndSet(null, reason);
                    stop.countDown();
                })) {
            System.out.println("MigrateDB console (the migration window) on 127.0.0.1 only. Open:");
            System.out.println();
            System.out.println("    " + console.url());
            System.out.println();
            System.out.println("The address carries this start's token; keep it to yourself. From another machine, "
                    + "tunnel: ssh -L " + console.port() + ":127.0.0.1:" + console.port() + " <this host> "
                    + "(docs/console.md).");
            System.out.println("Ctrl-C stops the console (and a run in progress first).");
            if (open || Boolean.getBoolean(OPEN_PROPERTY)) {
                openBrowser(console);
            }
            stop.await();
            System.out.println("Stopping the console after " + stopReason.get() + ": a run in progress stops first "
                    + "(its report says interrupted; Resume continues it).");
            if (!console.stopRun(stopReason.get(), StopSignals.GRACE.toMillis())) {
                System.out.println("The run did not stop in time; './run.sh resume' continues it.");
            }
        } finally {
            console.close();
        }
        return Console.OK;
    }

    /**
     * Opens the default browser on a page that forwards to the console's address: the browser's command line, which
     * every user of the machine can list, shows a file name, never the token. The file is its owner's alone.
     */
    private static void openBrowser(WebConsole console) {
        try {
            if (!Desktop.isDesktopSupported() || !Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                System.out.println("(No desktop browser can be opened from here: open the address above yourself.)");
                return;
            }
            Path dir = Home.resolve("work/console");
            Files.createDirectories(dir);
            FilePermissions.ownerOnlyFolder(dir);
            Path page = dir.resolve("open-" + console.port() + ".html");
            Files.deleteIfExists(page);
            FilePermissions.createOwnerOnly(page, ("<!doctype html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" "
                    + "content=\"0; url=" + console.url() + "\"><title>MigrateDB</title>Opening the MigrateDB "
                    + "console...").getBytes(StandardCharsets.UTF_8));
            page.toFile().deleteOnExit();
            Desktop.getDesktop().browse(page.toUri());
        } catch (IOException | RuntimeException e) {
            System.out.println("(The browser could not be opened: " + e.getMessage() + "; open the address above.)");
        }
    }
}
