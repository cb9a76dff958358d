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
import migratedb.sink.TargetConnector;

import java.util.List;
import java.util.Map;

/** Chunk 2 [id 5001, 10001) of a one-column public.events, in a run whose target is an in-memory H2 stand-in. */
final class EventsChunk {
    private EventsChunk() {
    }

    static ChunkWork of(String h2Database) {
        Settings settings = Settings.of(Map.of("target.url", "jdbc:h2:mem:" + h2Database));
        MigrationRun run = new MigrationRun(Command.MIGRATE, settings, null, TargetConnector.from(settings), null,
                false);
        return ChunkWork.of(new TableJob(run, events()), new Chunk("public.events", 2, "id", 5001L, 10001L));
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
