package migratedb.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * MigrateDB in a JVM of its own, started the way run.sh starts it (the CLI main class, the test classpath), so a
 * test can kill it with SIGKILL or run it under another time zone. Its console goes to a file.
 */
final class ChildMigrateDb implements AutoCloseable {
    private final Process process;
    private final Path console;

    private ChildMigrateDb(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    /** Starts {@code MigrateDbCli args...} with the given home and JVM zone. */
    static ChildMigrateDb start(Path home, String zone, Path console, String... args) throws IOException {
        return start(List.of(), home, zone, console, args);
    }

    /** The same with more JVM options, e.g. the logging configuration run.sh gives. */
    static ChildMigrateDb start(List<String> jvmOptions, Path home, String zone, Path console, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(jvmOptions);
        command.add("-Duser.timezone=" + zone);
        command.add("-Dmigratedb.home=" + home);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("migratedb.cli.MigrateDbCli");
        command.addAll(List.of(args));
        Files.createDirectories(home);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        return new ChildMigrateDb(p, console);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no finally block, no flush runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for the exit and returns the exit code. */
    int await(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("MigrateDB did not end within " + seconds + " s; console:\n" + console());
        }
        return process.exitValue();
    }

    String console() throws IOException {
        return Files.exists(console) ? Files.readString(console) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
