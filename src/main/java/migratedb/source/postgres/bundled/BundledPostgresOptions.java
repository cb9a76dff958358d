package migratedb.source.postgres.bundled;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to bring up the bundled PostgreSQL for one migration run.
 *
 * @param pgHome               the installation's pgsql folder (holds bin/postgres and bin/pg_ctl)
 * @param dataDir              the bundled database's data directory (holds PG_VERSION and postmaster.pid)
 * @param stateDir             MigrateDB's own work folder; the marker file {@value BundledPostgres#MARKER_FILE} lives here
 * @param database             database to connect to
 * @param user                 user to connect as, over 127.0.0.1
 * @param password             that user's password, or null when pg_hba.conf trusts the user
 * @param migrationConnections connections the migration opens at most; max_connections is set to this plus
 *                             PostgreSQL's reserved superuser slots plus a little headroom, so the application
 *                             (or anyone else) finds no room
 * @param port                 port to listen on, 0 to pick a free one
 * @param startTimeout         how long PostgreSQL may take to accept connections (crash recovery included)
 * @param stopTimeout          how long a fast shutdown may take before an immediate one
 */
public record BundledPostgresOptions(
        Path pgHome,
        Path dataDir,
        Path stateDir,
        String database,
        String user,
        String password,
        int migrationConnections,
        int port,
        Duration startTimeout,
        Duration stopTimeout) {

    /** PostgreSQL keeps superuser_reserved_connections (default 3) out of max_connections for superusers. */
    static final int RESERVED_AND_HEADROOM = 3 + 2;

    public BundledPostgresOptions {
        Objects.requireNonNull(pgHome, "pgHome");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        if (migrationConnections < 1) {
            throw new IllegalArgumentException("migrationConnections must be at least 1, was " + migrationConnections);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
    }

    /** Defaults that suit the migration: 8 connections, a free port, 5 minutes to start, 1 minute to stop. */
    public static BundledPostgresOptions of(Path pgHome, Path dataDir, Path stateDir, String database, String user, String password) {
        return new BundledPostgresOptions(pgHome, dataDir, stateDir, database, user, password,
                8, 0, Duration.ofMinutes(5), Duration.ofMinutes(1));
    }

    public BundledPostgresOptions withMigrationConnections(int connections) {
        return new BundledPostgresOptions(pgHome, dataDir, stateDir, database, user, password, connections, port, startTimeout, stopTimeout);
    }

    public BundledPostgresOptions withPort(int fixedPort) {
        return new BundledPostgresOptions(pgHome, dataDir, stateDir, database, user, password, migrationConnections, fixedPort, startTimeout, stopTimeout);
    }

    public BundledPostgresOptions withTimeouts(Duration start, Duration stop) {
        return new BundledPostgresOptions(pgHome, dataDir, stateDir, database, user, password, migrationConnections, port, start, stop);
    }

    /** The max_connections the server is started with. */
    public int maxConnections() {
        return migrationConnections + RESERVED_AND_HEADROOM;
    }

    @Override
    public String toString() {
        return "BundledPostgresOptions[pgHome=" + pgHome + ", dataDir=" + dataDir + ", stateDir=" + stateDir
                + ", database=" + database + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", migrationConnections=" + migrationConnections + ", port=" + port
                + ", startTimeout=" + startTimeout + ", stopTimeout=" + stopTimeout + "]";
    }
}
