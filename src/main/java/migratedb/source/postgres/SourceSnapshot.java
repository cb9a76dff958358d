package migratedb.source.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One consistent point-in-time view of the source shared by every parallel reader: a coordinator transaction
 * exports its snapshot ({@code pg_export_snapshot}) and every reader imports it in its own REPEATABLE READ
 * transaction, so all tables are read as of the same instant.
 */
public final class SourceSnapshot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourceSnapshot.class);
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]+");

    private final PostgresSource source;
    private Connection coordinator;
    private String snapshotId;
    private long xmax;
    private final List<String> replacements = new ArrayList<>();

    private SourceSnapshot(PostgresSource source) {
        this.source = source;
    }

    public static SourceSnapshot export(PostgresSource source) throws SQLException {
        SourceSnapshot s = new SourceSnapshot(source);
        s.exportNew();
        return s;
    }

    private synchronized void exportNew() throws SQLException {
        closeCoordinator();
        coordinator = source.connect();
        coordinator.setAutoCommit(false);
        coordinator.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        coordinator.setReadOnly(true);
        long previousXmax = xmax;
        try (Statement st = coordinator.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_export_snapshot(), txid_snapshot_xmax(txid_current_snapshot())")) {
            rs.next();
            String id = rs.getString(1);
            if (!SNAPSHOT_ID.matcher(id).matches()) {
                throw new SQLException("unexpected snapshot id format");
            }
            if (snapshotId != null) {
                long started = rs.getLong(2) - previousXmax;
                replacements.add("The source snapshot " + snapshotId + " was lost (its session ended) and replaced by "
                        + id + "; " + (started == 0 ? "no transaction wrote to the source in between, so every "
                        + "table is still read as of one instant"
                        : started + " transaction(s) were started in the source in between (autovacuum or another "
                        + "client): tables read after the replacement may be of a later instant"));
            }
            snapshotId = id;
            xmax = rs.getLong(2);
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
                if (!PostgresErrors.isSnapshotGone(e) && !PostgresErrors.isTransient(e)) {
                    throw e;
                }
                // the coordinator was lost (its backend killed): the application is stopped (preflight), so a
                // new snapshot sees the same data; say so and continue
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

    @Override
    public synchronized void close() {
        closeCoordinator();
    }
}
