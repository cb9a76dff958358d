package migratedb.sink.sqlserver;

import migratedb.config.Secret;
import migratedb.model.ValueKind;
import migratedb.sink.KeyMaterial;
import migratedb.sink.KeyNames;
import migratedb.sink.SqlStatement;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Golden T-SQL, reviewed against Microsoft's reference: CREATE MASTER KEY ENCRYPTION BY PASSWORD = 'password';
 * CREATE CERTIFICATE name WITH SUBJECT = '...', EXPIRY_DATE = '...' (private key protected by the master key when
 * no password is given); CREATE SYMMETRIC KEY name WITH ALGORITHM = AES_256, KEY_SOURCE = '...', IDENTITY_VALUE =
 * '...' ENCRYPTION BY CERTIFICATE name; OPEN SYMMETRIC KEY name DECRYPTION BY CERTIFICATE name; ENCRYPTBYKEY returns
 * NULL when the key is not open; sys.symmetric_keys lists the master key as ##MS_DatabaseMasterKey## and has
 * algorithm_desc AES_256.
 */
class SqlServerKeyManagementTest {
    private static final KeyMaterial MATERIAL = new KeyMaterial(
            Secret.of("Mk!pass'word;1"), Secret.of("key source phrase"), Secret.of("identity phrase"));
    private final SqlServerKeyManagement keys = new SqlServerKeyManagement(new KeyNames("PassTrix", "", ""));

    @Test
    void createDatabaseRunsOnMasterWithTheNameAsParameterAndTheAssessedCollation() {
        SqlStatement s = keys.createDatabase("Latin1_General_100_CS_AS").orElseThrow();
        assertEquals("""
                IF DB_ID(?) IS NULL
                    CREATE DATABASE [PassTrix] COLLATE Latin1_General_100_CS_AS""", s.sql());
        assertEquals(List.of("PassTrix"), s.parameters());
        assertFalse(s.holdsSecret());
        MigrationException odd = assertThrows(MigrationException.class,
                () -> keys.createDatabase("Latin1; DROP DATABASE x"));
        assertTrue(odd.getMessage().contains("target.collation"), odd.getMessage());
    }

    @Test
    void keyHierarchyIsIdempotentGoldenTsql() {
        List<SqlStatement> s = keys.createKeyHierarchy(MATERIAL);
        assertEquals(3, s.size());
        assertEquals("""
                IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE name = N'##MS_DatabaseMasterKey##')
                    CREATE MASTER KEY ENCRYPTION BY PASSWORD = N'Mk!pass''word;1'""", s.get(0).sql());
        assertTrue(s.get(0).holdsSecret());
        assertEquals(List.of(), s.get(0).parameters());

        assertEquals("""
                IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = ?)
                    CREATE CERTIFICATE [MigrateDBCertificate]
                        WITH SUBJECT = N'MigrateDB protected columns',
                        EXPIRY_DATE = N'20991231'""", s.get(1).sql());
        assertEquals(List.of("MigrateDBCertificate"), s.get(1).parameters());

        assertEquals("""
                IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE name = N'MigrateDBSymmetricKey')
                    CREATE SYMMETRIC KEY [MigrateDBSymmetricKey]
                        WITH ALGORITHM = AES_256,
                        KEY_SOURCE = N'key source phrase',
                        IDENTITY_VALUE = N'identity phrase'
                        ENCRYPTION BY CERTIFICATE [MigrateDBCertificate]""", s.get(2).sql());
        assertTrue(s.get(2).holdsSecret());
    }

    @Test
    void secretsAreMaskedInLoggableAndToString() {
        for (SqlStatement s : keys.createKeyHierarchy(MATERIAL)) {
            for (String shown : List.of(s.loggable(), s.toString())) {
                assertFalse(shown.contains("Mk!pass"), shown);
                assertFalse(shown.contains("key source phrase"), shown);
                assertFalse(shown.contains("identity phrase"), shown);
            }
        }
        assertEquals("""
                IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE name = N'##MS_DatabaseMasterKey##')
                    CREATE MASTER KEY ENCRYPTION BY PASSWORD = N'********'""",
                keys.createKeyHierarchy(MATERIAL).get(0).loggable());
    }

    @Test
    void namesAreBracketQuotedAndLiteralsEscaped() {
        SqlServerKeyManagement odd = new SqlServerKeyManagement(new KeyNames("Pass]Trix", "cert]'x", "key'] y"));
        assertEquals("""
                IF DB_ID(?) IS NULL
                    CREATE DATABASE [Pass]]Trix] COLLATE SQL_Latin1_General_CP1_CI_AS""",
                odd.createDatabase("SQL_Latin1_General_CP1_CI_AS").orElseThrow().sql());
        List<SqlStatement> s = odd.createKeyHierarchy(MATERIAL);
        assertTrue(s.get(1).sql().contains("CREATE CERTIFICATE [cert]]'x]"));
        assertTrue(s.get(2).sql().startsWith(
                "IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE name = N'key''] y')\n    CREATE SYMMETRIC KEY [key'']] y]"
                        .replace("[key'']] y]", "[key']] y]")), s.get(2).sql());
        assertTrue(s.get(2).sql().endsWith("ENCRYPTION BY CERTIFICATE [cert]]'x]"));
        assertEquals("ENCRYPTBYKEY(KEY_GUID(N'key''] y'), CONVERT(VARBINARY(MAX), CONVERT(NVARCHAR(MAX), [s].[v])))",
                odd.encryptExpression("[s].[v]", ValueKind.STRING));
    }

    @Test
    void openCheckAndCloseGoldenTsql() {
        assertEquals(List.of("""
                OPEN SYMMETRIC KEY [MigrateDBSymmetricKey]
                    DECRYPTION BY CERTIFICATE [MigrateDBCertificate]"""),
                keys.openKeyStatements().stream().map(SqlStatement::sql).toList());
        assertEquals("SELECT CASE WHEN ENCRYPTBYKEY(KEY_GUID(?), 0x00) IS NULL THEN 0 ELSE 1 END",
                keys.openKeyProbe().sql());
        assertEquals(List.of("MigrateDBSymmetricKey"), keys.openKeyProbe().parameters());
        assertEquals("SELECT 1 FROM sys.certificates WHERE name = ?", keys.certificateExists().sql());
        assertEquals("SELECT algorithm_desc FROM sys.symmetric_keys WHERE name = ?", keys.symmetricKeyAlgorithm().sql());
        assertEquals("CLOSE SYMMETRIC KEY [MigrateDBSymmetricKey]", keys.closeKey().sql());
    }

    @Test
    void protectedColumnFragments() {
        assertEquals("ENCRYPTBYKEY(KEY_GUID(N'MigrateDBSymmetricKey'), CONVERT(VARBINARY(MAX), CONVERT(NVARCHAR(MAX), ?)))",
                keys.encryptExpression("?", ValueKind.STRING));
        assertEquals("ENCRYPTBYKEY(KEY_GUID(N'MigrateDBSymmetricKey'), CONVERT(VARBINARY(MAX), [stage].[blob]))",
                keys.encryptExpression("[stage].[blob]", ValueKind.BYTES));
        assertEquals("CONVERT(NVARCHAR(MAX), DECRYPTBYKEY([password]))", keys.decryptExpression("[password]", ValueKind.STRING));
        assertEquals("DECRYPTBYKEY([blob])", keys.decryptExpression("[blob]", ValueKind.BYTES));
        assertEquals(SecurityTrouble.PROTECTED_COLUMN_UNSUPPORTED, assertThrows(MigrationException.class,
                () -> keys.encryptExpression("?", ValueKind.INT32)).trouble());
    }

    @Test
    void protectedColumnTypeIsSizedToTheCiphertext() {
        assertEquals(52, SqlServerKeyManagement.ciphertextBytes(1));
        assertEquals(68, SqlServerKeyManagement.ciphertextBytes(8));
        assertEquals(7988, SqlServerKeyManagement.ciphertextBytes(SqlServerKeyManagement.MAX_PLAINTEXT_BYTES));
        assertTrue(SqlServerKeyManagement.ciphertextBytes(SqlServerKeyManagement.MAX_PLAINTEXT_BYTES + 1) > 8000);
        assertEquals("VARBINARY(8000)", keys.protectedColumnType(ValueKind.STRING, null));
        assertEquals("VARBINARY(260)", keys.protectedColumnType(ValueKind.STRING, 50)); // up to 200 bytes of UTF-16
        assertEquals("VARBINARY(8000)", keys.protectedColumnType(ValueKind.STRING, 4000));
        assertEquals("VARBINARY(68)", keys.protectedColumnType(ValueKind.BYTES, 16));
        assertEquals(7943, keys.maxPlaintextBytes());
    }

    @Test
    void anExistingMasterKeyIsProvedWithThePasswordBeforeItIsUsed() {
        assertEquals("SELECT 1 FROM sys.symmetric_keys WHERE name = N'##MS_DatabaseMasterKey##'",
                keys.masterKeyExists().sql());
        SqlStatement open = keys.openMasterKey(Secret.of("Mk!pass'1"));
        assertEquals("OPEN MASTER KEY DECRYPTION BY PASSWORD = N'Mk!pass''1';\nCLOSE MASTER KEY;", open.sql());
        assertTrue(open.holdsSecret());
        assertFalse(open.loggable().contains("Mk!pass"), open.loggable());
    }

    @Test
    void backupInstructionsNameObjectsAndHoldNoSecret() {
        String text = keys.backupInstructions();
        assertTrue(text.contains("USE [PassTrix];"));
        assertTrue(text.contains("BACKUP MASTER KEY TO FILE = N'<path>\\PassTrix_master.key'\n    ENCRYPTION BY PASSWORD = N'<new strong password>';"), text);
        assertTrue(text.contains("BACKUP CERTIFICATE [MigrateDBCertificate] TO FILE = N'<path>\\MigrateDBCertificate.cer'\n"
                + "    WITH PRIVATE KEY (FILE = N'<path>\\MigrateDBCertificate.pvk',\n"
                + "                      ENCRYPTION BY PASSWORD = N'<new strong password>');"), text);
        assertFalse(text.contains("Mk!pass"));
    }

    @Test
    void reservedAndOverlongNamesAreRefused() {
        assertEquals(SecurityTrouble.KEY_NAME_INVALID,
                assertThrows(MigrationException.class, () -> new KeyNames("db", "c", "#temp")).trouble());
        assertEquals(SecurityTrouble.KEY_NAME_INVALID,
                assertThrows(MigrationException.class, () -> new KeyNames("x".repeat(129), "c", "k")).trouble());
    }

    @Test
    void tsqlQuotingFunctions() {
        assertEquals("[a]]b]", TSql.quoteName("a]b"));
        assertEquals("[[x]", TSql.quoteName("[x"));
        assertEquals("N'it''s'", TSql.literal("it's"));
        assertEquals("N''''''", TSql.literal("''"));
        assertEquals("N'日本'", TSql.literal("日本"));
        assertThrows(IllegalArgumentException.class, () -> TSql.quoteName(""));
        assertThrows(IllegalArgumentException.class, () -> TSql.literal("a\0b"));
    }

    @Test
    void generatedMasterKeyPasswordMeetsThePolicy() {
        java.security.SecureRandom r = new java.security.SecureRandom();
        for (int i = 0; i < 200; i++) {
            String p = KeyMaterial.generatePassword(r).reveal();
            assertEquals(32, p.length());
            assertTrue(p.chars().anyMatch(Character::isUpperCase) && p.chars().anyMatch(Character::isLowerCase)
                    && p.chars().anyMatch(Character::isDigit) && p.chars().anyMatch(c -> !Character.isLetterOrDigit(c)), p);
            assertFalse(p.contains("'") || p.contains(";") || p.contains("\\"));
        }
    }

    @Test
    void keySourceAndIdentityDeriveStablyFromTheMasterKeyPassword() {
        KeyMaterial a = KeyMaterial.fromMasterKeyPassword(Secret.of("Abc!2345678"));
        KeyMaterial b = KeyMaterial.fromMasterKeyPassword(Secret.of("Abc!2345678"));
        assertEquals(a.keySource(), b.keySource());
        assertEquals(a.identityValue(), b.identityValue());
        assertNotEquals(a.keySource(), a.identityValue());
        assertEquals("********", a.toString().replaceAll(".*keySource=([^,]*),.*", "$1"));
        // pinned: changing the derivation would orphan keys created by earlier versions
        assertEquals("xVpj3Q0PSez1a6wQEaK6OVvIvQoXpq7xN5xGYenzWKI", a.keySource().reveal());
    }
}
