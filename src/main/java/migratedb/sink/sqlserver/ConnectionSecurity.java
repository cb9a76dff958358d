package migratedb.sink.sqlserver;

/**
 * What the server says about this connection.
 *
 * @param encrypted  true/false from sys.dm_exec_connections.encrypt_option, or null when the login may not read it
 *                   (it needs VIEW SERVER STATE); the driver refuses to connect unencrypted with our settings anyway
 * @param authScheme SQL, NTLM or KERBEROS
 */
public record ConnectionSecurity(Boolean encrypted, String authScheme) {
}
