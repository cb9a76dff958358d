package migratedb.assess;

import migratedb.config.SettingKeys;
import migratedb.mapping.SchemaConverter;
import migratedb.mapping.SchemaPlan;
import migratedb.model.Catalog;
import migratedb.model.Column;
import migratedb.model.Key;
import migratedb.model.Table;
import migratedb.sink.KeyNames;
import migratedb.sink.h2.H2Dialect;
import migratedb.sink.h2.H2KeyManagement;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The names that say a table or column holds a secret, as the default assess.credentialNames reads them. */
class CredentialNamesTest {
    private static final CredentialNames DEFAULT = CredentialNames.parse(SettingKeys.find(SettingKeys.ASSESS_CREDENTIAL_NAMES)
            .orElseThrow().defaultValue());

    @Test
    void theDefaultNamesFindPasswordsSecretsTokensAndPrivateKeysButNotHashesOrLookalikes() {
        for (String secret : List.of("password", "passwords", "personal_passwords", "userpassword", "db_passwd",
                "admin_pwd", "client_secret", "secrets", "reset_token", "resetToken", "access_tokens", "private_key",
                "privateKey", "sshPrivateKey", "credentials", "passphrase")) {
            assertEquals(true, DEFAULT.match(secret).isPresent(), secret);
        }
        for (String plain : List.of("key_hash", "password_hash", "hashed_password", "token_digest", "password_salt",
                "secretary", "tokenizer", "api_keys", "setting_key", "public_key", "login", "keyword", "passage")) {
            assertEquals(Optional.empty(), DEFAULT.match(plain), plain);
        }
        assertEquals(Optional.of("private key"), DEFAULT.match("PRIVATE_KEY"));
        assertEquals(List.of("ssh", "private", "key", "2"), CredentialNames.words("sshPrivateKey2"));
    }

    /** Logs, reports and the diagnostics zip pass through the redactor: the words about credentials must survive it. */
    @Test
    void theSettingsAndTheFindingAboutCredentialsAreNotMaskedByTheRedactor() {
        migratedb.config.SecretRedactor redactor = migratedb.config.SecretRedactor.standard();
        for (String key : List.of(SettingKeys.ASSESS_CREDENTIAL_NAMES, SettingKeys.ASSESS_NOT_CREDENTIAL)) {
            var setting = SettingKeys.find(key).orElseThrow();
            String line = "# " + setting.comment() + "\n" + key + "=" + setting.defaultValue();
            assertEquals(line, redactor.redact(line));
            assertEquals(false, redactor.isSecretKey(key), key);
        }
        String action = FindingKind.CREDENTIAL_NOT_PROTECTED.action();
        assertEquals(action, redactor.redact(action));
    }

    @Test
    void aConfiguredListIsReadAsWrittenWithItsClearingWords() {
        CredentialNames own = CredentialNames.parse(" pin , *cipher* , !test ");
        assertEquals(Optional.of("pin"), own.match("card_pin"));
        assertEquals(Optional.of("cipher"), own.match("ciphertext"));
        assertEquals(Optional.empty(), own.match("pin_test"));
        assertEquals(Optional.empty(), own.match("password"), "only the configured words count");
    }

    /**
     * A table or text/binary column named like a secret is a candidate until it is excluded, protected or declared;
     * a timestamp or an integer never is.
     */
    @Test
    void onlyTextAndBinaryColumnsThatAreNeitherExcludedProtectedNorDeclaredAreCandidates() {
        Catalog catalog = new Catalog("db", "16", List.of(
                table("users", col("id", "int4"), col("login", "varchar"), col("password_changed_at", "timestamptz"),
                        col("reset_token", "text"), col("reset_token_hint", "text"), col("token_count", "int4")),
                table("accounts", col("id", "int4"), col("password", "bytea"), col("notes", "text")),
                table("personal_passwords", col("id", "int4"), col("title", "varchar"), col("secret", "bytea")),
                table("api_keys", col("id", "int4"), col("key_hash", "bytea"))), List.of(), List.of());

        assertEquals(List.of("public.users.reset_token", "public.users.reset_token_hint", "public.accounts.password",
                        "public.personal_passwords", "public.personal_passwords.secret"),
                names(DEFAULT.unprotected(catalog, plan(catalog, Set.of(), Set.of()), Set.of(), Set.of())));

        SchemaPlan decided = plan(catalog, Set.of("public.personal_passwords"), Set.of("public.accounts.password"));
        assertEquals(List.of("public.users.reset_token"), names(DEFAULT.unprotected(catalog, decided,
                Set.of("public.personal_passwords"), Set.of("public.users.reset_token_hint"))));

        // protecting the secret column of a table named like secrets is a decision for the table too
        SchemaPlan columnProtected = plan(catalog, Set.of(), Set.of("public.personal_passwords.secret",
                "public.accounts.password"));
        assertEquals(List.of(), names(DEFAULT.unprotected(catalog, columnProtected, Set.of(),
                Set.of("public.users.reset_token", "public.users.reset_token_hint"))));
    }

    private static List<String> names(List<CredentialNames.Candidate> candidates) {
        return candidates.stream().map(CredentialNames.Candidate::name).toList();
    }

    private static SchemaPlan plan(Catalog catalog, Set<String> excluded, Set<String> protectedColumns) {
        H2KeyManagement keys = new H2KeyManagement(new KeyNames("PassTrix", "C", "K"));
        return new SchemaConverter().convert(catalog, new H2Dialect(keys), Map.of("public", "dbo"), excluded,
                protectedColumns);
    }

    private static Table table(String name, Column... columns) {
        return new Table("public", name, Arrays.asList(columns), new Key(name + "_pkey", List.of("id")), List.of(),
                List.of(), List.of(), List.of(), 0, 0, null);
    }

    private static Column col(String name, String baseType) {
        return new Column(name, 1, baseType, baseType, Column.TypeKind.BASE, null, null, null, true, null,
                Column.Identity.NONE, null);
    }
}
