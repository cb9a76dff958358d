package migratedb.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * MigrateDB typed into a real terminal: an interactive shell in a tmux session runs a launcher that ends in
 * {@code exec java ... MigrateDbCli}, as run.sh does, with its output redirected to a file. {@link #ctrlC()} is
 * {@code tmux send-keys C-c}: the terminal sends SIGINT to the foreground job's whole process group, exactly as
 * when a person presses Ctrl-C. The shell writes the exit code to a file.
 */
final class TerminalMigrateDb implements AutoCloseable {
    private final String session;
    private final Path dir;

    private TerminalMigrateDb(String session, Path dir) {
        this.session = session;
        this.dir = dir;
    }

    /** Whether tmux can be used here (it is installed on the project's machines and in CI). */
    static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Starts {@code MigrateDbCli args...} in a new terminal, with {@code home} as the MigrateDB folder and the
     * logging configuration run.sh uses (conf/logback.xml). {@code dir} receives the launcher, the console output,
     * the process id and the exit code.
     */
    static TerminalMigrateDb start(Path dir, Path home, String... args) throws Exception {
        Files.createDirectories(dir);
        Files.createDirectories(home);
        Path launcher = dir.resolve("migratedb.sh");
        Path logback = Path.of("conf/logback.xml").toAbsolutePath();
        Files.writeString(launcher, "#!/bin/bash\n"
                + "echo $$ > " + quote(dir.resolve("pid")) + "\n"
                + "exec " + quote(Path.of(System.getProperty("java.home"), "bin", "java")) + " -Xmx512m"
                + " -Duser.timezone=UTC -Dmigratedb.home=" + quote(home) + " -Dlogback.configurationFile="
                + quote(logback) + " -cp " + quote(Path.of(System.getProperty("java.class.path")))
                + " migratedb.cli.MigrateDbCli \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        String session = "migratedb-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "50", "bash --norc --noprofile -i");
        StringBuilder line = new StringBuilder(quote(launcher));
        for (String a : args) {
            line.append(' ').append(quote(a));
        }
        line.append(" > ").append(quote(dir.resolve("console.out"))).append(" 2>&1; echo $? > ")
                .append(quote(dir.resolve("exit.code")));
        tmux("send-keys", "-t", session, "-l", line.toString());
        tmux("send-keys", "-t", session, "Enter");
        return new TerminalMigrateDb(session, dir);
    }

    /** Ctrl-C typed in the terminal. */
    void ctrlC() throws Exception {
        tmux("send-keys", "-t", session, "C-c");
    }

    /** The launcher's process id, which exec made MigrateDB's JVM. */
    long pid() throws Exception {
        Fixtures.await(Duration.ofSeconds(30), "the launcher wrote its pid", () -> Files.exists(dir.resolve("pid")));
        return Long.parseLong(Files.readString(dir.resolve("pid")).strip());
    }

    /** A signal sent the way a service manager sends it: to the process, by its id. */
    void signal(String name) throws Exception {
        new ProcessBuilder("kill", "-" + name, Long.toString(pid())).inheritIO().start().waitFor();
    }

    boolean alive() throws Exception {
        return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The exit code once the command has ended, as the shell saw it. */
    Optional<Integer> exitCode() throws IOException {
        Path file = dir.resolve("exit.code");
        if (!Files.exists(file) || Files.readString(file).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(Files.readString(file).strip()));
    }

    int await(Duration limit) throws Exception {
        Fixtures.await(limit, "MigrateDB ended; its console:\n" + console(), () -> exitCode().isPresent());
        return exitCode().orElseThrow();
    }

    String console() throws IOException {
        Path out = dir.resolve("console.out");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    @Override
    public void close() throws Exception {
        if (Files.exists(dir.resolve("pid"))) {
            ProcessHandle.of(pid()).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> p).join();
            });
        }
        tmux("kill-session", "-t", session);
    }

    private static void tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 && !"kill-session".equals(args[0])) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
    }

    private static String quote(Path p) {
        return quote(p.toString());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
