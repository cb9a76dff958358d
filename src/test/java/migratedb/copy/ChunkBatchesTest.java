package migratedb.copy;

import migratedb.config.Settings;
import migratedb.model.Column;
import migratedb.model.Key;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;
import migratedb.pipeline.Command;
import migratedb.pipeline.MigrationRun;
import migratedb.source.postgres.BatchStream;
import migratedb.target.TargetConnector;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The batches a chunk hands to the chunk-attempt route's split. */
class ChunkBatchesTest {

    /**
     * Camel's splitter walks the iterator once more after a failure to release its exchanges (MulticastProcessor
     * doDone). A source read failure must be reported once; a second throw there is logged by Camel as a stack trace
     * on the console (seen in CI in SourceFaultTest).
     */
    @Test
    void aSourceReadFailureIsThrownOnceThenTheBatchesEnd() {
        ChunkWork w = chunk();
        w.rows = failingRows(new BatchStream.SourceReadException(
                new SQLException("Database connection failed when reading from copy", "08006")));

        Iterator<ChunkWork.RowBatch> batches = new CopyEngine(new ProgressListener() { }).batches(w);

        RuntimeException first = assertThrows(RuntimeException.class, batches::hasNext);
        assertInstanceOf(TransientFailure.class, first, "a lost source connection is retried");
        assertFalse(batches.hasNext(), "the failure is not thrown again");
    }

    /** The same for any other failure of the rows (a file being imported that cannot be read). */
    @Test
    void anyOtherFailureOfTheRowsIsThrownOnceToo() {
        ChunkWork w = chunk();
        w.rows = failingRows(new IllegalStateException("the import file cannot be read"));

        Iterator<ChunkWork.RowBatch> batches = new CopyEngine(new ProgressListener() { }).batches(w);

        assertThrows(IllegalStateException.class, batches::hasNext);
        assertFalse(batches.hasNext(), "the failure is not thrown again");
    }

    private static ChunkWork chunk() {
        Settings settings = Settings.of(Map.of("target.url", "jdbc:h2:mem:chunk-batches"));
        MigrationRun run = new MigrationRun(Command.MIGRATE, settings, null, TargetConnector.from(settings), null,
                false);
        return ChunkWork.of(new TableJob(run, events()), new Chunk("public.events", 2, "id", 5001L, 10001L));
    }

    /** Rows whose every hasNext throws, as a read-ahead stream does once its reader failed. */
    private static Iterator<List<Object[]>> failingRows(RuntimeException failure) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                throw failure;
            }

            @Override
            public List<Object[]> next() {
                throw new AssertionError("never reached");
            }
        };
    }

    private static TargetTable events() {
        Column id = new Column("id", 1, "bigint", "int8", Column.TypeKind.BASE, null, null, null, false, null,
                Column.Identity.NONE, null);
        Table t = new Table("public", "events", List.of(id), new Key("events_pkey", List.of("id")), List.of(),
                List.of(), List.of(), List.of(), 0, 0, null);
        return new TargetTable(t, "dbo", "events",
                List.of(new TargetColumn(id, "id", "BIGINT", ValueKind.INT64, false, null, false)));
    }
}
