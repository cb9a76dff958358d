package migratedb.cli;

import migratedb.config.Settings;
import migratedb.source.postgres.SourceSession;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/** A complete pg_dump of the source (in bundled mode MigrateDB starts the bundled server for it). */
@CommandLine.Command(name = "backup", description = "Back up the source with pg_dump (custom format) into backups/<id>/.")
final class BackupCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        Settings s = common.load();
        String id = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC))
                + "-backup";
        try (SourceSession session = SourceSession.open(s)) {
            session.warnings().forEach(w -> System.out.println("WARNING: " + w));
            RunSupport.backup(s, session, id, System.out);
        }
        return Console.OK;
    }
}
