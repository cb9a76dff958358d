package migratedb.troubleshoot;

/**
 * Failures of the security area: secrets in conf/, the TLS connection to SQL Server, the key hierarchy (master key,
 * certificate, AES_256 symmetric key) and the protected columns. Details name settings, files and objects, never a
 * secret value.
 */
public enum SecurityTrouble implements Trouble {
    SECRET_KEY_FILE_MISSING(
            "The key file {keyFile} that decrypts the setting {setting} does not exist.",
            "The setting is stored as ENC(...), but the key file that was created with it has been deleted, moved, or was not copied along with conf/.",
            "MigrateDB cannot read the secret and stops before connecting.",
            "Restore {keyFile} from the backup of the installation, or enter the secret again with './run.sh setup' (it writes a new key file and re-encrypts)."),
    SECRET_KEY_FILE_INVALID(
            "The key file {keyFile} is not a MigrateDB key file.",
            "The file is empty, truncated or was edited: it must hold one line with a 256-bit key in base64.",
            "No secret in conf/ can be decrypted; MigrateDB stops before connecting.",
            "Restore {keyFile} from a backup, or delete it and enter the secrets again with './run.sh setup'."),
    SECRET_KEY_FILE_TOO_OPEN(
            "The key file {keyFile} can be read by group or others.",
            "Its permissions were widened after it was created (copy, archive extraction, chmod).",
            "Anyone who can read the key file can decrypt every secret in conf/; MigrateDB refuses to use it.",
            "Run: {fix}"),
    SECRET_KEY_FILE_WRITE_FAILED(
            "The key file {keyFile} cannot be created: {reason}",
            "The conf/ folder is read-only, the disk is full, or the user running MigrateDB may not write there.",
            "Secrets cannot be stored encrypted, so nothing is written.",
            "Give the user running MigrateDB write access to the conf/ folder, then run './run.sh setup' again."),
    SECRET_UNDECRYPTABLE(
            "The setting {setting} cannot be decrypted with the key file {keyFile}.",
            "The ENC(...) value was written with another key file (copied from another installation, or the key file was re-created), or the value was altered.",
            "MigrateDB cannot use this secret and stops before connecting.",
            "Copy the matching key file from the installation that wrote the value, or enter the secret again with './run.sh setup'."),
    SECRET_MALFORMED(
            "The setting {setting} holds an ENC(...) value that is not valid.",
            "The value was cut or edited by hand; an encrypted value is ENC( followed by base64 and ).",
            "MigrateDB cannot use this secret and stops before connecting.",
            "Enter the secret again with './run.sh setup', or paste the complete ENC(...) value."),
    CONFIG_FILE_TOO_OPEN(
            "{file} holds the plain-text secret {setting} and can be read by group or others.",
            "The secret was typed into the file by hand (not as ENC(...)) and the file permissions let other users read it.",
            "MigrateDB refuses to start so the secret does not stay exposed.",
            "Run: {fix} — or better, run './run.sh setup', which stores the secret encrypted."),
    CONFIG_FILE_WRITE_FAILED(
            "{file} cannot be written: {reason}",
            "The conf/ folder is read-only, the disk is full, or the user running MigrateDB may not write there.",
            "The settings entered in the set-up were not saved.",
            "Give the user running MigrateDB write access to the conf/ folder and run './run.sh setup' again."),
    SETUP_INPUT_ENDED(
            "The set-up ended before the question '{question}' was answered.",
            "The input stream closed (Ctrl-D, or a script that pipes too few lines).",
            "Nothing was written; conf/database_params.conf is unchanged.",
            "Run './run.sh setup' again in a terminal and answer every question."),
    SETUP_MASTER_KEY_PASSWORD_LOST(
            "The set-up stopped: the stored master key password cannot be decrypted, and none was typed.",
            "The key file {keyFile} that encrypted target.masterKeyPassword was lost or replaced. That password opens "
                    + "the target's database master key and derives its symmetric key, so it cannot be generated "
                    + "anew.",
            "Nothing was written: {file} is unchanged and no new key file was left behind.",
            "Restore {keyFile} from the installation's backup; or run './run.sh setup' again and type the master "
                    + "key password when asked (it was shown once, at the first migration, and belongs with the key "
                    + "backup). If it is lost too and the target holds no migrated data yet, remove the "
                    + "target.masterKeyPassword line from {file} and drop the target database: the next migration "
                    + "creates new keys."),
    SETUP_ANSWERS_INVALID(
            "The set-up was not saved: {problems}",
            "A value the Setup form sent is missing or does not have the form its setting needs (the same rules "
                    + "'./run.sh setup' applies to each typed answer).",
            "Nothing was written: {file} is unchanged.",
            "Correct the values named above in the console's Setup and save again."),

    TARGET_SETTING_MISSING(
            "The setting {setting} is required: {reason}",
            "conf/database_params.conf lacks a value the chosen connection needs.",
            "MigrateDB cannot connect to SQL Server.",
            "Set {setting} in conf/database_params.conf, or run './run.sh setup'."),
    TARGET_SETTING_INVALID(
            "The setting {setting} is not valid: {reason}",
            "The value does not have the expected form.",
            "MigrateDB cannot connect to SQL Server.",
            "Correct {setting} in conf/database_params.conf, or run './run.sh setup'."),
    TARGET_URL_UNENCRYPTED(
            "target.url turns TLS off (encrypt={encrypt}); MigrateDB connects to SQL Server only over TLS.",
            "The JDBC URL in target.url sets encrypt to a value that allows an unencrypted connection.",
            "MigrateDB refuses to connect, so no password or data crosses the network in clear text.",
            "Remove encrypt={encrypt} from target.url (the driver then uses encrypt=true), or use encrypt=strict. If the server's certificate is not trusted yet, see target.tls.trustStore."),
    TARGET_URL_HOLDS_PASSWORD(
            "target.url contains a password.",
            "A password was written into the JDBC URL, where it is stored in clear text and can show up in logs and process lists.",
            "MigrateDB refuses to use the URL.",
            "Remove password=... from target.url and put the password in target.password (run './run.sh setup' to store it encrypted)."),
    SOURCE_URL_HOLDS_PASSWORD(
            "source.url contains a password.",
            "A password was written into the PostgreSQL JDBC URL, where it is stored in clear text and would show "
                    + "on the console, in the logs and in every report that names the source.",
            "MigrateDB refuses to use the URL; nothing was started.",
            "Remove password=... from source.url and put the password in source.password (run './run.sh setup' "
                    + "to store it encrypted, or set MIGRATEDB_SOURCE_PASSWORD)."),
    TARGET_CONNECTION_FAILED(
            "Cannot connect to SQL Server {server}: {reason}",
            "The server is unreachable, the instance/port is wrong, the certificate is not trusted, or the login was refused.",
            "Nothing was changed on the target.",
            "Check target.host/target.instance and that the SQL Server Browser (named instances) or the port is reachable. For certificate errors set target.tls.trustStore or target.tls.hostNameInCertificate; for login errors check target.auth and the credentials."),
    TARGET_CERTIFICATE_REJECTED(
            "SQL Server's TLS certificate was not accepted ({server}): {reason}",
            "MigrateDB validates the certificate of every connection to SQL Server, and this one failed: it is "
                    + "signed by a CA this Java does not trust ('PKIX path building failed': a self-signed or "
                    + "in-house certificate), it names another host than the one connected to, or it has expired.",
            "Nothing was sent to SQL Server, no login and no data; nothing was changed on the target.",
            "Import the CA that signed the server's certificate (or the certificate itself) into a trust store and "
                    + "set target.tls.trustStore to it (with target.tls.trustStorePassword, and "
                    + "target.tls.trustStoreType=PKCS12 for a .p12 file). If the certificate names another host (its "
                    + "full DNS name, say), connect with that name in target.host or set "
                    + "target.tls.hostNameInCertificate to it. Then run './run.sh test'. "
                    + "target.tls.trustServerCertificate=true connects without validation: anyone between this "
                    + "machine and the server could then read the password and the data."),
    TARGET_NATIVE_AUTH_LIBRARY_MISSING(
            "Windows authentication cannot start: the driver's native library {dll}.dll is not on the library path.",
            "With target.auth=windows on Windows and no target.kerberos.* settings, MigrateDB logs in as the account "
                    + "it runs under through mssql-jdbc's integrated authentication, which loads {dll}.dll from "
                    + "java.library.path ({libraryPath}); the driver then says 'This driver is not configured for "
                    + "integrated authentication'. MigrateDB does not ship the library.",
            "MigrateDB cannot log in to SQL Server; nothing was changed on the target.",
            "Take {dll}.dll from Microsoft's JDBC Driver for SQL Server package of the same version ({version}, "
                    + "folder auth\\x64), or from the Maven artifact com.microsoft.sqlserver:mssql-jdbc_auth:"
                    + "{version}.x64 (type dll); it must match the driver's version. Put it into "
                    + "the lib\\ folder beside run.bat, which adds that folder to the library path, and run "
                    + "'run.bat test': it says whether the library is found. Without the library: write the login "
                    + "as DOMAIN\\user with its password in target.user and target.password (NTLM), or use Kerberos "
                    + "(target.kerberos.principal and target.kerberos.keytab)."),

    KEY_NAME_INVALID(
            "The {object} name '{name}' is not valid: {reason}",
            "SQL Server names are 1 to 128 characters long.",
            "The key hierarchy cannot be created or checked.",
            "Correct the name in conf/database_params.conf (target.certificate, target.symmetricKey or target.database)."),
    KEY_SETUP_FAILED(
            "Creating the {object} in database {database} failed: {reason}",
            "The login lacks a permission (see './run.sh test'), the master key password does not meet the Windows password policy, or the object exists in another form.",
            "The key hierarchy is incomplete; no protected column can be written. Statements that succeeded are kept and are skipped on the next run.",
            "Run './run.sh test' to list missing permissions and the GRANT statements that fix them, then run the migration again."),
    KEY_MASTER_KEY_UNKNOWN(
            "Database {database} already has a master key, and MigrateDB holds no password for it.",
            "The database master key was created before MigrateDB's first migration (by a DBA or another tool). "
                    + "Encryption Key 'Default' would generate a new password, store it and print backup "
                    + "instructions for it, and that password would not open this key.",
            "Nothing was created and nothing was written to the target.",
            "Put the existing master key's password in conf/database_params.conf as "
                    + "target.masterKeyPassword=<password> (keep the file readable by you only: chmod 600), or "
                    + "choose Encryption Key 'Custom' in './run.sh setup' with your own certificate and symmetric key."),
    KEY_MASTER_KEY_PASSWORD_WRONG(
            "The stored master key password does not open the master key of database {database}: {reason}",
            "target.masterKeyPassword belongs to another database or was changed, or the master key was "
                    + "re-created with another password.",
            "Nothing was created and nothing was written to the target; the backup instructions would name the "
                    + "wrong password.",
            "Replace target.masterKeyPassword in conf/database_params.conf with the master key's password (keep "
                    + "the file readable by you only: chmod 600), or choose Encryption Key 'Custom' in "
                    + "'./run.sh setup'."),
    KEY_CERTIFICATE_MISSING(
            "The certificate {certificate} does not exist in database {database}.",
            "Encryption key 'Custom' was chosen, but the certificate was not created, was created in another database, or the login may not see it.",
            "Protected columns cannot be encrypted; the migration does not start.",
            "Create it in {database} (CREATE CERTIFICATE, see the product document), or correct target.certificate, or GRANT VIEW DEFINITION and CONTROL ON CERTIFICATE::[{certificate}] to the login."),
    KEY_SYMMETRIC_KEY_MISSING(
            "The symmetric key {key} does not exist in database {database}.",
            "Encryption key 'Custom' was chosen, but the key was not created, was created in another database, or the login may not see it.",
            "Protected columns cannot be encrypted; the migration does not start.",
            "Create it with CREATE SYMMETRIC KEY [{key}] WITH ALGORITHM = AES_256 ENCRYPTION BY CERTIFICATE [{certificate}], or correct target.symmetricKey."),
    KEY_WRONG_ALGORITHM(
            "The symmetric key {key} uses {algorithm}, not AES_256.",
            "The key was created with another ALGORITHM.",
            "Access Manager Plus expects AES_256; the migration does not start.",
            "Create a new key WITH ALGORITHM = AES_256 ENCRYPTION BY CERTIFICATE [{certificate}] and set target.symmetricKey to it."),
    KEY_CANNOT_OPEN(
            "The symmetric key {key} cannot be opened with certificate {certificate}: {reason}",
            "The key is not encrypted by that certificate, the certificate has no private key, the database master key cannot be opened automatically (it is not encrypted by the service master key), or the login lacks CONTROL on the certificate.",
            "Protected columns cannot be encrypted; the migration does not start.",
            "Check the certificate that protects the key (sys.key_encryptions), run ALTER MASTER KEY ADD ENCRYPTION BY SERVICE MASTER KEY if needed, and GRANT CONTROL ON CERTIFICATE::[{certificate}] to the login."),
    KEY_NOT_OPEN(
            "The symmetric key {key} is not open on this connection.",
            "OPEN SYMMETRIC KEY was not run on this session, or the session was reset (pooled connection, reconnect).",
            "ENCRYPTBYKEY would silently store NULL instead of the encrypted value; the chunk is stopped before any row is written.",
            "This is a defect in MigrateDB's connection handling if it repeats: send logs/troubleshooting.log to support. Resume the run; the chunk is copied again."),
    PROTECTED_VALUE_TOO_LONG(
            "A value of the protected column {column} is {bytes} bytes long; ENCRYPTBYKEY encrypts at most {max} bytes.",
            "SQL Server's ENCRYPTBYKEY returns at most 8000 bytes, which leaves room for {max} bytes of clear text (NVARCHAR text takes 2 bytes per character).",
            "The value cannot be stored encrypted; the row is rejected.",
            "Do not mark {column} as protected, or shorten the value in the source."),
    PROTECTED_COLUMN_UNSUPPORTED(
            "The column {column} cannot be protected: its values travel as {kind}.",
            "Only text and binary columns can be encrypted with the symmetric key.",
            "The migration does not start.",
            "Remove {column} from the protected columns."),
    PERMISSIONS_MISSING(
            "The login {login} lacks permissions the migration needs: {missing}",
            "The SQL Server login was not granted them.",
            "The migration does not start, so it cannot stop half-way on a missing permission.",
            "Ask the DBA to run the GRANT statements listed by './run.sh test'."),
    KEY_RECREATE_UNAVAILABLE(
            "There is no statement to re-create the symmetric key: {reason}.",
            "Only the Default encryption mode derives KEY_SOURCE and IDENTITY_VALUE from the master key password "
                    + "MigrateDB generated and stored (target.masterKeyPassword); in Custom mode the keys are the "
                    + "administrator's own.",
            "Nothing was printed.",
            "{solution}"),
    ;

    private final TroubleText text;

    SecurityTrouble(String error, String cause, String effect, String solution) {
        this.text = new TroubleText(error, cause, effect, solution);
    }

    @Override
    public TroubleText text() {
        return text;
    }
}
