package migratedb.copy;

import migratedb.config.Settings;
import migratedb.lifecycle.StopRequest;
import migratedb.model.Column;
import migratedb.model.Key;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;
import migratedb.sink.TargetConnector;
import migratedb.sink.TargetPool;
import migratedb.verify.Checksum;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Chunk 2 [id 5001, 10001) of a one-column public.events, and a copy engine whose context's target is an
 * in-memory H2 stand-in.
 */
final class EventsChunk implements AutoCloseable {
    private final CopyContext context;
    private final CopyEngine engine;
    private final ChunkWork work;

    private EventsChunk(String h2Database, ProgressListener progress) {
        Settings settings = Settings.of(Map.of("target.url", "jdbc:h2:mem:" + h2Database));
        TargetConnector target = TargetConnector.from(settings);
        TargetPool pool = target.pool(2);
        context = new CopyContext("run-1", List.of(events()), CopyTunables.from(settings), null, pool,
                new CheckpointStore(target.dialect(), "dbo"), new RejectWriter(Path.of("target", "rejects")),
                new StopRequest(), progress, NO_RESULTS);
        engine = new CopyEngine(context);
        work = ChunkWork.of(new TableJob(events()), new Chunk("public.events", 2, "id", 5001L, 10001L));
    }

    static EventsChunk of(String h2Database) {
        return new EventsChunk(h2Database, ProgressListener.NONE);
    }

    static EventsChunk of(String h2Database, ProgressListener progress) {
        return new EventsChunk(h2Database, progress);
    }

    CopyEngine engine() {
        return engine;
    }

    ChunkWork work() {
        return work;
    }

    /** The context's target pool (another session on the same stand-in). */
    TargetPool targetPool() {
        return context.target();
    }

    StopRequest stopRequest() {
        return context.stopRequest();
    }

    /** The work's target connection, in a transaction, borrowed from the context's pool. */
    ChunkWork withTargetConnection() throws java.sql.SQLException {
        work.targetConnection = context.target().borrow();
        work.targetConnection.setAutoCommit(false);
        return work;
    }

    @Override
    public void close() {
        work.release();
        context.target().close();
    }

    private static TargetTable events() {
        Column id = new Column("id", 1, "bigint", "int8", Column.TypeKind.BASE, null, null, null, false, null,
                Column.Identity.NONE, null);
        Table t = new Table("public", "events", List.of(id), new Key("events_pkey", List.of("id")), List.of(),
                List.of(), List.of(), List.of(), 0, 0, null);
        return new TargetTable(t, "dbo", "events",
                List.of(new TargetColumn(id, "id", "BIGINT", ValueKind.INT64, false, null, false)));
    }

    private static final CopyResults NO_RESULTS = new CopyResults() {
        @Override
        public void sourceRows(String table, long rows) {
        }

        @Override
        public void copyMillis(String table, long millis) {
        }

        @Override
        public void chunkVerified(String table, int chunk, Checksum found) {
        }

        @Override
        public void warn(String warning) {
        }

        @Override
        public void stageDone(String stage, long millis) {
        }
    };
}
