package migratedb.ops;

import migratedb.config.Home;
import migratedb.troubleshoot.MigrationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a request file may hold, and every way it is refused. */
class RequestFileTest {
    @TempDir
    Path dir;

    private RequestFile reader;

    @BeforeEach
    void conf() throws IOException {
        Files.createDirectories(Home.resolve("conf"));
        reader = new RequestFile(1024, Home.resolve("conf"), "inbox/.quarantine");
    }

    @Test
    void readsCommandConfigAndSetLinesAsTheCommandLineWould() throws IOException {
        Request r = reader.read(write("night.request", "\uFEFF# nightly\r\ncommand = Migrate\r\n"
                + "config=conf/other.conf\r\nset.copy.batchSize=5000\r\nset.mapping.public.t.c=NVARCHAR(10)\r\n"
                + "set.mapping.column.public.accounts.password=VARBINARY(256)\r\n"));
        assertEquals("migrate", r.command());
        assertEquals(Home.resolve("conf/other.conf"), r.config());
        assertEquals(List.of("copy.batchSize=5000", "mapping.public.t.c=NVARCHAR(10)",
                "mapping.column.public.accounts.password=VARBINARY(256)"), r.sets(),
                "a mapping of a column called password carries no secret");
        assertNull(r.runId());
        assertTrue(r.key().startsWith("night.request:"));
    }

    @Test
    void theDefaultConfigIsDatabaseParamsAndVerifyMayNameItsRun() throws IOException {
        Request r = reader.read(write("v.request", "command=verify\nrun=20260101-120000-abcd\n"));
        assertEquals(Home.resolve("conf/database_params.conf"), r.config());
        assertEquals("20260101-120000-abcd", r.runId());
    }

    @Test
    void theSameNameWithOtherContentIsAnotherRequest() throws IOException {
        String a = reader.read(write("x.request", "command=migrate\n")).key();
        String b = reader.read(write("x.request", "command=resume\n")).key();
        assertNotEquals(a, b);
    }

    @Test
    void refusesWhatIsNotARequest() throws IOException {
        assertRefused("REQUEST_MALFORMED", "command=migrate\ncommand=resume\n");
        assertRefused("REQUEST_MALFORMED", "command=drop-everything\n");
        assertRefused("REQUEST_MALFORMED", "config=conf/database_params.conf\n");
        assertRefused("REQUEST_MALFORMED", "command=migrate\njust some text\n");
        assertRefused("REQUEST_MALFORMED", "command=migrate\nset.copy.nonsense=1\n");
        assertRefused("REQUEST_MALFORMED", "command=migrate\nrun=abc\n");
        assertRefused("REQUEST_PARTIAL", "  \n\n");
    }

    @Test
    void neverCarriesASecretSqlOrAForeignConfig() throws IOException {
        assertRefused("REQUEST_FORBIDDEN", "command=migrate\nset.source.password=x\n");
        assertRefused("REQUEST_FORBIDDEN", "command=migrate\nset.target.url=jdbc:sqlserver://h;password=x\n");
        assertRefused("REQUEST_FORBIDDEN", "command=migrate\nset.target.database=a;b\n");
        assertRefused("REQUEST_FORBIDDEN", "command=migrate\nset.migration.excludedTables=x' OR 1=1 --\n");
        assertRefused("REQUEST_FORBIDDEN", "command=migrate\nset.target.schema=dbo drop table x\n");
        assertRefused("REQUEST_FORBIDDEN", "command=migrate\nconfig=/etc/passwd\n");
        assertRefused("REQUEST_FORBIDDEN", "command=migrate\nconfig=conf/../../outside.conf\n");
        // the key file is inside conf/: read as settings its content would travel into messages and logs
        assertRefused("REQUEST_FORBIDDEN", "command=assess\nconfig=conf/.migratedb.key\n");
    }

    /** A dropped file tunes the run; it never decides where the stored login and the data go, nor a safety check. */
    @Test
    void setsOnlyTunablesNeverTheTargetTheSourceOrASafetyCheck() throws IOException {
        for (String line : List.of("set.target.host=evil.example.com", "set.target.url=jdbc:h2:file:/tmp/x",
                "set.source.url=jdbc:postgresql://evil/x", "set.preflight.allowSourceSessions=true",
                "set.preflight.applicationLockFile=", "set.migration.protectedColumns=", "set.paths.reports=/tmp")) {
            assertRefused("REQUEST_FORBIDDEN", "command=migrate\n" + line + "\n");
        }
    }

    @Test
    void refusesOversizedFilesAndLinksUnread() throws IOException {
        Path big = write("big.request", "command=migrate\n#" + "x".repeat(2000) + "\n");
        assertEquals("REQUEST_TOO_LARGE", code(big));
        Path target = write("real.request", "command=migrate\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.request"), target);
        assertEquals("REQUEST_SYMLINK", code(link));
    }

    private void assertRefused(String code, String content) throws IOException {
        assertEquals(code, code(write("r.request", content)), content);
    }

    private String code(Path file) {
        return assertThrows(MigrationException.class, () -> reader.read(file)).trouble().code();
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }
}
