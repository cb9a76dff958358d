package migratedb.config;

import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.*;

class SecretCipherTest {
    private static final String CANARY = "p;}@=x-Ca'nary\"ü";

    @TempDir
    Path dir;

    @Test
    void encryptedValueRoundTripsAndHasTheStoredForm() {
        SecretCipher cipher = SecretCipher.loadOrCreate(dir.resolve("conf/.migratedb.key"));
        String stored = cipher.encrypt(Secret.of(CANARY));

        assertTrue(stored.startsWith("ENC(") && stored.endsWith(")"), stored);
        assertTrue(SecretCipher.isEncrypted(stored));
        assertFalse(stored.contains(CANARY));
        byte[] raw = Base64.getDecoder().decode(stored.substring(4, stored.length() - 1));
        assertEquals(12 + CANARY.getBytes(StandardCharsets.UTF_8).length + 16, raw.length, "iv | ciphertext | tag");
        assertEquals(CANARY, cipher.decrypt("target.password", stored).reveal());
    }

    @Test
    void sameSecretEncryptsDifferentlyEachTime() {
        SecretCipher cipher = SecretCipher.loadOrCreate(dir.resolve("k"));
        assertNotEquals(cipher.encrypt(Secret.of("same")), cipher.encrypt(Secret.of("same")));
    }

    @Test
    void keyFileIsCreatedOwnerOnlyAndReloadsToTheSameKey() throws Exception {
        Path keyFile = dir.resolve("conf/.migratedb.key");
        SecretCipher first = SecretCipher.loadOrCreate(keyFile);
        if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
            assertEquals(FilePermissions.Protection.Level.POSIX_OWNER_ONLY, first.keyFileProtection().level());
        }
        String stored = first.encrypt(Secret.of("hello"));
        assertEquals("hello", SecretCipher.load(keyFile, "source.password").decrypt("source.password", stored).reveal());
        assertEquals("hello", SecretCipher.loadOrCreate(keyFile).decrypt("source.password", stored).reveal());
    }

    @Test
    void foreignKeyIsRefusedNamingTheSettingNeverTheValue() {
        String stored = SecretCipher.loadOrCreate(dir.resolve("a.key")).encrypt(Secret.of(CANARY));
        SecretCipher other = SecretCipher.loadOrCreate(dir.resolve("b.key"));

        MigrationException e = assertThrows(MigrationException.class, () -> other.decrypt("target.password", stored));
        assertEquals(SecurityTrouble.SECRET_UNDECRYPTABLE, e.trouble());
        assertTrue(e.getMessage().contains("target.password"), e.getMessage());
        assertTrue(e.getMessage().contains("b.key"), e.getMessage());
        assertCanaryAbsent(e);
        assertFalse(e.getMessage().contains(stored));
    }

    @Test
    void tamperedValueIsRefused() {
        SecretCipher cipher = SecretCipher.loadOrCreate(dir.resolve("k"));
        String stored = cipher.encrypt(Secret.of("abc"));
        byte[] raw = Base64.getDecoder().decode(stored.substring(4, stored.length() - 1));
        raw[14] ^= 1;
        String tampered = "ENC(" + Base64.getEncoder().encodeToString(raw) + ")";
        MigrationException e = assertThrows(MigrationException.class, () -> cipher.decrypt("x.password", tampered));
        assertEquals(SecurityTrouble.SECRET_UNDECRYPTABLE, e.trouble());
    }

    @Test
    void malformedValueIsRefused() {
        SecretCipher cipher = SecretCipher.loadOrCreate(dir.resolve("k"));
        assertEquals(SecurityTrouble.SECRET_MALFORMED,
                assertThrows(MigrationException.class, () -> cipher.decrypt("s", "ENC(not base64!)")).trouble());
        assertEquals(SecurityTrouble.SECRET_MALFORMED,
                assertThrows(MigrationException.class, () -> cipher.decrypt("s", "ENC(AAAA)")).trouble());
    }

    @Test
    void plainValueIsReturnedAsItIs() {
        SecretCipher cipher = SecretCipher.loadOrCreate(dir.resolve("k"));
        assertEquals("typed by hand", cipher.decrypt("s", "typed by hand").reveal());
        assertTrue(cipher.decrypt("s", null).isEmpty());
    }

    @Test
    void missingKeyFileNamesFileAndSetting() {
        MigrationException e = assertThrows(MigrationException.class,
                () -> SecretCipher.load(dir.resolve("none.key"), "target.password"));
        assertEquals(SecurityTrouble.SECRET_KEY_FILE_MISSING, e.trouble());
        assertTrue(e.getMessage().contains("none.key") && e.getMessage().contains("target.password"));
    }

    @Test
    void corruptKeyFileIsRefused() throws Exception {
        Path keyFile = dir.resolve("bad.key");
        FilePermissions.createOwnerOnly(keyFile, "# header\nshort\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(SecurityTrouble.SECRET_KEY_FILE_INVALID,
                assertThrows(MigrationException.class, () -> SecretCipher.load(keyFile, "s")).trouble());
    }

    @Test
    void keyFileReadableByOthersIsRefusedWithTheFix() throws Exception {
        Path keyFile = dir.resolve("open.key");
        SecretCipher.loadOrCreate(keyFile);
        if (!keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        MigrationException e = assertThrows(MigrationException.class, () -> SecretCipher.load(keyFile, "s"));
        assertEquals(SecurityTrouble.SECRET_KEY_FILE_TOO_OPEN, e.trouble());
        assertTrue(e.solution().contains("chmod 600"), e.solution());
    }

    @Test
    void toStringShowsNoKeyMaterial() throws Exception {
        Path keyFile = dir.resolve("k");
        SecretCipher cipher = SecretCipher.loadOrCreate(keyFile);
        String keyLine = Files.readAllLines(keyFile).get(1);
        assertFalse(cipher.toString().contains(keyLine));
    }

    static void assertCanaryAbsent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t + " " + (t instanceof MigrationException m ? m.consoleText() + m.effect() + m.details() : "");
            assertFalse(text.contains(CANARY), "secret leaked: " + t.getClass());
        }
    }
}
