package migratedb.source.postgres.bundled;

import migratedb.source.postgres.PostgresVersion;
import migratedb.troubleshoot.MigrationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The complete backup of the source database taken before a migration: {@code pg_dump --format=custom} into
 * {@code backups/<run-id>/<database>.dump}. A backup that fails in any way throws, so the caller does not go on
 * without one. The password reaches pg_dump through PGPASSWORD only, never its command line.
 */
public final class SourceBackup {
    private static final Logger LOG = LoggerFactory.getLogger(SourceBackup.class);
    /** The version in "pg_dump (PostgreSQL) 15.18 (Debian ...)": what follows the program's name. */
    private static final Pattern VERSION = Pattern.compile("\\)\\s+(\\d[^\\s]*)");
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

    private final Path pgHome;
    private final List<Path> searchPath;
    private final Duration dumpTimeout;

    /**
     * @param pgHome      the bundled installation, whose bin/pg_dump is preferred; may be null
     * @param dumpTimeout how long pg_dump may run
     */
    public SourceBackup(Path pgHome, Duration dumpTimeout) {
        this(pgHome, pathFromEnvironment(), dumpTimeout);
    }

    /** For tests: {@code searchPath} stands in for the PATH variable. */
    SourceBackup(Path pgHome, List<Path> searchPath, Duration dumpTimeout) {
        this.pgHome = pgHome == null ? null : pgHome.toAbsolutePath().normalize();
        this.searchPath = List.copyOf(searchPath);
        this.dumpTimeout = dumpTimeout;
    }

    /**
     * Dumps {@code source.database()} into {@code backupsDir/runId/<database>.dump}.
     *
     * @throws MigrationException a {@link BundledTrouble} BACKUP_* entry when no complete backup could be taken
     */
    public BackupResult backup(PostgresLogin source, Path backupsDir, String runId) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id may hold letters, digits, '.', '_' and '-' only: " + runId);
        }
        Path runDir = backupsDir.toAbsolutePath().normalize().resolve(runId);
        Path file = runDir.resolve(safeFileName(source.database()) + ".dump");
        Path partial = runDir.resolve(file.getFileName() + ".partial");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", source.database());
        details.put("file", file);
        details.put("backupDir", runDir);
        if (Files.exists(file)) {
            throw new MigrationException(BundledTrouble.BACKUP_TARGET_EXISTS, details);
        }
        Path pgDump = findPgDump();
        requireRecentEnough(pgDump, source);
        try {
            Files.createDirectories(runDir);
            // the dump holds every row, the excluded personal passwords included: nobody else may traverse the
            // folder while pg_dump writes with its own umask
            migratedb.config.FilePermissions.restrictToOwner(runDir);
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            details.put("reason", e.toString());
            throw new MigrationException(BundledTrouble.BACKUP_IO_FAILED, details, e);
        }

        LOG.info("Backing up database {} with {} into {}", source.database(), pgDump, file);
        List<String> command = List.of(pgDump.toString(), "--format=custom", "--no-password",
                "--host=" + source.host(), "--port=" + source.port(), "--username=" + source.user(),
                "--dbname=" + source.database(), "--file=" + partial);
        Processes.Result result;
        try {
            result = Processes.run(command, clientEnvironment(pgDump, source), runDir, dumpTimeout);
        } catch (IOException e) {
            details.put("reason", e.toString());
            throw new MigrationException(BundledTrouble.BACKUP_IO_FAILED, details, e);
        }
        try {
            if (!result.succeeded()) {
                details.put("exitCode", result.timedOut() ? "none, timed out after " + dumpTimeout : result.exitCode());
                details.put("stderrTail", Processes.lastLines(result.output(), 5));
                throw new MigrationException(BundledTrouble.BACKUP_FAILED, details);
            }
            if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
                throw new MigrationException(BundledTrouble.BACKUP_EMPTY, details);
            }
            migratedb.config.FilePermissions.restrictToOwner(partial);
            // Only a complete dump gets the final name: a file named *.dump is always a finished backup.
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            BackupResult backup = new BackupResult(file, Files.size(file), sha256(file), pgDump);
            LOG.info("Backup complete: {} ({} bytes, SHA-256 {})", file, backup.sizeBytes(), backup.sha256());
            return backup;
        } catch (IOException e) {
            details.put("reason", e.toString());
            throw new MigrationException(BundledTrouble.BACKUP_IO_FAILED, details, e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                LOG.warn("Could not remove {}: {}", partial, e.toString());
            }
        }
    }

    /** The bundled installation's pg_dump matches its server best; PATH is the fallback. */
    Path findPgDump() {
        List<Path> candidates = new ArrayList<>();
        if (pgHome != null) {
            candidates.add(pgHome.resolve("bin/pg_dump"));
        }
        searchPath.forEach(dir -> candidates.add(dir.resolve("pg_dump")));
        return candidates.stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new MigrationException(BundledTrouble.BACKUP_PG_DUMP_MISSING,
                        Map.of("pgHomeBin", pgHome == null ? "(no PostgreSQL home given)" : pgHome.resolve("bin"))));
    }

    /**
     * pg_dump refuses servers newer than itself (9.5's pg_dump refuses a 9.6 server too); say so before it runs, in
     * our words. A newer pg_dump reads older servers (PostgreSQL 15's back to 9.2).
     */
    private void requireRecentEnough(Path pgDump, PostgresLogin source) {
        PostgresVersion dump = pgDumpVersion(pgDump, source.database());
        Optional<PostgresVersion> server = serverVersion(source);
        if (server.isPresent() && tooOld(dump, server.get())) {
            throw new MigrationException(BundledTrouble.BACKUP_PG_DUMP_TOO_OLD,
                    Map.of("pgDump", pgDump, "pgDumpMajor", dump.major(), "serverMajor", server.get().major()));
        }
    }

    /** True when pg_dump's major version is older than the server's (minor versions do not matter). */
    static boolean tooOld(PostgresVersion pgDump, PostgresVersion server) {
        return pgDump.majorNumber() < server.majorNumber();
    }

    private PostgresVersion pgDumpVersion(Path pgDump, String database) {
        try {
            Processes.Result result = Processes.run(List.of(pgDump.toString(), "--version"), clientEnvironment(pgDump, null), null, VERSION_TIMEOUT);
            Optional<PostgresVersion> version = parseVersion(result.output());
            if (result.succeeded() && version.isPresent()) {
                return version.get();
            }
            throw new MigrationException(BundledTrouble.BACKUP_FAILED, Map.of("database", database,
                    "exitCode", result.exitCode() + " (on 'pg_dump --version')", "stderrTail", Processes.lastLines(result.output(), 3),
                    "backupDir", "the backups folder"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + pgDump, e);
        }
    }

    /**
     * The version a PostgreSQL program prints: "pg_dump (PostgreSQL) 15.18 (Debian ...)" gives 15.18,
     * "postgres (PostgreSQL) 9.6.24" gives 9.6.24.
     */
    public static Optional<PostgresVersion> parseVersion(String versionOutput) {
        Matcher m = VERSION.matcher(versionOutput);
        return m.find() ? Optional.of(PostgresVersion.parse(m.group(1))) : Optional.empty();
    }

    /** Empty when we cannot connect: pg_dump then fails with its own, more precise, words. */
    private static Optional<PostgresVersion> serverVersion(PostgresLogin source) {
        try (Connection connection = DriverManager.getConnection(source.jdbcUrl(), source.jdbcProperties())) {
            return Optional.of(PostgresVersion.of(connection));
        } catch (SQLException e) {
            LOG.warn("Could not read the source's version before the backup ({}); pg_dump will tell.", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Our environment, PG* variables replaced: only the password is passed, and only to this child. The bundled
     * libraries are added for the installation's own pg_dump only: the system's newer pg_dump would load the
     * installation's older libpq and fail (PostgreSQL 15's pg_dump on 9.6's libpq: "undefined symbol").
     */
    private Map<String, String> clientEnvironment(Path pgDump, PostgresLogin source) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(name -> name.startsWith("PG"));
        if (source != null && source.password() != null) {
            env.put("PGPASSWORD", source.password());
        }
        env.put("PGCONNECT_TIMEOUT", "30");
        if (pgHome != null && pgDump.startsWith(pgHome)) {
            String lib = pgHome.resolve("lib").toString();
            String existing = env.get("LD_LIBRARY_PATH");
            env.put("LD_LIBRARY_PATH", existing == null || existing.isEmpty() ? lib : lib + ":" + existing);
        }
        return env;
    }

    private static String safeFileName(String database) {
        return database.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static List<Path> pathFromEnvironment() {
        String path = System.getenv("PATH");
        List<Path> dirs = new ArrayList<>();
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        return dirs;
    }
}
