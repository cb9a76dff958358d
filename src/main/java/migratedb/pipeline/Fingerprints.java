package migratedb.pipeline;

import migratedb.config.SettingKeys;
import migratedb.config.Settings;
import migratedb.mapping.SchemaPlan;
import migratedb.model.Catalog;
import migratedb.model.Column;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a resumed run must find unchanged: the settings that decide what is copied where, and the source schema.
 * Secrets and speed tunables are left out (changing a password or the batch size must not block a resume).
 */
final class Fingerprints {
    private static final List<String> RESUME_SENSITIVE = List.of(SettingKeys.SOURCE_URL, SettingKeys.SOURCE_DATA_DIR,
            SettingKeys.SOURCE_DATABASE, SettingKeys.SOURCE_SCHEMAS, SettingKeys.TARGET_URL, SettingKeys.TARGET_HOST,
            SettingKeys.TARGET_INSTANCE, SettingKeys.TARGET_DATABASE, SettingKeys.TARGET_SCHEMA,
            SettingKeys.EXCLUDED_TABLES, SettingKeys.PROTECTED_COLUMNS, SettingKeys.TARGET_ENCRYPTION);

    private Fingerprints() {
    }

    /**
     * The resume-sensitive settings and the planned target tables: every column's T-SQL type and value kind, so a
     * type mapping changed anywhere (conf/type-mapping.properties, a mapping.* setting) is caught too.
     */
    static String config(Settings s, SchemaPlan plan) {
        StringBuilder sb = new StringBuilder();
        for (String key : RESUME_SENSITIVE) {
            sb.append(key).append('=').append(s.get(key)).append('\n');
        }
        s.redacted().forEach((k, v) -> {
            if (k.startsWith("mapping.")) {
                sb.append(k).append('=').append(v).append('\n');
            }
        });
        for (TargetTable t : plan.tables()) {
            sb.append(t.sourceName()).append(" -> ").append(t.schema()).append('.').append(t.name()).append('(');
            for (TargetColumn c : t.columns()) {
                sb.append(c.name()).append(' ').append(c.sqlType()).append(' ').append(c.valueKind())
                        .append(c.protectedColumn() ? " protected" : "").append(',');
            }
            sb.append(")\n");
        }
        return sha256(sb.toString());
    }

    static String schema(Catalog catalog) {
        StringBuilder sb = new StringBuilder();
        for (Table t : catalog.tables()) {
            sb.append(t.qualifiedName()).append('(');
            for (Column c : t.columns()) {
                sb.append(c.name()).append(' ').append(c.sourceType()).append(c.nullable() ? "" : " not null")
                        .append(',');
            }
            sb.append(t.primaryKey() == null ? "" : t.primaryKey().columns()).append(")\n");
        }
        return sha256(sb.toString());
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
