package migratedb.it;

import migratedb.config.Home;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files with the source's data are their owner's alone: the reports (assessment samples show user logins) and the
 * diagnostics zip (log lines and reports).
 */
class OwnerOnlyFilesTest {
    @TempDir
    Path dir;

    @Test
    void reportsAndTheDiagnosticsZipCannotBeReadByOthers() throws Exception {
        String source = TestPostgres.newDatabase("owner_only");
        TestPostgres.execute(source, "CREATE TABLE users (id int PRIMARY KEY, login text UNIQUE);"
                + "INSERT INTO users VALUES (1, 'Anna'), (2, 'anna')");
        MigrateDbHarness h = new MigrateDbHarness(dir, source);
        Path reports = Home.resolve("reports");
        if (Files.isDirectory(reports)) {
            Files.setPosixFilePermissions(reports, PosixFilePermissions.fromString("rwxr-xr-x")); // as a tar left it
        }

        MigrateDbHarness.Result assess = h.run("assess");
        Matcher m = Pattern.compile("Assessment (\\S+):").matcher(assess.out());
        assertTrue(m.find(), assess.all());
        assertTrue(Files.readString(reports.resolve(m.group(1)).resolve("assessment.md")).contains("anna"),
                "the samples hold the logins");
        assertEquals("rwx------", mode(reports));
        assertEquals("rwx------", mode(reports.resolve(m.group(1))));

        Files.setPosixFilePermissions(reports, PosixFilePermissions.fromString("rwxr-xr-x"));
        MigrateDbHarness.Result migrate = h.set("assess.allow", "collation-duplicate")
                .set("target.collation", "Latin1_General_100_CS_AS").run("migrate");
        String runId = migrate.out().substring(migrate.out().indexOf("Run ") + 4).split(" ")[0];
        assertEquals("rwx------", mode(reports), migrate.all());
        assertEquals("rwx------", mode(reports.resolve(runId)));

        Path zip = dir.resolve("case.zip");
        MigrateDbHarness.Result diagnose = MigrateDbHarness.runRaw("diagnose", "--config", h.configFile().toString(),
                "--out", zip.toString());
        assertEquals(0, diagnose.exitCode(), diagnose.all());
        assertEquals("rw-------", mode(zip));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
