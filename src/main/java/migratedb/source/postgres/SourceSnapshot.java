package migratedb.source.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One consistent point-in-time view of the source shared by every parallel reader: a coordinator transaction
 * exports its snapshot ({@code pg_export_snapshot}) and every reader imports it in its own REPEATABLE READ
 * transaction, so all tables are read as of the same instant.
 * <p>
 * Readers are worker sessions kept for the whole copy, as parallel {@code pg_dump} workers keep theirs: a session
 * imports the snapshot once and reads chunk after chunk in its one transaction ({@link #lease}, {@link #giveBack}).
 * A session whose read did not end cleanly is {@link #discard discarded}, never reused; its replacement imports the
 * snapshot again, which needs the exporting transaction. If that transaction was lost too, a new one is exported
 * and accepted only when it is provably the same instant (the same transaction snapshot: no transaction started or
 * ended in between); otherwise {@link SnapshotLost} stops the run, which a resume continues.
 */
public final class SourceSnapshot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourceSnapshot.class);
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]+");

    private final PostgresSource source;
    private Connection coordinator;
    private String snapshotId;
    /** txid_current_snapshot() of the first export: xmin, xmax and the transactions in progress. */
    private String instant;
    private final List<String> replacements = new ArrayList<>();
    private final Deque<Session> idle = new ArrayDeque<>();
    private final List<Session> all = new ArrayList<>();
    private int opened;
    private boolean closed;

    private SourceSnapshot(PostgresSource source) {
        this.source = source;
    }

    public static SourceSnapshot export(PostgresSource source) throws SQLException {
        SourceSnapshot s = new SourceSnapshot(source);
        s.exportNew();
        return s;
    }

    /** The run's snapshot was lost and could not be replaced by the same instant: the run stops (and resumes). */
    public static final class SnapshotLost extends SQLException {
        SnapshotLost(String message) {
            super(message, "MDB02");
        }
    }

    private synchronized void exportNew() throws SQLException {
        closeCoordinator();
        coordinator = source.connect();
        coordinator.setAutoCommit(false);
        coordinator.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        coordinator.setReadOnly(true);
        try (Statement st = coordinator.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_export_snapshot(), txid_current_snapshot()::text")) {
            rs.next();
            String id = rs.getString(1);
            if (!SNAPSHOT_ID.matcher(id).matches()) {
                throw new SQLException("unexpected snapshot id format");
            }
            String now = rs.getString(2);
            if (snapshotId != null) {
                if (!now.equals(instant)) {
                    String lost = snapshotId;
                    closeCoordinator();
                    throw new SnapshotLost("the source snapshot " + lost + " was lost (its exporting session ended) "
                            + "and the source has changed since it was taken (transactions " + instant + " then, "
                            + now + " now), so a new snapshot would not be the same instant");
                }
                replacements.add("The source snapshot " + snapshotId + " was lost (its session ended) and replaced by "
                        + id + ", which is the same instant (no transaction started or ended in the source in "
                        + "between), so every table is still read as of one instant");
            } else {
                instant = now;
            }
            snapshotId = id;
        }
        LOG.info("Source snapshot {} exported; every table is read as of this instant", snapshotId);
    }

    /** A connection inside a REPEATABLE READ, read-only transaction on the shared snapshot. */
    public Connection openReader() throws SQLException {
        Connection c = source.connect();
        try {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            String id = currentId();
            try (Statement st = c.createStatement()) {
                // SET TRANSACTION SNAPSHOT takes no parameter; the id was checked against SNAPSHOT_ID
                st.execute("SET TRANSACTION SNAPSHOT '" + id + "'");
            } catch (SQLException e) {
                if (!PostgresErrors.isSnapshotGone(e)) {
                    throw e;
                }
                // the exporting transaction ended (its backend killed, the server restarted): a new export is taken
                // only if it is the same instant
                LOG.warn("Source snapshot {} is gone ({}); exporting a new one", id, e.getSQLState());
                c.rollback();
                reexport(id);
                try (Statement st = c.createStatement()) {
                    st.execute("SET TRANSACTION SNAPSHOT '" + currentId() + "'");
                }
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** A worker's connection in the snapshot, kept for the copy and reused for every chunk it reads. */
    public static final class Session {
        private final Connection connection;

        private Session(Connection connection) {
            this.connection = connection;
        }

        public Connection connection() {
            return connection;
        }
    }

    /** An idle worker session, or a new one (which imports the snapshot) when every session is in use. */
    public Session lease() throws SQLException {
        synchronized (this) {
            Session s = idle.pollFirst();
            if (s != null) {
                return s;
            }
        }
        Session fresh = new Session(openReader());
        synchronized (this) {
            all.add(fresh);
            opened++;
        }
        return fresh;
    }

    /** Opens sessions until {@code workers} exist (one per worker), so that none is opened while chunks run. */
    public void open(int workers) throws SQLException {
        while (true) {
            synchronized (this) {
                if (all.size() >= workers) {
                    return;
                }
            }
            Session fresh = new Session(openReader());
            synchronized (this) {
                all.add(fresh);
                opened++;
                idle.addLast(fresh);
            }
        }
    }

    /** A session whose last read ended cleanly: the next chunk reads on it, in the same transaction. */
    public synchronized void giveBack(Session s) {
        if (closed) {
            closeQuietly(s.connection); // the copy ended meanwhile
            return;
        }
        idle.addFirst(s);
    }

    /** A session that failed, or whose read was abandoned half way: closed, never used again. */
    public void discard(Session s) {
        synchronized (this) {
            all.remove(s);
            idle.remove(s);
        }
        closeQuietly(s.connection);
    }

    /** Worker sessions opened so far (each one imported the snapshot once). */
    public synchronized int sessionsOpened() {
        return opened;
    }

    /** One sentence per time the snapshot had to be exported again; the report lists them as warnings. */
    public synchronized List<String> replacements() {
        return List.copyOf(replacements);
    }

    private synchronized String currentId() {
        return snapshotId;
    }

    private synchronized void reexport(String failedId) throws SQLException {
        if (failedId.equals(snapshotId)) {
            exportNew();
        }
    }

    private void closeCoordinator() {
        if (coordinator != null) {
            try {
                coordinator.close();
            } catch (SQLException e) {
                LOG.debug("closing snapshot coordinator: {}", e.getSQLState());
            }
            coordinator = null;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a snapshot session: {}", e.getSQLState());
        }
    }

    /** Ends the worker sessions and the exporting transaction. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Session s : all) {
            closeQuietly(s.connection);
        }
        all.clear();
        idle.clear();
        closeCoordinator();
    }
}
