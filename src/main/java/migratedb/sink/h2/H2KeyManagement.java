package migratedb.sink.h2;

import migratedb.config.Secret;
import migratedb.model.ValueKind;
import migratedb.sink.KeyManagement;
import migratedb.sink.KeyMaterial;
import migratedb.sink.KeyNames;
import migratedb.sink.SqlStatement;
import migratedb.sink.sqlserver.TSql;
import migratedb.troubleshoot.MigrationException;
import migratedb.troubleshoot.SecurityTrouble;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key hierarchy emulated on H2 (MSSQLServer mode), which has no master key, certificate, symmetric key or
 * ENCRYPTBYKEY. It exists so the demo and CI can prove that protected columns round-trip; it is NOT a security
 * boundary.
 *
 * <ul>
 *   <li>The hierarchy is rows of the table {@code [migratedb_key_store]}: the master key and the certificate are
 *   markers; the symmetric key row holds SHA-256(KEY_SOURCE) and names the certificate that "protects" it.</li>
 *   <li>Opening the key copies its bytes into the session variable {@code @MIGRATEDB_KEY}; a session that did not
 *   open it has NULL there, so encryption yields NULL, exactly the silent failure SQL Server has, and
 *   {@link #requireOpenKey} catches it the same way.</li>
 *   <li>Encryption is H2's {@code ENCRYPT('AES', key, data)}: AES-128 (H2 uses the first 16 key bytes), ECB, zero
 *   padding. Text travels as UTF-8; the padding is removed on decryption by trimming trailing NUL characters
 *   (PostgreSQL text cannot contain NUL); binary values get an 0x80 end marker before padding, removed by the
 *   Java function {@link #unpad} that {@link #openKey} registers (H2 has no binary right-trim).</li>
 * </ul>
 * One key can be open per session (one variable).
 */
public class H2KeyManagement implements KeyManagement {
    public static final String STORE_TABLE = "migratedb_key_store";
    static final String STORE = TSql.quoteName(STORE_TABLE);
    static final String KEY_VARIABLE = "@MIGRATEDB_KEY";
    static final String MASTER_KEY = "##MS_DatabaseMasterKey##";
    /** H2 has no binary right-trim, so a Java function removes the zero padding and the end marker. */
    static final String UNPAD_FUNCTION = "MIGRATEDB_UNPAD";

    private final KeyNames names;

    public H2KeyManagement(KeyNames names) {
        this.names = names;
    }

    @Override
    public KeyNames names() {
        return names;
    }

    /** H2 creates the database when it is first opened. */
    @Override
    public Optional<SqlStatement> createDatabase(String collation) {
        return Optional.empty();
    }

    @Override
    public List<SqlStatement> createKeyHierarchy(KeyMaterial material) {
        String insertIfAbsent = "INSERT INTO " + STORE + " ([name], [kind], [algorithm], [protected_by], [key_bytes])\n"
                + "SELECT ?, ?, ?, ?, %s WHERE NOT EXISTS (SELECT 1 FROM " + STORE + " WHERE [name] = ?)";
        return List.of(
                SqlStatement.of("create the H2 key store table if absent", "CREATE TABLE IF NOT EXISTS " + STORE + " (\n"
                        + "    [name] NVARCHAR(128) PRIMARY KEY,\n"
                        + "    [kind] NVARCHAR(20) NOT NULL,\n"
                        + "    [algorithm] NVARCHAR(20),\n"
                        + "    [protected_by] NVARCHAR(128),\n"
                        + "    [key_bytes] VARBINARY(32))"),
                // the password's hash stands for SQL Server's check of OPEN MASTER KEY DECRYPTION BY PASSWORD
                SqlStatement.withSecretParameters("emulate the database master key",
                        insertIfAbsent.formatted("HASH('SHA-256', STRINGTOUTF8(?))"), MASTER_KEY, "MASTER_KEY",
                        "AES_256", null, material.masterKeyPassword().reveal(), MASTER_KEY),
                SqlStatement.of("emulate the certificate " + names.certificate(), insertIfAbsent.formatted("NULL"),
                        names.certificate(), "CERTIFICATE", null, MASTER_KEY, names.certificate()),
                SqlStatement.withSecretParameters("emulate the symmetric key " + names.symmetricKey(),
                        insertIfAbsent.formatted("HASH('SHA-256', STRINGTOUTF8(?))"),
                        names.symmetricKey(), "SYMMETRIC_KEY", "AES_256", names.certificate(),
                        material.keySource().reveal(), names.symmetricKey()));
    }

    @Override
    public void requireOwnMasterKey(Connection connection, Optional<Secret> storedPassword) {
        try {
            if (!storeExists(connection) || row(connection, MASTER_KEY, "MASTER_KEY") == null) {
                return;
            }
            if (storedPassword.isEmpty()) {
                throw new MigrationException(SecurityTrouble.KEY_MASTER_KEY_UNKNOWN, details());
            }
            try (PreparedStatement ps = connection.prepareStatement("SELECT [key_bytes] = HASH('SHA-256', "
                    + "STRINGTOUTF8(?)) FROM " + STORE + " WHERE [name] = ? AND [kind] = 'MASTER_KEY'")) {
                ps.setString(1, storedPassword.get().reveal());
                ps.setString(2, MASTER_KEY);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && !rs.getBoolean(1)) {
                        Map<String, Object> d = new LinkedHashMap<>(details());
                        d.put("reason", "the emulated master key was created with another password");
                        throw new MigrationException(SecurityTrouble.KEY_MASTER_KEY_PASSWORD_WRONG, d);
                    }
                }
            }
        } catch (SQLException e) {
            throw new MigrationException(SecurityTrouble.KEY_SETUP_FAILED, Map.of("object",
                    "check of the database master key", "database", names.database(),
                    "reason", String.valueOf(e.getMessage())), e);
        }
    }

    @Override
    public void ensureKeyHierarchy(Connection connection, KeyMaterial material) {
        for (SqlStatement s : createKeyHierarchy(material)) {
            try {
                s.execute(connection);
            } catch (SQLException e) {
                throw new MigrationException(SecurityTrouble.KEY_SETUP_FAILED, Map.of("object", s.purpose(),
                        "database", names.database(), "reason", String.valueOf(e.getMessage())), e);
            }
        }
        verifyCustomKeys(connection);
    }

    @Override
    public void verifyCustomKeys(Connection connection) {
        try {
            if (!storeExists(connection) || row(connection, names.certificate(), "CERTIFICATE") == null) {
                throw new MigrationException(SecurityTrouble.KEY_CERTIFICATE_MISSING, details());
            }
            String[] key = row(connection, names.symmetricKey(), "SYMMETRIC_KEY");
            if (key == null) {
                throw new MigrationException(SecurityTrouble.KEY_SYMMETRIC_KEY_MISSING, details());
            }
            if (!"AES_256".equals(key[0])) {
                Map<String, Object> d = new LinkedHashMap<>(details());
                d.put("algorithm", key[0]);
                throw new MigrationException(SecurityTrouble.KEY_WRONG_ALGORITHM, d);
            }
        } catch (SQLException e) {
            throw new MigrationException(SecurityTrouble.KEY_SETUP_FAILED, Map.of("object",
                    "check of the certificate and symmetric key", "database", names.database(),
                    "reason", String.valueOf(e.getMessage())), e);
        }
        openKey(connection);
        requireOpenKey(connection);
    }

    @Override
    public List<SqlStatement> openKeyStatements() {
        return List.of(
                SqlStatement.of("register the unpadding function", "CREATE ALIAS IF NOT EXISTS " + UNPAD_FUNCTION
                        + " DETERMINISTIC FOR '" + H2KeyManagement.class.getName() + ".unpad'"),
                SqlStatement.of("open the emulated symmetric key", "SET " + KEY_VARIABLE + " = (SELECT [key_bytes] FROM "
                + STORE + " WHERE [name] = ? AND [kind] = 'SYMMETRIC_KEY' AND [protected_by] = ?)",
                names.symmetricKey(), names.certificate()));
    }

    @Override
    public void openKey(Connection connection) {
        try {
            for (SqlStatement s : openKeyStatements()) {
                s.execute(connection);
            }
            if (!isOpen(connection)) {
                Map<String, Object> d = new LinkedHashMap<>(details());
                d.put("reason", "the key is not protected by this certificate");
                throw new MigrationException(SecurityTrouble.KEY_CANNOT_OPEN, d);
            }
        } catch (SQLException e) {
            Map<String, Object> d = new LinkedHashMap<>(details());
            d.put("reason", String.valueOf(e.getMessage()));
            throw new MigrationException(SecurityTrouble.KEY_CANNOT_OPEN, d, e);
        }
    }

    @Override
    public void requireOpenKey(Connection connection) {
        try {
            if (!isOpen(connection)) {
                throw new MigrationException(SecurityTrouble.KEY_NOT_OPEN, details());
            }
        } catch (SQLException e) {
            throw new MigrationException(SecurityTrouble.KEY_NOT_OPEN, details(), e);
        }
    }

    private static boolean isOpen(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT CASE WHEN ENCRYPT('AES', " + KEY_VARIABLE + ", X'00') IS NULL THEN 0 ELSE 1 END");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    @Override
    public String encryptExpression(String valueSql, ValueKind kind) {
        return switch (protectable(kind)) {
            case STRING -> "ENCRYPT('AES', " + KEY_VARIABLE + ", STRINGTOUTF8(CAST(" + valueSql + " AS VARCHAR)))";
            case BYTES -> "ENCRYPT('AES', " + KEY_VARIABLE + ", CAST(" + valueSql + " AS VARBINARY) || X'80')";
            default -> throw new IllegalStateException();
        };
    }

    @Override
    public String decryptExpression(String columnSql, ValueKind kind) {
        String decrypted = "DECRYPT('AES', " + KEY_VARIABLE + ", " + columnSql + ")";
        return switch (protectable(kind)) {
            case STRING -> "TRIM(TRAILING CHAR(0) FROM UTF8TOSTRING(" + decrypted + "))";
            case BYTES -> UNPAD_FUNCTION + "(" + decrypted + ")";
            default -> throw new IllegalStateException();
        };
    }

    @Override
    public String protectedColumnType(ValueKind kind, Integer maxLength) {
        protectable(kind);
        if (maxLength == null || maxLength <= 0) {
            return "VARBINARY(MAX)";
        }
        long clear = kind == ValueKind.STRING ? 4L * maxLength : maxLength + 1L; // UTF-8 ≤ 4 bytes a character
        return "VARBINARY(" + ((clear / 16) + 1) * 16 + ")";
    }

    /** The same limit as SQL Server, so CI rejects exactly the values the real target would reject. */
    @Override
    public int maxPlaintextBytes() {
        return migratedb.sink.sqlserver.SqlServerKeyManagement.MAX_PLAINTEXT_BYTES;
    }

    /** The emulated key lives in a table in clear: there is nothing to keep safe elsewhere. */
    @Override
    public boolean backupNeeded() {
        return false;
    }

    @Override
    public String backupInstructions() {
        return "-- H2 stand-in: the emulated key lives in clear in table " + STORE
                + "; there is nothing to back up and nothing is protected. Use SQL Server for real data.\n";
    }

    /**
     * Called by H2 through {@link #UNPAD_FUNCTION}: drops ENCRYPT's zero padding and the 0x80 end marker that
     * {@link #encryptExpression} appended to binary values.
     */
    public static byte[] unpad(byte[] padded) {
        if (padded == null) {
            return null;
        }
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != (byte) 0x80) {
            return null; // not a value we encrypted (or a wrong key): like DECRYPTBYKEY, answer NULL
        }
        return java.util.Arrays.copyOf(padded, end);
    }

    private static boolean storeExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ? AND TABLE_SCHEMA = SCHEMA()")) {
            ps.setString(1, "migratedb_key_store");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** [algorithm, protected_by] of the row, or null. */
    private static String[] row(Connection c, String name, String kind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT [algorithm], [protected_by] FROM " + STORE + " WHERE [name] = ? AND [kind] = ?")) {
            ps.setString(1, name);
            ps.setString(2, kind);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String[]{rs.getString(1), rs.getString(2)} : null;
            }
        }
    }

    private static ValueKind protectable(ValueKind kind) {
        if (kind != ValueKind.STRING && kind != ValueKind.BYTES) {
            throw new MigrationException(SecurityTrouble.PROTECTED_COLUMN_UNSUPPORTED,
                    Map.of("column", "(protected column)", "kind", kind));
        }
        return kind;
    }

    private Map<String, Object> details() {
        return Map.of("database", names.database(), "certificate", names.certificate(), "key", names.symmetricKey());
    }
}
