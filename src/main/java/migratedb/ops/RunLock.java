package migratedb.ops;

import migratedb.troubleshoot.MigrationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * MigrateDB's own run lock: one per target, held by an operating-system file lock for the whole run, so two runs
 * (two commands, or a command and the watch service, in one process or two) never work on the same target at once.
 * The OS releases the lock when its process ends, however it ends, so a crashed run never blocks the next one; the
 * file itself stays and tells who holds (or last held) it.
 */
public final class RunLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.lock");
    /**
     * The lock files this process holds, with their lock. Process-wide on purpose, like the operating system's lock
     * it mirrors: that lock belongs to the process, and closing any other channel to the file (a second run asking,
     * a status) would release it for every other process (POSIX record locks). So this process never opens a file
     * it holds a second time: it answers from here.
     */
    private static final Map<Path, RunLock> HELD = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a target, under {@code locksDir}. */
    public static Path fileFor(Path locksDir, String target) {
        return locksDir.resolve("run-" + sha256(target.toLowerCase(Locale.ROOT)).substring(0, 16) + ".lock");
    }

    /**
     * Takes the target's lock or refuses with RUN_IN_PROGRESS naming the holder.
     *
     * @param target the target as displayed (no secret), also the lock's identity
     */
    public static RunLock acquire(Path locksDir, String target, String runId, String command) {
        synchronized (HELD) { // one acquisition at a time in this process: none may close a channel of another
            return acquireOnce(locksDir, target, runId, command);
        }
    }

    private static RunLock acquireOnce(Path locksDir, String target, String runId, String command) {
        Path file = fileFor(locksDir, target).toAbsolutePath().normalize();
        RunLock mine = HELD.get(file);
        if (mine != null) {
            throw inProgress(target, mine.content());
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(locksDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException inThisProcess) {
                lock = null;
            }
            if (lock == null) { // another process holds it: closing our channel releases nothing of ours
                Map<String, String> holder = readChannel(channel);
                channel.close();
                throw inProgress(target, holder);
            }
            Map<String, String> previous = readChannel(channel);
            if ("held".equals(previous.get("state"))) {
                LOG.warn("Run {} (process {}) ended without releasing the run lock of {}; its lock is taken over",
                        previous.get("runId"), previous.get("pid"), target);
            }
            Map<String, String> me = new LinkedHashMap<>();
            me.put("state", "held");
            me.put("runId", runId);
            me.put("command", command);
            me.put("pid", Long.toString(ProcessHandle.current().pid()));
            me.put("since", Instant.now().toString());
            me.put("target", target);
            writeChannel(channel, me);
            RunLock taken = new RunLock(file, channel, lock);
            HELD.put(file, taken);
            return taken;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot take the run lock " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    private static MigrationException inProgress(String target, Map<String, String> holder) {
        return new MigrationException(OpsTrouble.RUN_IN_PROGRESS, Map.of("target", target,
                "runId", holder.getOrDefault("runId", "?"), "pid", holder.getOrDefault("pid", "?"),
                "since", holder.getOrDefault("since", "?")));
    }

    /** What this lock's file says, read through the channel that holds it. */
    private Map<String, String> content() {
        try {
            return readChannel(channel);
        } catch (IOException e) {
            return new LinkedHashMap<>();
        }
    }

    /** Who holds a target's run lock: the run, its command and process, since when. */
    public record Holder(String runId, String command, long pid, Instant since) {
    }

    /**
     * The run holding the target's lock now, if any: asked of the operating system (a lock whose process ended is
     * free, whatever its file says), without taking the lock and without changing the file.
     */
    public static java.util.Optional<Holder> holder(Path locksDir, String target) {
        synchronized (HELD) {
            Path file = fileFor(locksDir, target).toAbsolutePath().normalize();
            RunLock mine = HELD.get(file);
            return mine != null ? java.util.Optional.of(holderOf(mine.content()))
                    : Files.exists(file) ? otherProcess(file) : java.util.Optional.empty();
        }
    }

    /** Asks the operating system whether another process holds the file's lock (this one does not). */
    private static java.util.Optional<Holder> otherProcess(Path file) {
        boolean held;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe;
            probe = channel.tryLock();
            held = probe == null;
            if (probe != null) {
                probe.release();
            }
        } catch (IOException | OverlappingFileLockException e) {
            return java.util.Optional.empty();
        }
        return held ? java.util.Optional.of(holderOf(read(file))) : java.util.Optional.empty();
    }

    private static Holder holderOf(Map<String, String> content) {
        long pid;
        Instant since;
        try {
            pid = Long.parseLong(content.getOrDefault("pid", "-1"));
            since = Instant.parse(content.getOrDefault("since", Instant.EPOCH.toString()));
        } catch (RuntimeException unreadable) {
            pid = -1;
            since = null;
        }
        return new Holder(content.getOrDefault("runId", "?"), content.getOrDefault("command", "?"), pid, since);
    }

    /** Marks the lock released and lets go of it. The file stays (deleting it could let two runs in). */
    @Override
    public void close() {
        synchronized (HELD) {
            try {
                release();
            } finally {
                HELD.remove(file, this);
            }
        }
    }

    private void release() {
        try {
            Map<String, String> content = readChannel(channel);
            content.put("state", "released");
            content.put("releasedAt", Instant.now().toString());
            writeChannel(channel, content);
        } catch (IOException e) {
            LOG.warn("Could not mark the run lock {} released: {}", file, e.getMessage());
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it too
            }
            closeQuietly(channel);
        }
    }

    private static Map<String, String> read(Path file) {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            return readChannel(c);
        } catch (IOException e) {
            return new LinkedHashMap<>();
        }
    }

    private static Map<String, String> readChannel(FileChannel c) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(c.size(), 64 * 1024));
        c.read(buf, 0);
        Properties p = new Properties();
        p.load(new java.io.StringReader(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)));
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    private static void writeChannel(FileChannel c, Map<String, String> values) throws IOException {
        StringBuilder sb = new StringBuilder("# MigrateDB run lock: who runs (or last ran) against this target\n");
        values.forEach((k, v) -> sb.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        c.truncate(0);
        c.write(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)), 0);
        c.force(false);
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
