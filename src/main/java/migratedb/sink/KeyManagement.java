package migratedb.sink;

import migratedb.model.ValueKind;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;

/**
 * The target's key hierarchy and the SQL fragments for protected columns.
 *
 * <p>Call order in the key-setup stage:</p>
 * <ol>
 *   <li>Default mode: {@link #createDatabase} on a connection to the server (SQL Server: the master database),
 *   then {@link #ensureKeyHierarchy} on a connection to the target database. Both are idempotent.</li>
 *   <li>Custom mode: {@link #verifyCustomKeys} on a connection to the target database.</li>
 * </ol>
 * <p>In the copy stage, on every connection that writes protected columns (and again after a reconnect):
 * {@link #openKey}, then {@link #requireOpenKey} before the first chunk; then INSERT ... SELECT with
 * {@link #encryptExpression}. Verification reads with {@link #decryptExpression} on a connection where the key is
 * open.</p>
 */
public interface KeyManagement {

    KeyNames names();

    /**
     * The statement that creates the target database when absent, with the given collation (target.collation, the
     * one the assessment judged key values by); empty when the target creates it on connect.
     */
    Optional<SqlStatement> createDatabase(String collation);

    /**
     * Default mode, before anything is created: a master key already in the database must be one MigrateDB can
     * open with the password it holds, or the password it would store and the key-backup instructions would be
     * wrong. {@code storedPassword} is empty when MigrateDB holds none yet (it would generate one).
     */
    void requireOwnMasterKey(Connection connection, java.util.Optional<migratedb.config.Secret> storedPassword);

    /** Default mode: the idempotent statements that create master key, certificate and symmetric key when absent. */
    List<SqlStatement> createKeyHierarchy(KeyMaterial material);

    /** Default mode: runs {@link #createKeyHierarchy} and checks that the key opens. */
    void ensureKeyHierarchy(Connection connection, KeyMaterial material);

    /**
     * Custom mode: the certificate and the symmetric key exist, the key is AES_256 and opens with the certificate.
     * Each failure is a precise MigrationException.
     */
    void verifyCustomKeys(Connection connection);

    /** The statements that open the symmetric key on a connection (the key stays open for the session). */
    List<SqlStatement> openKeyStatements();

    /** Opens the symmetric key on this connection. */
    void openKey(Connection connection);

    /** Fails with KEY_NOT_OPEN when encrypting on this connection would store NULL because the key is not open. */
    void requireOpenKey(Connection connection);

    /**
     * The expression that encrypts {@code valueSql} (a column of the staging table, or {@code ?}).
     * STRING values are encrypted as NVARCHAR (UTF-16), so {@link #decryptExpression} returns the same text for
     * every character; BYTES as they are.
     */
    String encryptExpression(String valueSql, ValueKind kind);

    /** The expression that decrypts a protected column back to NVARCHAR text (STRING) or VARBINARY (BYTES). */
    String decryptExpression(String columnSql, ValueKind kind);

    /**
     * The target column type of a protected column.
     *
     * @param maxLength the source's declared length (characters for text, bytes for binary), or null if unbounded
     */
    String protectedColumnType(ValueKind kind, Integer maxLength);

    /** The largest clear value, in bytes as encrypted (UTF-16 for text), that can be stored; longer ones must be rejected. */
    int maxPlaintextBytes();

    /** Bytes the value occupies as encrypted clear text (UTF-16 for STRING), for the length check before writing. */
    static int plaintextBytes(Object value, ValueKind kind) {
        if (value == null) {
            return 0;
        }
        return switch (kind) {
            case STRING -> value.toString().length() * 2;
            case BYTES -> ((byte[]) value).length;
            default -> throw new IllegalArgumentException("not a protectable kind: " + kind);
        };
    }

    /**
     * The administrator's text for the report: how to back up the master key and the certificate with its private
     * key, and how the symmetric key can be re-created. Holds no secret (placeholders where one is needed).
     */
    String backupInstructions();

    /** False where the key hierarchy is only emulated and nothing needs a backup (the H2 stand-in). */
    default boolean backupNeeded() {
        return true;
    }
}
