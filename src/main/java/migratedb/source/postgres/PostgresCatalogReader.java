package migratedb.source.postgres;

import migratedb.model.Catalog;
import migratedb.model.CheckConstraint;
import migratedb.model.Column;
import migratedb.model.ForeignKey;
import migratedb.model.Index;
import migratedb.model.Key;
import migratedb.model.SchemaObject;
import migratedb.model.Sequence;
import migratedb.model.Table;
import migratedb.model.UserType;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the PostgreSQL catalog of the given schemas into the neutral model. The only reader of pg_catalog. The
 * server's version is read once and picks each query's variant ({@link SourceQuery}); a query that fails is reported
 * with its purpose and that version ({@link SourceQueryException}).
 */
public final class PostgresCatalogReader {

    public Catalog read(Connection connection, List<String> schemas) throws SQLException {
        PostgresVersion version = PostgresVersion.of(connection);
        Map<String, TableBuilder> tables = new LinkedHashMap<>();
        Array schemaArray = connection.createArrayOf("text", schemas.toArray());

        query(connection, version, SourceQuery.TABLES, schemaArray, rs -> {
            TableBuilder b = new TableBuilder(rs.getString("schema_name"), rs.getString("table_name"),
                    rs.getLong("estimated_rows"), rs.getLong("size_bytes"), rs.getString("table_comment"));
            tables.put(b.key(), b);
        });
        query(connection, version, SourceQuery.COLUMNS, schemaArray, rs -> {
            TableBuilder b = tables.get(rs.getString("schema_name") + "." + rs.getString("table_name"));
            if (b != null) {
                b.columns.add(column(rs));
            }
        });
        query(connection, version, SourceQuery.CONSTRAINTS, schemaArray, rs -> {
            TableBuilder b = tables.get(rs.getString("schema_name") + "." + rs.getString("table_name"));
            if (b != null) {
                addConstraint(b, rs);
            }
        });
        query(connection, version, SourceQuery.INDEXES, schemaArray, rs -> {
            TableBuilder b = tables.get(rs.getString("schema_name") + "." + rs.getString("table_name"));
            if (b != null) {
                b.indexes.add(index(rs));
            }
        });
        List<Sequence> sequences = new ArrayList<>();
        query(connection, version, SourceQuery.SEQUENCES, schemaArray, rs -> sequences.add(sequence(rs)));
        if (!version.has(PostgresVersion.Feature.PG_SEQUENCES)) {
            for (int i = 0; i < sequences.size(); i++) {
                sequences.set(i, withState(connection, version, sequences.get(i)));
            }
        }
        List<SchemaObject> others = new ArrayList<>();
        query(connection, version, SourceQuery.OTHER_OBJECTS, schemaArray, rs -> others.add(new SchemaObject(
                rs.getString("kind"), rs.getString("schema_name"), rs.getString("name"), rs.getString("definition"))));

        List<UserType> types = new ArrayList<>();
        query(connection, version, SourceQuery.TYPES, schemaArray, rs -> types.add(new UserType(
                rs.getString("schema_name"), rs.getString("type_name"), rs.getString("display_name"),
                UserType.Kind.valueOf(rs.getString("kind")), rs.getString("base_type"),
                strings(rs.getArray("labels")),
                strings(rs.getArray("checks")).stream().map(PostgresCatalogReader::checkExpression).toList())));

        List<Table> built = tables.values().stream().map(TableBuilder::build).toList();
        return new Catalog(connection.getCatalog(), version.text(), built,
                withUsers(sequences, built), others, types);
    }

    /** Adds to each sequence the columns whose default calls nextval on it (shared sequences have several). */
    private static List<Sequence> withUsers(List<Sequence> sequences, List<Table> tables) {
        // each default parsed once, not once per sequence: an application schema has a sequence per table
        java.util.Map<String, List<String>> usersBySequence = new java.util.HashMap<>();
        for (Table t : tables) {
            for (Column c : t.columns()) {
                String def = c.defaultExpression();
                if (def != null && def.startsWith("nextval(")) {
                    usersBySequence.computeIfAbsent(NextvalDefault.sequenceName(def, t.schema()),
                            k -> new ArrayList<>()).add(t.qualifiedName() + "." + c.name());
                }
            }
        }
        List<Sequence> out = new ArrayList<>();
        for (Sequence s : sequences) {
            List<String> users = usersBySequence.getOrDefault(s.schema() + "." + s.name(), List.of());
            out.add(new Sequence(s.schema(), s.name(), s.dataType(), s.start(), s.increment(), s.min(), s.max(),
                    s.cycle(), s.lastValue(), s.called(), s.ownedBy(), new ArrayList<>(users)));
        }
        return out;
    }

    /**
     * A sequence with its current value read from the sequence itself: before PostgreSQL 10 no catalog view holds
     * it. Called for each sequence (an application has a few dozen).
     */
    private static Sequence withState(Connection connection, PostgresVersion version, Sequence s)
            throws SQLException {
        String sql = SourceQuery.SEQUENCE_STATE.sql(version).replace("{sequence}",
                PostgresTableReader.quote(s.schema()) + "." + PostgresTableReader.quote(s.name()));
        return SourceQueryException.labelled(SourceQuery.SEQUENCE_STATE.describe(version) + " of " + s.schema()
                + "." + s.name(), version, () -> {
            try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Sequence(s.schema(), s.name(), s.dataType(), s.start(), s.increment(), s.min(),
                        s.max(), s.cycle(), rs.getLong("last_value"), rs.getBoolean("is_called"), s.ownedBy(),
                        s.usedBy());
            }
        });
    }

    private interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    private static void query(Connection connection, PostgresVersion version, SourceQuery query, Array schemas,
                              RowHandler handler) throws SQLException {
        String sql = query.sql(version);
        SourceQueryException.labelled(query.describe(version), version, () -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int params = SqlResource.parameterCount(sql);
                for (int i = 1; i <= params; i++) {
                    ps.setArray(i, schemas);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        handler.handle(rs);
                    }
                }
            }
            return null;
        });
    }

    private static Column column(ResultSet rs) throws SQLException {
        String identity = rs.getString("identity");
        String def = rs.getString("default_expression");
        // a generated column, stored or virtual (18+), is read like any other: its values are data the application
        // shows
        String generated = rs.getString("generated");
        Column.Identity id = "s".equals(generated) || "v".equals(generated) ? Column.Identity.GENERATED
                : switch (identity == null ? "" : identity) {
            case "a" -> Column.Identity.ALWAYS;
            case "d" -> Column.Identity.BY_DEFAULT;
            default -> def != null && def.startsWith("nextval(") ? Column.Identity.SERIAL : Column.Identity.NONE;
        };
        return new Column(rs.getString("column_name"), rs.getInt("position"), rs.getString("source_type"),
                rs.getString("base_type"), Column.TypeKind.valueOf(rs.getString("type_kind")),
                (Integer) rs.getObject("char_length"), (Integer) rs.getObject("numeric_precision"),
                (Integer) rs.getObject("numeric_scale"), rs.getBoolean("nullable"), def, id,
                rs.getString("column_comment"));
    }

    private static void addConstraint(TableBuilder b, ResultSet rs) throws SQLException {
        String name = rs.getString("constraint_name");
        List<String> cols = strings(rs.getArray("column_names"));
        switch (rs.getString("constraint_type")) {
            case "p" -> b.primaryKey = new Key(name, cols);
            case "u" -> b.uniqueKeys.add(new Key(name, cols));
            case "f" -> b.foreignKeys.add(new ForeignKey(name, cols, rs.getString("referenced_schema"),
                    rs.getString("referenced_table"), strings(rs.getArray("referenced_columns")),
                    action(rs.getString("on_delete")), action(rs.getString("on_update")),
                    rs.getBoolean("validated")));
            case "c" -> b.checks.add(new CheckConstraint(name, checkExpression(rs.getString("definition")),
                    rs.getBoolean("validated")));
            default -> {
            }
        }
    }

    /** pg_get_constraintdef prints "CHECK ((expr))" and maybe "NOT VALID"; keep the expression. */
    static String checkExpression(String definition) {
        String d = definition.trim();
        if (d.endsWith("NOT VALID")) {
            d = d.substring(0, d.length() - "NOT VALID".length()).trim();
        }
        if (d.startsWith("CHECK ")) {
            d = d.substring("CHECK ".length()).trim();
        }
        return d;
    }

    private static String action(String code) {
        if (code == null) {
            return "NO ACTION";
        }
        return switch (code) {
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            case "r" -> "RESTRICT";
            default -> "NO ACTION";
        };
    }

    private static Index index(ResultSet rs) throws SQLException {
        List<String> keys = strings(rs.getArray("keys"));
        Boolean[] expr = (Boolean[]) rs.getArray("is_expression").getArray();
        Boolean[] desc = (Boolean[]) rs.getArray("is_descending").getArray();
        int keyCount = rs.getInt("key_count");
        List<Index.IndexColumn> columns = new ArrayList<>();
        List<String> include = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (i < keyCount) {
                columns.add(new Index.IndexColumn(keys.get(i), Boolean.TRUE.equals(expr[i]),
                        i < desc.length && Boolean.TRUE.equals(desc[i])));
            } else {
                include.add(keys.get(i));
            }
        }
        return new Index(rs.getString("index_name"), columns, rs.getBoolean("is_unique"), rs.getString("method"),
                rs.getString("predicate"), include);
    }

    private static Sequence sequence(ResultSet rs) throws SQLException {
        return new Sequence(rs.getString("schema_name"), rs.getString("sequence_name"), rs.getString("data_type"),
                rs.getLong("start_value"), rs.getLong("increment_by"), rs.getLong("min_value"),
                rs.getLong("max_value"), rs.getBoolean("cycle"), rs.getLong("last_value"),
                rs.getBoolean("is_called"), rs.getString("owned_by"), List.of());
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.asList((String[]) array.getArray());
    }

    private static final class TableBuilder {
        final String schema;
        final String name;
        final long estimatedRows;
        final long sizeBytes;
        final String comment;
        final List<Column> columns = new ArrayList<>();
        final List<Key> uniqueKeys = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        final List<CheckConstraint> checks = new ArrayList<>();
        final List<Index> indexes = new ArrayList<>();
        Key primaryKey;

        TableBuilder(String schema, String name, long estimatedRows, long sizeBytes, String comment) {
            this.schema = schema;
            this.name = name;
            this.estimatedRows = estimatedRows;
            this.sizeBytes = sizeBytes;
            this.comment = comment;
        }

        String key() {
            return schema + "." + name;
        }

        Table build() {
            return new Table(schema, name, columns, primaryKey, uniqueKeys, foreignKeys, checks, indexes,
                    estimatedRows, sizeBytes, comment);
        }
    }
}
