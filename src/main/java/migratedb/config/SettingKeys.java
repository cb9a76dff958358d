package migratedb.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting MigrateDB knows, in one place. A `--set` or config key outside this list is refused with the
 * list of near names, so a typo never silently runs with a default.
 */
public final class SettingKeys {
    private SettingKeys() {
    }

    // database_params.conf: the product document's setup window
    public static final String SOURCE_URL = "source.url";
    public static final String SOURCE_USER = "source.user";
    public static final String SOURCE_PASSWORD = "source.password";
    public static final String SOURCE_PG_HOME = "source.pgHome";
    public static final String SOURCE_DATA_DIR = "source.dataDir";
    public static final String SOURCE_DATABASE = "source.database";
    public static final String SOURCE_SCHEMAS = "source.schemas";
    public static final String SOURCE_SOCKET_TIMEOUT_SECONDS = "source.socketTimeoutSeconds";
    public static final String TARGET_URL = "target.url";
    public static final String TARGET_HOST = "target.host";
    public static final String TARGET_INSTANCE = "target.instance";
    public static final String TARGET_DATABASE = "target.database";
    public static final String TARGET_AUTH = "target.auth";
    public static final String TARGET_USER = "target.user";
    public static final String TARGET_PASSWORD = "target.password";
    public static final String TARGET_ENCRYPTION = "target.encryption";
    public static final String TARGET_CERTIFICATE = "target.certificate";
    public static final String TARGET_SYMMETRIC_KEY = "target.symmetricKey";
    public static final String TARGET_SCHEMA = "target.schema";
    public static final String TARGET_SOCKET_TIMEOUT_SECONDS = "target.socketTimeoutSeconds";
    public static final String TARGET_MASTER_KEY_PASSWORD = "target.masterKeyPassword";
    public static final String TLS_ENCRYPT = "target.tls.encrypt";
    public static final String TLS_TRUST_SERVER_CERTIFICATE = "target.tls.trustServerCertificate";
    public static final String TLS_HOST_NAME_IN_CERTIFICATE = "target.tls.hostNameInCertificate";
    public static final String TLS_TRUST_STORE = "target.tls.trustStore";
    public static final String TLS_TRUST_STORE_PASSWORD = "target.tls.trustStorePassword";
    public static final String TLS_TRUST_STORE_TYPE = "target.tls.trustStoreType";
    public static final String TLS_SERVER_CERTIFICATE = "target.tls.serverCertificate";
    public static final String KERBEROS_PRINCIPAL = "target.kerberos.principal";
    public static final String KERBEROS_KEYTAB = "target.kerberos.keytab";
    public static final String KERBEROS_KRB5_CONF = "target.kerberos.krb5Conf";
    public static final String KERBEROS_REALM = "target.kerberos.realm";
    public static final String KERBEROS_SERVER_SPN = "target.kerberos.serverSpn";
    /** The target database's collation: the assessment checks key values under its case and accent rules. */
    public static final String TARGET_COLLATION = "target.collation";

    // migration.properties: tunables
    public static final String BATCH_SIZE = "copy.batchSize";
    public static final String FETCH_SIZE = "copy.fetchSize";
    /** How chunks are read from PostgreSQL: {@code copy} (COPY binary, decoded here) or {@code cursor} (typed getters). */
    public static final String SOURCE_READER = "copy.sourceReader";
    public static final String CHUNK_ROWS = "copy.chunkRows";
    public static final String PARALLEL_TABLES = "copy.parallelTables";
    public static final String THROTTLE_BATCHES_PER_SECOND = "copy.throttle.batchesPerSecond";
    public static final String THROTTLE_ROWS_PER_SECOND = "copy.throttle.rowsPerSecond";
    public static final String TABLE_LOCK = "copy.tableLock";
    public static final String RETRY_MAX = "copy.retry.maxAttempts";
    public static final String RETRY_DELAY_MS = "copy.retry.initialDelayMs";
    public static final String RETRY_MULTIPLIER = "copy.retry.backoffMultiplier";
    public static final String RETRY_MAX_DELAY_MS = "copy.retry.maxDelayMs";
    public static final String REJECT_POLICY = "copy.rejectPolicy";
    public static final String REJECT_MAX = "copy.rejectMaxPerTable";
    public static final String EXCLUDED_TABLES = "migration.excludedTables";
    public static final String PROTECTED_COLUMNS = "migration.protectedColumns";
    public static final String APPLICATION_LOCK_FILE = "preflight.applicationLockFile";
    public static final String ALLOW_SOURCE_SESSIONS = "preflight.allowSourceSessions";
    /** Blocking assessment findings the administrator accepts, per kind; migrate refuses on any other. */
    public static final String ASSESS_ALLOW = "assess.allow";
    /** Words that make a table or a text/binary column's name a secret the assessment will not copy in clear. */
    public static final String ASSESS_CREDENTIAL_NAMES = "assess.credentialNames";
    /** schema.table[.column] names declared to hold no secret although their name says otherwise. */
    public static final String ASSESS_NOT_CREDENTIAL = "assess.notCredential";
    public static final String REPORTS_DIR = "paths.reports";
    public static final String WORK_DIR = "paths.work";
    public static final String BACKUPS_DIR = "paths.backups";

    // the watch service (./run.sh watch): the inbox of request files
    public static final String WATCH_INBOX = "watch.inbox";
    public static final String WATCH_ROUTES_DIR = "watch.routesDir";
    public static final String WATCH_READ_LOCK_MIN_AGE_MS = "watch.readLockMinAgeMs";
    public static final String WATCH_POLL_DELAY_MS = "watch.pollDelayMs";
    public static final String WATCH_DONE_FILE = "watch.doneFile";
    public static final String WATCH_MAX_REQUEST_BYTES = "watch.maxRequestBytes";

    private static final List<Setting> ALL = List.of(
            new Setting(SOURCE_URL, "", "JDBC URL of the PostgreSQL source, e.g. jdbc:postgresql://localhost:5432/passtrix (or use source.pgHome + source.dataDir)", false),
            new Setting(SOURCE_USER, "postgres", "PostgreSQL user that can read every table to migrate", false),
            new Setting(SOURCE_PASSWORD, "", "PostgreSQL password (stored as ENC(...) by './run.sh setup'; or set MIGRATEDB_SOURCE_PASSWORD)", true),
            new Setting(SOURCE_PG_HOME, "", "Bundled mode: the application's PostgreSQL folder (with bin/); MigrateDB starts that server itself", false),
            new Setting(SOURCE_DATA_DIR, "", "Bundled mode: the bundled PostgreSQL's data directory", false),
            new Setting(SOURCE_DATABASE, "", "Bundled mode: the database to migrate inside the bundled server (e.g. PassTrix)", false),
            new Setting(SOURCE_SCHEMAS, "public", "Comma-separated PostgreSQL schemas to migrate", false),
            new Setting(SOURCE_SOCKET_TIMEOUT_SECONDS, "600", "Seconds a PostgreSQL read may wait for the network before the connection counts as lost (and the chunk is retried); 0 waits forever", false),
            new Setting(TARGET_URL, "", "Optional full JDBC URL that overrides host/instance/database (jdbc:sqlserver://...;databaseName=<name>, which must name the database, or jdbc:h2:... for the stand-in)", false),
            new Setting(TARGET_HOST, "localhost", "SQL Server host name or IP; host:port for a port other than 1433", false),
            new Setting(TARGET_INSTANCE, "", "Named SQL Server instance; empty means the default instance on port 1433", false),
            new Setting(TARGET_DATABASE, "PassTrix", "Target database name (created when absent; a jdbc:sqlserver target.url names it instead)", false),
            new Setting(TARGET_AUTH, "sql", "Authentication: sql (user and password) or windows (integrated / Kerberos / NTLM with DOMAIN\\user)", false),
            new Setting(TARGET_USER, "", "SQL Server login (for windows auth with NTLM: DOMAIN\\user)", false),
            new Setting(TARGET_PASSWORD, "", "SQL Server password (stored as ENC(...) by './run.sh setup'; or set MIGRATEDB_TARGET_PASSWORD)", true),
            new Setting(TARGET_ENCRYPTION, "default", "Encryption key: default (MigrateDB creates master key, certificate, AES_256 symmetric key), custom (your certificate and symmetric key, named below), or none (no key hierarchy is created or needed; only without migration.protectedColumns)", false),
            new Setting(TARGET_CERTIFICATE, "", "Custom encryption: name of your certificate", false),
            new Setting(TARGET_SYMMETRIC_KEY, "", "Custom encryption: name of your AES_256 symmetric key", false),
            new Setting(TARGET_SCHEMA, "dbo", "Target schema that receives the tables of the PostgreSQL schema 'public'", false),
            new Setting(TARGET_SOCKET_TIMEOUT_SECONDS, "3600", "Seconds a SQL Server call may wait for the network before the connection counts as lost; covers the longest index build; 0 waits forever", false),
            new Setting(TARGET_MASTER_KEY_PASSWORD, "", "Default encryption: the database master key password MigrateDB generated (ENC(...)); never change it", true),
            new Setting(TLS_ENCRYPT, "true", "TLS to SQL Server: true (certificate validated) or strict (TDS 8, TLS before login); never off", false),
            new Setting(TLS_TRUST_SERVER_CERTIFICATE, "false", "true skips certificate validation (a warning is printed on every run)", false),
            new Setting(TLS_HOST_NAME_IN_CERTIFICATE, "", "Host name expected in the server certificate when it differs from target.host", false),
            new Setting(TLS_TRUST_STORE, "", "Trust store holding the CA (or the certificate) that validates SQL Server's certificate", false),
            new Setting(TLS_TRUST_STORE_PASSWORD, "", "Password of the trust store (ENC(...))", true),
            new Setting(TLS_TRUST_STORE_TYPE, "", "Trust store type: JKS (default) or PKCS12", false),
            new Setting(TLS_SERVER_CERTIFICATE, "", "With target.tls.encrypt=strict: the server certificate file to pin", false),
            new Setting(KERBEROS_PRINCIPAL, "", "Windows authentication from Linux: Kerberos principal, e.g. svc-amp@EXAMPLE.COM", false),
            new Setting(KERBEROS_KEYTAB, "", "Keytab of that principal; empty uses the ticket cache (kinit)", false),
            new Setting(KERBEROS_KRB5_CONF, "", "krb5.conf to use instead of /etc/krb5.conf", false),
            new Setting(KERBEROS_REALM, "", "Realm of the SQL Server's SPN when it differs from the default realm", false),
            new Setting(KERBEROS_SERVER_SPN, "", "SPN of the SQL Server when it is not MSSQLSvc/host:port", false),
            new Setting(TARGET_COLLATION, "SQL_Latin1_General_CP1_CI_AS", "Collation of the target database: a database MigrateDB creates gets it; the assessment finds key values that collide under its case/accent rules and checks an existing database uses it", false),

            new Setting(BATCH_SIZE, "10000", "Rows per batch: one Camel exchange and one bulk write each", false),
            new Setting(FETCH_SIZE, "10000", "Rows PostgreSQL sends per round trip while streaming", false),
            new Setting(SOURCE_READER, "copy", "How chunks are read from PostgreSQL: copy (COPY ... TO STDOUT binary, decoded by MigrateDB into the same values; faster) or cursor (SELECT with copy.fetchSize and the driver's typed getters: the reference); a table with a column moved as another kind is always read by cursor", false),
            new Setting(CHUNK_ROWS, "200000", "Rows per chunk: the unit of one target transaction, checkpoint and resume", false),
            new Setting(PARALLEL_TABLES, "2", "Workers: chunks copied at the same time (several tables at once, largest first, or several chunks of one big table); planning, finalize and verify use as many; each worker keeps one source and one target connection for the whole run", false),
            new Setting(THROTTLE_BATCHES_PER_SECOND, "0", "Upper limit of batches written per second per run; 0 means no limit", false),
            new Setting(THROTTLE_ROWS_PER_SECOND, "0", "Upper limit of rows written per second per run, counted in whole batches (used when batchesPerSecond is 0); 0 means no limit", false),
            new Setting(TABLE_LOCK, "true", "SQL Server bulk copy takes a table lock (TABLOCK: minimal logging; chunks of one table then write one at a time)", false),
            new Setting(RETRY_MAX, "5", "Redeliveries after a transient failure (lost connection, deadlock, timeout): of a chunk, and of the preflight, a planning statement, or a table's finalize or verification", false),
            new Setting(RETRY_DELAY_MS, "500", "First redelivery delay in milliseconds", false),
            new Setting(RETRY_MULTIPLIER, "2", "Backoff multiplier between redeliveries", false),
            new Setting(RETRY_MAX_DELAY_MS, "30000", "Longest delay between redeliveries in milliseconds", false),
            new Setting(REJECT_POLICY, "fail", "Rows the target refuses: fail (stop the table) or skip (write them to reports/<run>/rejects/ and go on)", false),
            new Setting(REJECT_MAX, "1000", "With rejectPolicy=skip: the most rejected rows tolerated per table before it fails", false),
            new Setting(EXCLUDED_TABLES, "", "Comma-separated schema.table never copied (e.g. personal passwords); reported with row counts", false),
            new Setting(PROTECTED_COLUMNS, "", "Comma-separated schema.table.column stored encrypted with the symmetric key", false),
            new Setting(APPLICATION_LOCK_FILE, "", "The application server's .lock file; the migration refuses to start while it exists", false),
            new Setting(ALLOW_SOURCE_SESSIONS, "false", "true lets the migration start although other sessions are connected to the source", false),
            new Setting(ASSESS_ALLOW, "", "Comma-separated kinds of blocking assessment findings to accept (e.g. cascade-path,nan-infinity); migrate refuses on any other blocking finding", false),
            new Setting(ASSESS_CREDENTIAL_NAMES, "*password*,passwd,pwd,passphrase,secret,token,private key,credential,!hash,!hashed,!digest,!salt", "Words that mark a table, or a text or binary column, as holding passwords or secrets, so the assessment blocks (credential-not-protected) until it is excluded, protected or declared in assess.notCredential. A name is split into words at _ - . and camelCase; a plural s is ignored; 'private key' is two words in a row (or privatekey); *word* also matches inside a word; !word clears a name (a one-way hash is not a secret). Columns count only when they hold text or bytes", false),
            new Setting(ASSESS_NOT_CREDENTIAL, "", "Comma-separated schema.table or schema.table.column whose name looks like a secret but that hold none (e.g. public.users.reset_token_hint): copied as they are", false),
            new Setting(REPORTS_DIR, "reports", "Folder of the per-run reports (relative to the MigrateDB folder)", false),
            new Setting(BACKUPS_DIR, "backups", "Folder of source backups made by 'backup' and 'migrate --backup' (relative to the MigrateDB folder)", false),
            new Setting(WORK_DIR, "work", "Folder of the demo databases and run state (relative to the MigrateDB folder)", false),
            new Setting(WATCH_INBOX, "inbox", "Folder the watch service takes *.request files from (relative to the MigrateDB folder)", false),
            new Setting(WATCH_ROUTES_DIR, "routes", "Folder of the operator-editable route definitions (*.yaml) the watch service loads", false),
            new Setting(WATCH_READ_LOCK_MIN_AGE_MS, "2000", "A request file is read only when it has not changed for this many milliseconds", false),
            new Setting(WATCH_POLL_DELAY_MS, "1000", "Milliseconds between two looks into the inbox", false),
            new Setting(WATCH_DONE_FILE, "false", "true: a request is read only once <name>.done exists beside it (for tools that write slowly)", false),
            new Setting(WATCH_MAX_REQUEST_BYTES, "16384", "Larger request files are quarantined unread", false));

    /** Every key whose value is secret and stored as ENC(...). */
    public static final List<String> SECRET_KEYS = ALL.stream().filter(Setting::secret).map(Setting::key).toList();

    private static final Map<String, Setting> BY_KEY = new LinkedHashMap<>();

    static {
        ALL.forEach(s -> BY_KEY.put(s.key(), s));
    }

    public static List<Setting> all() {
        return ALL;
    }

    public static Optional<Setting> find(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /**
     * Namespaces whose keys are owned by one area (TLS, Kerberos, bundled server, type overrides); any key under
     * them is accepted and that area validates it.
     */
    private static final List<String> OPEN_PREFIXES = List.of("target.tls.", "target.kerberos.", "source.bundled.",
            "mapping.");

    public static boolean isKnown(String key) {
        return BY_KEY.containsKey(key) || OPEN_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /**
     * Keys a request file of the watched inbox may set (set.key=value): tunables of the copy, the accepted
     * assessment findings and type mappings; where the data goes and the safety checks stay in the files.
     */
    public static boolean settableByRequest(String key) {
        return key.startsWith("copy.") || key.equals(ASSESS_ALLOW) || key.startsWith("mapping.");
    }

    /** Keys whose values must never be shown. */
    public static boolean isSecret(String key) {
        if (key.startsWith("mapping.")) {
            return false; // a type mapping's key names a column (maybe one called password), its value a T-SQL type
        }
        Setting s = BY_KEY.get(key);
        return s != null ? s.secret() : key.toLowerCase().contains("password") || key.toLowerCase().contains("secret");
    }
}
