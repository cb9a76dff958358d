package migratedb.sink.sqlserver;

import migratedb.config.Secret;
import migratedb.model.ValueKind;
import migratedb.sink.KeyMaterial;
import migratedb.sink.KeyNames;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Opt-in: runs the SQL Server key hierarchy against a real server.
 * {@code ./mvnw test -Dtest='SqlServerKeyManagementRealServerIT' -Dmssql.url='jdbc:sqlserver://host:1433;databaseName=MigrateDbIt;encrypt=true;trustServerCertificate=true' -Dmssql.user=sa -Dmssql.password=...}
 * (or MSSQL_URL / MSSQL_USER / MSSQL_PASSWORD). The database must exist and the login needs db_owner. Skipped, and
 * says so, when no server is given.
 */
class SqlServerKeyManagementRealServerIT {
    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null && !v.isBlank() ? v : System.getenv(env);
    }

    @Test
    void defaultModeTwiceThenUnicodeRoundTripAndUnopenedSessionIsCaught() throws Exception {
        String url = setting("mssql.url", "MSSQL_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "No SQL Server given (-Dmssql.url or MSSQL_URL): real-server key test skipped");
        String user = setting("mssql.user", "MSSQL_USER");
        String password = setting("mssql.password", "MSSQL_PASSWORD");
        SqlServerKeyManagement keys = new SqlServerKeyManagement(new KeyNames("MigrateDbIt", "MigrateDbItCert", "MigrateDbItKey"));
        KeyMaterial material = KeyMaterial.fromMasterKeyPassword(Secret.of("It!Master-Key-Passw0rd-123"));
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            keys.ensureKeyHierarchy(c, material);
            keys.ensureKeyHierarchy(c, material);
            keys.openKey(c);
            keys.requireOpenKey(c);
            String text = "héllo 日本 😀 ' ]";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + keys.decryptExpression(
                    keys.encryptExpression("?", ValueKind.STRING), ValueKind.STRING))) {
                ps.setString(1, text);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(text, rs.getString(1));
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CLOSE ALL SYMMETRIC KEYS");
            }
            assertThrows(migratedb.troubleshoot.MigrationException.class, () -> keys.requireOpenKey(c));
        }
    }
}
