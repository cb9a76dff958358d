package migratedb.pipeline;

import migratedb.config.Settings;
import migratedb.lifecycle.RunInterrupted;
import migratedb.model.Column;
import migratedb.model.Key;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;
import migratedb.sink.TargetConnector;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stop request (Ctrl-C) ends the verify stage: no table's verification starts after it. */
class VerifyStageStopTest {

    @Test
    void noTablesVerificationStartsAfterAStopRequest() {
        Settings settings = Settings.of(Map.of("target.url", "jdbc:h2:mem:verify-stop"));
        MigrationRun run = new MigrationRun(Command.MIGRATE, settings, null, TargetConnector.from(settings), null,
                false);
        run.stopRequest().request("SIGTERM");
        try {
            RunInterrupted stopped = assertThrows(RunInterrupted.class,
                    () -> new VerifyStage().verifyTable(new VerifyStage.TableCheck(run, events())));
            assertEquals("SIGTERM", stopped.reason());
            assertTrue(stopped.where().contains("public.events"), stopped.where());
            assertTrue(run.results().isEmpty(), "nothing was verified");
        } finally {
            run.close();
        }
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
