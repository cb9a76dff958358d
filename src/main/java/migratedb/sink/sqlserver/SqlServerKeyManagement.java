package migratedb.sink.sqlserver;

import migratedb.config.Secret;
import migratedb.config.SecretRedactor;
import migratedb.model.ValueKind;
import migratedb.sink.KeyManagement;
import migratedb.sink.KeyMaterial;
import migratedb.sink.KeyNames;
import migratedb.sink.SqlStatement;
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

import static migratedb.sink.sqlserver.TSql.literal;
import static migratedb.sink.sqlserver.TSql.quoteName;

/**
 * SQL Server's key hierarchy: database master key → certificate → AES_256 symmetric key, and ENCRYPTBYKEY /
 * DECRYPTBYKEY for protected columns. Every statement is in the golden test, checked against Microsoft's T-SQL
 * reference (CREATE MASTER KEY, CREATE CERTIFICATE, CREATE SYMMETRIC KEY, OPEN SYMMETRIC KEY, ENCRYPTBYKEY,
 * sys.symmetric_keys, sys.certificates, BACKUP MASTER KEY, BACKUP CERTIFICATE).
 */
public class SqlServerKeyManagement implements KeyManagement {
    /** How the database master key is listed in sys.symmetric_keys. */
    static final String DATABASE_MASTER_KEY = "##MS_DatabaseMasterKey##";
    static final String CERTIFICATE_SUBJECT = "MigrateDB protected columns";
    /** Not enforced by ENCRYPTBYKEY (built-in functions do not check expiry); set far out so audits don't flag it. */
    static final String CERTIFICATE_EXPIRY = "20991231";
    /** ENCRYPTBYKEY returns at most 8000 bytes: for AES that leaves 7943 bytes of clear text. */
    public static final int MAX_PLAINTEXT_BYTES = 7943;
    public static final int MAX_CIPHERTEXT_BYTES = 8000;

    private final KeyNames names;

    public SqlServerKeyManagement(KeyNames names) {
        this.names = names;
    }

    @Override
    public KeyNames names() {
        return names;
    }

    @Override
    public Optional<SqlStatement> createDatabase(String collation) {
        // COLLATE takes a name, neither a parameter nor a quoted identifier: only a plain name is let through
        if (!collation.matches("[A-Za-z0-9_]+")) {
            throw SqlServerTarget.invalid(migratedb.config.SettingKeys.TARGET_COLLATION,
                    "a collation name has only letters, digits and underscores (e.g. Latin1_General_100_CI_AS)");
        }
        return Optional.of(SqlStatement.of("create the database " + names.database() + " if absent (run on master)", """
                IF DB_ID(?) IS NULL
                    CREATE DATABASE %s COLLATE %s""".formatted(quoteName(names.database()), collation),
                names.database()));
    }

    @Override
    public List<SqlStatement> createKeyHierarchy(KeyMaterial material) {
        return List.of(
                SqlStatement.withSecret("create the database master key if absent", """
                        IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE name = %s)
                            CREATE MASTER KEY ENCRYPTION BY PASSWORD = %s""".formatted(
                        literal(DATABASE_MASTER_KEY), literal(material.masterKeyPassword()))),
                SqlStatement.of("create the certificate " + names.certificate() + " if absent", """
                        IF NOT EXISTS (SELECT 1 FROM sys.certificates WHERE name = ?)
                            CREATE CERTIFICATE %s
                                WITH SUBJECT = %s,
                                EXPIRY_DATE = %s""".formatted(quoteName(names.certificate()),
                        literal(CERTIFICATE_SUBJECT), literal(CERTIFICATE_EXPIRY)), names.certificate()),
                SqlStatement.withSecret("create the symmetric key " + names.symmetricKey() + " if absent", """
                        IF NOT EXISTS (SELECT 1 FROM sys.symmetric_keys WHERE name = %s)
                            CREATE SYMMETRIC KEY %s
                                WITH ALGORITHM = AES_256,
                                KEY_SOURCE = %s,
                                IDENTITY_VALUE = %s
                                ENCRYPTION BY CERTIFICATE %s""".formatted(literal(names.symmetricKey()),
                        quoteName(names.symmetricKey()), literal(material.keySource()),
                        literal(material.identityValue()), quoteName(names.certificate()))));
    }

    /** Does the database have a master key. */
    SqlStatement masterKeyExists() {
        return SqlStatement.of("does the database have a master key",
                "SELECT 1 FROM sys.symmetric_keys WHERE name = " + literal(DATABASE_MASTER_KEY));
    }

    /** Opens the master key with the password, or fails (Msg 15313); the key is closed again at once. */
    SqlStatement openMasterKey(Secret password) {
        return SqlStatement.withSecret("open the database master key with the stored password",
                "OPEN MASTER KEY DECRYPTION BY PASSWORD = " + literal(password) + ";\nCLOSE MASTER KEY;");
    }

    @Override
    public void requireOwnMasterKey(Connection connection, Optional<Secret> storedPassword) {
        try {
            if (!exists(connection, masterKeyExists())) {
                return;
            }
        } catch (SQLException e) {
            throw new MigrationException(SecurityTrouble.KEY_SETUP_FAILED, Map.of("object",
                    "check of the database master key", "database", names.database(),
                    "reason", String.valueOf(e.getMessage())), e);
        }
        if (storedPassword.isEmpty()) {
            throw new MigrationException(SecurityTrouble.KEY_MASTER_KEY_UNKNOWN, details());
        }
        try {
            openMasterKey(storedPassword.get()).execute(connection);
        } catch (SQLException e) {
            SecretRedactor redactor = SecretRedactor.standard().withKnownSecrets(List.of(storedPassword.get()));
            Map<String, Object> d = new LinkedHashMap<>(details());
            d.put("reason", redactor.redact(String.valueOf(e.getMessage())));
            throw new MigrationException(SecurityTrouble.KEY_MASTER_KEY_PASSWORD_WRONG, d,
                    new ConnectionSpec.SanitizedSqlException(e, redactor));
        }
    }

    @Override
    public void ensureKeyHierarchy(Connection connection, KeyMaterial material) {
        String[] objects = {"database master key", "certificate " + names.certificate(),
                "symmetric key " + names.symmetricKey()};
        List<SqlStatement> statements = createKeyHierarchy(material);
        for (int i = 0; i < statements.size(); i++) {
            try {
                statements.get(i).execute(connection);
            } catch (SQLException e) {
                // the server's message could quote part of a statement: mask the material before it travels on
                SecretRedactor redactor = SecretRedactor.standard().withKnownSecrets(
                        List.of(material.masterKeyPassword(), material.keySource(), material.identityValue()));
                throw new MigrationException(SecurityTrouble.KEY_SETUP_FAILED, Map.of("object", objects[i],
                        "database", names.database(), "reason", redactor.redact(String.valueOf(e.getMessage()))),
                        new ConnectionSpec.SanitizedSqlException(e, redactor));
            }
        }
        verifyCustomKeys(connection); // the same checks prove what we created is usable
    }

    @Override
    public void verifyCustomKeys(Connection connection) {
        try {
            if (!exists(connection, certificateExists())) {
                throw new MigrationException(SecurityTrouble.KEY_CERTIFICATE_MISSING, details());
            }
            String algorithm = singleString(connection, symmetricKeyAlgorithm());
            if (algorithm == null) {
                throw new MigrationException(SecurityTrouble.KEY_SYMMETRIC_KEY_MISSING, details());
            }
            if (!"AES_256".equalsIgnoreCase(algorithm)) {
                Map<String, Object> d = new java.util.LinkedHashMap<>(details());
                d.put("algorithm", algorithm);
                throw new MigrationException(SecurityTrouble.KEY_WRONG_ALGORITHM, d);
            }
        } catch (SQLException e) {
            throw setupFailed("check of the certificate and symmetric key", e);
        }
        openKey(connection);
        requireOpenKey(connection);
        try {
            closeKey().execute(connection);
        } catch (SQLException e) {
            throw setupFailed("closing of the symmetric key", e);
        }
    }

    SqlStatement certificateExists() {
        return SqlStatement.of("does the certificate exist", "SELECT 1 FROM sys.certificates WHERE name = ?",
                names.certificate());
    }

    SqlStatement symmetricKeyAlgorithm() {
        return SqlStatement.of("the symmetric key's algorithm",
                "SELECT algorithm_desc FROM sys.symmetric_keys WHERE name = ?", names.symmetricKey());
    }

    SqlStatement openKeyProbe() {
        return SqlStatement.of("is the symmetric key open on this session", """
                SELECT CASE WHEN ENCRYPTBYKEY(KEY_GUID(?), 0x00) IS NULL THEN 0 ELSE 1 END""", names.symmetricKey());
    }

    SqlStatement closeKey() {
        return SqlStatement.of("close the symmetric key", "CLOSE SYMMETRIC KEY " + quoteName(names.symmetricKey()));
    }

    @Override
    public List<SqlStatement> openKeyStatements() {
        return List.of(SqlStatement.of("open the symmetric key", """
                OPEN SYMMETRIC KEY %s
                    DECRYPTION BY CERTIFICATE %s""".formatted(
                quoteName(names.symmetricKey()), quoteName(names.certificate()))));
    }

    @Override
    public void openKey(Connection connection) {
        try {
            for (SqlStatement s : openKeyStatements()) {
                s.execute(connection);
            }
        } catch (SQLException e) {
            Map<String, Object> d = new java.util.LinkedHashMap<>(details());
            d.put("reason", e.getMessage());
            throw new MigrationException(SecurityTrouble.KEY_CANNOT_OPEN, d, e);
        }
    }

    @Override
    public void requireOpenKey(Connection connection) {
        boolean open;
        try {
            open = "1".equals(singleString(connection, openKeyProbe()));
        } catch (SQLException e) {
            throw setupFailed("check that the symmetric key is open", e);
        }
        if (!open) {
            throw new MigrationException(SecurityTrouble.KEY_NOT_OPEN, details());
        }
    }

    @Override
    public String encryptExpression(String valueSql, ValueKind kind) {
        String keyGuid = "KEY_GUID(" + literal(names.symmetricKey()) + ")";
        return switch (requireProtectable(kind)) {
            case STRING -> "ENCRYPTBYKEY(" + keyGuid + ", CONVERT(VARBINARY(MAX), CONVERT(NVARCHAR(MAX), " + valueSql + ")))";
            case BYTES -> "ENCRYPTBYKEY(" + keyGuid + ", CONVERT(VARBINARY(MAX), " + valueSql + "))";
            default -> throw new IllegalStateException();
        };
    }

    @Override
    public String decryptExpression(String columnSql, ValueKind kind) {
        return switch (requireProtectable(kind)) {
            case STRING -> "CONVERT(NVARCHAR(MAX), DECRYPTBYKEY(" + columnSql + "))";
            case BYTES -> "DECRYPTBYKEY(" + columnSql + ")";
            default -> throw new IllegalStateException();
        };
    }

    @Override
    public String protectedColumnType(ValueKind kind, Integer maxLength) {
        requireProtectable(kind);
        if (maxLength == null || maxLength <= 0) {
            return "VARBINARY(" + MAX_CIPHERTEXT_BYTES + ")";
        }
        // a PostgreSQL character may take two UTF-16 code units (4 bytes) in NVARCHAR
        long clearBytes = kind == ValueKind.STRING ? 4L * maxLength : maxLength;
        return "VARBINARY(" + Math.min(MAX_CIPHERTEXT_BYTES, ciphertextBytes(clearBytes)) + ")";
    }

    /**
     * Size of ENCRYPTBYKEY's result for AES without authenticator: 16 (key GUID) + 4 (version) + 16 (IV) + the
     * clear text with its 8-byte header, padded to whole 16-byte blocks.
     */
    static long ciphertextBytes(long clearBytes) {
        return ((8 + clearBytes) / 16 + 1) * 16 + 36;
    }

    @Override
    public int maxPlaintextBytes() {
        return MAX_PLAINTEXT_BYTES;
    }

    @Override
    public String backupInstructions() {
        String db = quoteName(names.database());
        String cert = quoteName(names.certificate());
        return """
                -- Back up the key hierarchy of %1$s now, and keep the files and passwords apart from the database
                -- backups: without them the protected columns cannot be decrypted after a restore on another server.
                -- Replace each <...> (paths are on the SQL Server machine; the passwords are new ones of your choice).
                USE %1$s;
                BACKUP MASTER KEY TO FILE = N'<path>\\%2$s_master.key'
                    ENCRYPTION BY PASSWORD = N'<new strong password>';
                BACKUP CERTIFICATE %3$s TO FILE = N'<path>\\%4$s.cer'
                    WITH PRIVATE KEY (FILE = N'<path>\\%4$s.pvk',
                                      ENCRYPTION BY PASSWORD = N'<new strong password>');
                --
                -- A) The database restored on another server: master key, certificate and symmetric key %5$s come
                --    with it, but the master key is protected by the old server's service master key, so
                --    OPEN SYMMETRIC KEY ... DECRYPTION BY CERTIFICATE fails until it is protected again here:
                --      USE %1$s;
                --      OPEN MASTER KEY DECRYPTION BY PASSWORD = N'<the database master key password>';
                --      ALTER MASTER KEY ADD ENCRYPTION BY SERVICE MASTER KEY;
                --      CLOSE MASTER KEY;
                --    (Default mode: that password is the one MigrateDB generated and showed once; it is stored,
                --    encrypted, as target.masterKeyPassword in conf/database_params.conf.)
                -- B) The keys brought into a database that has none, from the files above:
                --      USE <database>;
                --      RESTORE MASTER KEY FROM FILE = N'<path>\\%2$s_master.key'
                --          DECRYPTION BY PASSWORD = N'<the backup password>'
                --          ENCRYPTION BY PASSWORD = N'<a new master key password>';
                --      OPEN MASTER KEY DECRYPTION BY PASSWORD = N'<that new password>';
                --      ALTER MASTER KEY ADD ENCRYPTION BY SERVICE MASTER KEY;
                --      CREATE CERTIFICATE %3$s FROM FILE = N'<path>\\%4$s.cer'
                --          WITH PRIVATE KEY (FILE = N'<path>\\%4$s.pvk',
                --                            DECRYPTION BY PASSWORD = N'<the backup password>');
                --      CLOSE MASTER KEY;
                --    then re-create the symmetric key %5$s from its KEY_SOURCE and IDENTITY_VALUE (Default mode:
                --    './run.sh show-key-recreate' prints the statement; keep it with these backups). Test on a copy
                --    first: SQL Server 2017 changed how KEY_SOURCE is hashed, so keys re-created across that
                --    version boundary can differ.
                """.formatted(db, names.database().replaceAll("[^A-Za-z0-9_.-]", "_"), cert,
                names.certificate().replaceAll("[^A-Za-z0-9_.-]", "_"), quoteName(names.symmetricKey()));
    }

    /**
     * The statement that re-creates the same symmetric key in another database (whose certificate exists). It holds
     * the key's secrets: show it once to the administrator, never log it.
     */
    public SqlStatement recreateSymmetricKey(KeyMaterial material) {
        return createKeyHierarchy(material).get(2);
    }

    static ValueKind requireProtectable(ValueKind kind) {
        if (kind != ValueKind.STRING && kind != ValueKind.BYTES) {
            throw new MigrationException(SecurityTrouble.PROTECTED_COLUMN_UNSUPPORTED,
                    Map.of("column", "(protected column)", "kind", kind));
        }
        return kind;
    }

    private Map<String, Object> details() {
        return Map.of("database", names.database(), "certificate", names.certificate(), "key", names.symmetricKey());
    }

    private MigrationException setupFailed(String object, SQLException e) {
        return new MigrationException(SecurityTrouble.KEY_SETUP_FAILED,
                Map.of("object", object, "database", names.database(), "reason", String.valueOf(e.getMessage())), e);
    }

    private static boolean exists(Connection c, SqlStatement query) throws SQLException {
        return singleString(c, query) != null;
    }

    static String singleString(Connection c, SqlStatement query) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query.sql())) {
            for (int i = 0; i < query.parameters().size(); i++) {
                ps.setString(i + 1, query.parameters().get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
