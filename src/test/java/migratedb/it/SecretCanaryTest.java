package migratedb.it;

import migratedb.config.Home;
import migratedb.demo.DemoDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Planted passwords never appear in anything a run writes: console, route log, troubleshooting log, reports,
 * rejects, nor in the failure path (a failed run writes its stack traces too).
 */
class SecretCanaryTest {
    private static final String SOURCE_CANARY = "Canary-Src-7c1d;}@=";
    private static final String TARGET_CANARY = "Canary-Tgt-93fa;}@=";

    @TempDir
    Path dir;

    @Test
    void plantedPasswordsAppearInNoFileTheRunWritesNorOnTheConsole() throws Exception {
        String source = TestPostgres.newDatabase("canary");
        try (Connection c = TestPostgres.connect(source)) {
            DemoDatabase.loadSample(c, 500);
        }
        MigrateDbHarness h = new MigrateDbHarness(dir, source)
                .set("source.password", SOURCE_CANARY)   // the test server trusts loopback logins: accepted, unused
                .set("target.password", TARGET_CANARY)
                .set("migration.excludedTables", "public.personal_passwords")
                .set("migration.protectedColumns", "public.accounts.password");
        Files.setPosixFilePermissions(h.configFile(), PosixFilePermissions.fromString("rw-------"));
        // the H2 file database takes its password from its first connection
        DriverManager.getConnection(h.h2QueryUrl(), "sa", TARGET_CANARY).close();

        MigrateDbHarness.Result ok = h.run("migrate");
        assertEquals(0, ok.exitCode(), ok.all());
        // and a failing run: a second migrate into the now non-empty target, with its troubleshooting entry
        MigrateDbHarness.Result refused = h.run("migrate");
        assertTrue(refused.exitCode() != 0);

        for (String canary : List.of(SOURCE_CANARY, TARGET_CANARY)) {
            assertTrue(!ok.all().contains(canary) && !refused.all().contains(canary), "console shows " + canary);
            List<Path> leaking = filesContaining(Home.dir(), canary);
            assertEquals(List.of(), leaking, "files holding " + canary);
        }
    }

    private static List<Path> filesContaining(Path root, String text) throws IOException {
        List<Path> out = new ArrayList<>();
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(p), needle) >= 0) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
