package migratedb.source.postgres.bundled;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Running helper programs and asking about processes; nothing here is PostgreSQL-specific. */
final class Processes {
    /** Output kept from a helper program: its last lines are what explain a failure. */
    private static final int KEPT_OUTPUT_BYTES = 64 * 1024;

    private Processes() {
    }

    record Result(int exitCode, String output, boolean timedOut) {
        boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }

    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Alive and started at {@code startedAt} (give or take clock rounding), i.e. not a reused pid. */
    static boolean isSameProcessAlive(long pid, Instant startedAt) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return false;
        }
        Optional<Instant> start = handle.get().info().startInstant();
        return startedAt == null || start.isEmpty()
                || Duration.between(start.get(), startedAt).abs().compareTo(Duration.ofSeconds(2)) <= 0;
    }

    static Optional<String> command(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().command());
    }

    /** Polls {@code condition} until it holds or the deadline passes; true if it held. */
    static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
    }

    /**
     * Runs a program to its end (or the timeout) with stdout and stderr merged, keeping the tail of the output.
     * Secrets go through {@code environment} only, never through {@code command}: the process list shows commands.
     */
    static Result run(List<String> command, Map<String, String> environment, Path workDir, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        TailBuffer tail = new TailBuffer();
        Thread reader = new Thread(() -> tail.drain(process.getInputStream()), "output-of-" + Path.of(command.get(0)).getFileName());
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for " + command.get(0), e);
        }
        return new Result(finished ? process.exitValue() : -1, tail.text(), !finished);
    }

    /** The last lines of {@code text}, joined with " | " so they fit in one message line. */
    static String lastLines(String text, int lines) {
        List<String> all = text.lines().filter(l -> !l.isBlank()).toList();
        return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static final class TailBuffer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void drain(InputStream in) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    synchronized (this) {
                        bytes.write(buffer, 0, n);
                        if (bytes.size() > 2 * KEPT_OUTPUT_BYTES) {
                            byte[] all = bytes.toByteArray();
                            bytes.reset();
                            bytes.write(all, all.length - KEPT_OUTPUT_BYTES, KEPT_OUTPUT_BYTES);
                        }
                    }
                }
            } catch (IOException e) {
                // The process ended or was destroyed: what was read is what there is.
            }
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
