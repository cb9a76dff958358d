package migratedb.sink.h2;

import migratedb.config.Secret;
import migratedb.model.ValueKind;
import migratedb.sink.KeyManagement;
import migratedb.sink.KeyMaterial;
import migratedb.sink.KeyNames;
import migratedb.sink.SqlStatement;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Runs the H2 emulation for real, on the CI stand-in URL. */
class H2KeyManagementTest {
    private static final KeyMaterial MATERIAL = KeyMaterial.fromMasterKeyPassword(Secret.of("Mk!Pass-0123456789abcdef"));
    private static final List<String> TEXTS = List.of("", "plain ascii", "héllo wörld", "日本語のテキスト",
            "emoji 😀🔐 and surrogates", "quote ' and ]bracket", "trailing spaces   ", "x".repeat(3000));

    private String url;
    private Connection connection;
    private final KeyManagement keys = new H2KeyManagement(new KeyNames("PassTrix", "", ""));

    @BeforeEach
    void open() throws Exception {
        url = "jdbc:h2:mem:keys" + System.nanoTime() + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;"
                + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1;INIT=CREATE SCHEMA IF NOT EXISTS dbo\\;SET SCHEMA dbo";
        connection = DriverManager.getConnection(url);
    }

    @AfterEach
    void close() throws Exception {
        try (Statement s = connection.createStatement()) {
            s.execute("SHUTDOWN");
        }
        connection.close();
    }

    @Test
    void defaultModeCreatesTheHierarchyAndARerunChangesNothing() throws Exception {
        assertTrue(keys.createDatabase("SQL_Latin1_General_CP1_CI_AS").isEmpty());
        keys.ensureKeyHierarchy(connection, MATERIAL);
        List<String> first = store();
        assertEquals(List.of("##MS_DatabaseMasterKey##|MASTER_KEY|AES_256|null",
                "MigrateDBCertificate|CERTIFICATE|null|##MS_DatabaseMasterKey##",
                "MigrateDBSymmetricKey|SYMMETRIC_KEY|AES_256|MigrateDBCertificate"), first.stream().map(r -> r.substring(0, r.lastIndexOf('|'))).toList());

        keys.ensureKeyHierarchy(connection, KeyMaterial.fromMasterKeyPassword(Secret.of("another-Passw0rd!")));
        assertEquals(first, store(), "a re-run (even with other material) keeps the existing key");
    }

    @Test
    void customModeRefusesAMissingKey() throws Exception {
        MigrationException noStore = assertThrows(MigrationException.class, () -> keys.verifyCustomKeys(connection));
        assertEquals(SecurityTrouble.KEY_CERTIFICATE_MISSING, noStore.trouble());

        keys.ensureKeyHierarchy(connection, MATERIAL);
        KeyManagement other = new H2KeyManagement(new KeyNames("PassTrix", "MigrateDBCertificate", "NoSuchKey"));
        MigrationException e = assertThrows(MigrationException.class, () -> other.verifyCustomKeys(connection));
        assertEquals(SecurityTrouble.KEY_SYMMETRIC_KEY_MISSING, e.trouble());
        assertTrue(e.getMessage().contains("NoSuchKey") && e.getMessage().contains("PassTrix"), e.getMessage());

        KeyManagement wrongCert = new H2KeyManagement(new KeyNames("PassTrix", "OtherCert", "MigrateDBSymmetricKey"));
        assertEquals(SecurityTrouble.KEY_CERTIFICATE_MISSING,
                assertThrows(MigrationException.class, () -> wrongCert.verifyCustomKeys(connection)).trouble());
    }

    @Test
    void customModeRefusesAKeyThatIsNotAes256OrNotProtectedByTheCertificate() throws Exception {
        keys.ensureKeyHierarchy(connection, MATERIAL);
        try (Statement s = connection.createStatement()) {
            s.execute("INSERT INTO [migratedb_key_store] VALUES ('OtherCert', 'CERTIFICATE', NULL, '##MS_DatabaseMasterKey##', NULL)");
            s.execute("INSERT INTO [migratedb_key_store] VALUES ('Des', 'SYMMETRIC_KEY', 'TRIPLE_DES', 'MigrateDBCertificate', X'00')");
        }
        MigrationException wrongAlgo = assertThrows(MigrationException.class, () ->
                new H2KeyManagement(new KeyNames("PassTrix", "MigrateDBCertificate", "Des")).verifyCustomKeys(connection));
        assertEquals(SecurityTrouble.KEY_WRONG_ALGORITHM, wrongAlgo.trouble());
        assertTrue(wrongAlgo.getMessage().contains("TRIPLE_DES"));

        MigrationException cannotOpen = assertThrows(MigrationException.class, () ->
                new H2KeyManagement(new KeyNames("PassTrix", "OtherCert", "MigrateDBSymmetricKey")).verifyCustomKeys(connection));
        assertEquals(SecurityTrouble.KEY_CANNOT_OPEN, cannotOpen.trouble());
    }

    @Test
    void unicodeTextRoundTripsThroughEncryptAndDecrypt() throws Exception {
        keys.ensureKeyHierarchy(connection, MATERIAL);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE [secrets] ([id] INT PRIMARY KEY, [value] "
                    + keys.protectedColumnType(ValueKind.STRING, null) + ", [blob] "
                    + keys.protectedColumnType(ValueKind.BYTES, null) + ")");
        }
        keys.openKey(connection);
        keys.requireOpenKey(connection);
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO [secrets] VALUES (?, "
                + keys.encryptExpression("?", ValueKind.STRING) + ", " + keys.encryptExpression("?", ValueKind.BYTES) + ")")) {
            for (int i = 0; i < TEXTS.size(); i++) {
                ps.setInt(1, i);
                ps.setString(2, TEXTS.get(i));
                ps.setBytes(3, new byte[]{(byte) i, 0, 0});
                ps.addBatch();
            }
            ps.setInt(1, 99);
            ps.setString(2, null);
            ps.setBytes(3, null);
            ps.addBatch();
            ps.executeBatch();
        }
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT [id], [value], " + keys.decryptExpression("[value]", ValueKind.STRING)
                     + ", " + keys.decryptExpression("[blob]", ValueKind.BYTES) + " FROM [secrets] ORDER BY [id]")) {
            for (int i = 0; i < TEXTS.size(); i++) {
                assertTrue(rs.next());
                if (!TEXTS.get(i).isEmpty()) {
                    assertFalse(Arrays.equals(TEXTS.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8), rs.getBytes(2)),
                            "stored encrypted");
                }
                assertEquals(TEXTS.get(i), rs.getString(3));
                assertArrayEquals(new byte[]{(byte) i, 0, 0}, rs.getBytes(4), "trailing zero bytes survive");
            }
            assertTrue(rs.next());
            assertNull(rs.getBytes(2));
            assertNull(rs.getString(3));
            assertNull(rs.getBytes(4));
        }
    }

    @Test
    void aSessionWithoutTheOpenKeyIsCaughtBeforeItStoresNull() throws Exception {
        keys.ensureKeyHierarchy(connection, MATERIAL);
        try (Connection fresh = DriverManager.getConnection(url)) {
            MigrationException e = assertThrows(MigrationException.class, () -> keys.requireOpenKey(fresh));
            assertEquals(SecurityTrouble.KEY_NOT_OPEN, e.trouble());
            try (Statement s = fresh.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + keys.encryptExpression("N'x'", ValueKind.STRING))) {
                rs.next();
                assertNull(rs.getBytes(1), "the silent NULL the check exists for");
            }
            keys.openKey(fresh);
            keys.requireOpenKey(fresh);
        }
    }

    @Test
    void keySourceIsNeverShownInStatementText() {
        for (SqlStatement s : keys.createKeyHierarchy(MATERIAL)) {
            assertFalse(s.toString().contains(MATERIAL.keySource().reveal()), s.toString());
        }
    }

    private List<String> store() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT [name], [kind], [algorithm], [protected_by], [key_bytes] "
                     + "FROM [migratedb_key_store] ORDER BY [name]")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                        + Arrays.toString(rs.getBytes(5)));
            }
        }
        return rows;
    }
}
