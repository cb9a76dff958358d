package migratedb.target;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;

/**
 * Builds the SQL Server JDBC URL from the setup fields, as the product document describes: host or host:port,
 * an optional named instance (default instance on 1433 otherwise), TLS always.
 */
final class SqlServerUrls {
    private SqlServerUrls() {
    }

    static String build(Settings s) {
        String host = s.require(SettingKeys.TARGET_HOST, "to reach SQL Server", "The SQL Server host name or IP.");
        StringBuilder sb = new StringBuilder("jdbc:sqlserver://");
        int colon = host.lastIndexOf(':');
        if (colon > 0) {
            sb.append(host, 0, colon).append(':').append(host.substring(colon + 1));
        } else {
            sb.append(host);
        }
        if (s.has(SettingKeys.TARGET_INSTANCE) && colon < 0) {
            sb.append(";instanceName=").append(s.get(SettingKeys.TARGET_INSTANCE));
        }
        sb.append(";databaseName=").append(s.get(SettingKeys.TARGET_DATABASE));
        sb.append(";encrypt=true;trustServerCertificate=false;applicationName=MigrateDB");
        return sb.toString();
    }
}
