package migratedb.config;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SecretRedactorTest {
    private final SecretRedactor redactor = SecretRedactor.standard();

    @Test
    void masksSecretKeysInMaps() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("target.host", "db");
        in.put("target.password", "s3cret");
        in.put("source.PASSWORD", "x");
        in.put("api.secretToken", "y");
        in.put("target.masterKeyPassword", "");
        assertEquals(Map.of("target.host", "db", "target.password", "********", "source.PASSWORD", "********",
                "api.secretToken", "********", "target.masterKeyPassword", ""), redactor.redact(in));
    }

    @Test
    void masksListedKeys() {
        SecretRedactor r = redactor.withKeys(List.of("target.kerberos.keytab"));
        assertEquals("********", r.redact(Map.of("target.kerberos.keytab", "/etc/krb5.keytab")).get("target.kerberos.keytab"));
        assertTrue(r.isSecretKey("TARGET.KERBEROS.KEYTAB"));
    }

    @Test
    void masksPropertiesLinesUrlsAndTsql() {
        assertEquals("target.password=********\ntarget.host=db",
                redactor.redact("target.password=hunter2\ntarget.host=db"));
        assertEquals("jdbc:sqlserver://h;user=sa;password=********;encrypt=true",
                redactor.redact("jdbc:sqlserver://h;user=sa;password=hunter2;encrypt=true"));
        assertEquals("jdbc:sqlserver://h;password={********};encrypt=true",
                redactor.redact("jdbc:sqlserver://h;password={a;b}}c};encrypt=true"));
        assertEquals("CREATE MASTER KEY ENCRYPTION BY PASSWORD = N'********'",
                redactor.redact("CREATE MASTER KEY ENCRYPTION BY PASSWORD = N'it''s; secret'"));
        assertEquals("WITH ALGORITHM = AES_256, KEY_SOURCE = N'********', IDENTITY_VALUE = N'********' ENCRYPTION",
                redactor.redact("WITH ALGORITHM = AES_256, KEY_SOURCE = N'ks', IDENTITY_VALUE = N'iv' ENCRYPTION"));
        assertEquals("{\"password\": \"********\"}", redactor.redact("{\"password\": \"x\\\"y\"}"));
    }

    @Test
    void masksKnownSecretValuesAnywhere() {
        SecretRedactor r = redactor.withKnownSecrets(List.of(Secret.of("p;}@=x")));
        assertEquals("Login failed near '********' for user 'sa'", r.redact("Login failed near 'p;}@=x' for user 'sa'"));
    }

    @Test
    void leavesOrdinaryTextAlone() {
        assertEquals("Copied 10 rows of passwords_table", redactor.redact("Copied 10 rows of passwords_table"));
    }
}
