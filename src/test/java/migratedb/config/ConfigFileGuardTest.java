package migratedb.config;

import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ConfigFileGuardTest {
    @TempDir
    Path dir;

    private Path file(String mode) throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path f = dir.resolve("database_params.conf");
        Files.writeString(f, "x");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private static Map<String, String> values(String password) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("target.host", "db");
        v.put("target.user", "amp");
        v.put("target.password", password);
        return v;
    }

    @Test
    void plainPasswordInWorldReadableFileIsRefusedWithFileSettingAndChmod() throws Exception {
        Path f = file("rw-r--r--");
        MigrationException e = assertThrows(MigrationException.class,
                () -> new ConfigFileGuard().check(f, values("Secr3t!")));
        assertEquals(SecurityTrouble.CONFIG_FILE_TOO_OPEN, e.trouble());
        assertTrue(e.getMessage().contains(f.toString()));
        assertTrue(e.getMessage().contains("target.password"));
        assertTrue(e.solution().contains("chmod 600 '" + f.toAbsolutePath() + "'"), e.solution());
        assertFalse(e.consoleText().contains("Secr3t!"));
    }

    @Test
    void groupReadableIsAlsoRefused() throws Exception {
        Path f = file("rw-r-----");
        assertThrows(MigrationException.class, () -> new ConfigFileGuard().check(f, values("Secr3t!")));
    }

    @Test
    void encryptedPasswordInReadableFileIsAccepted() throws Exception {
        Path f = file("rw-r--r--");
        new ConfigFileGuard().check(f, values("ENC(AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA)"));
    }

    @Test
    void plainPasswordInOwnerOnlyFileIsAccepted() throws Exception {
        Path f = file("rw-------");
        new ConfigFileGuard().check(f, values("Secr3t!"));
    }

    @Test
    void emptyPasswordIsNotASecret() throws Exception {
        Path f = file("rw-r--r--");
        new ConfigFileGuard().check(f, values(""));
    }

    @Test
    void listsEveryPlainSecretKeyIncludingTlsAndMasterKey() {
        Map<String, String> v = values("a");
        v.put("source.password", "b");
        v.put("target.masterKeyPassword", "ENC(xyz)");
        v.put("target.tls.trustStorePassword", "c");
        assertEquals(List.of("source.password", "target.password", "target.tls.trustStorePassword"),
                new ConfigFileGuard().plainTextSecrets(v));
    }
}
