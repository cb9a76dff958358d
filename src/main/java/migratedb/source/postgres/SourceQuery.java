package migratedb.source.postgres;

import migratedb.source.postgres.PostgresVersion.Feature;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The catalog and activity queries MigrateDB sends to the source, each kept in its {@code .sql} resource, with what
 * it is for (a failing query names its purpose) and the version-dependent features it asks for. A query that uses
 * features some supported version lacks has a variant per boundary, a resource of its own: {@code columns.sql} asks
 * for identity columns (10), partitions (10) and generated columns (12), so {@code columns-pre10.sql} serves 9.6 and
 * {@code columns-pre12.sql} serves 10 and 11.
 */
public enum SourceQuery {
    TABLES("tables", "reading the list of tables", Feature.DECLARATIVE_PARTITIONS),
    COLUMNS("columns", "reading the tables' columns", Feature.IDENTITY_COLUMNS, Feature.DECLARATIVE_PARTITIONS,
            Feature.GENERATED_COLUMNS),
    CONSTRAINTS("constraints", "reading the keys, foreign keys and check constraints"),
    INDEXES("indexes", "reading the indexes", Feature.DECLARATIVE_PARTITIONS, Feature.INCLUDED_INDEX_COLUMNS),
    SEQUENCES("sequences", "reading the sequences", Feature.PG_SEQUENCES),
    SEQUENCE_STATE("sequence-state", "reading a sequence's current value"),
    OTHER_OBJECTS("other-objects", "listing the views, functions, triggers and other objects",
            Feature.DECLARATIVE_PARTITIONS, Feature.PROKIND),
    TYPES("types", "reading the enums and domains"),
    OTHER_SESSIONS("other-sessions", "checking for other sessions on the source database", Feature.BACKEND_TYPE),
    COLLATION_FOLD("checks/collation-fold", "checking keys for values equal under the target collation",
            Feature.NORMALIZE);

    private final String name;
    private final String purpose;
    private final List<Feature> features;

    SourceQuery(String name, String purpose, Feature... features) {
        this.name = name;
        this.purpose = purpose;
        this.features = Arrays.stream(features).sorted(Comparator.comparingInt(Feature::sinceMajor)).toList();
    }

    /** What the query is for, e.g. "reading the tables' columns". */
    public String purpose() {
        return purpose;
    }

    /** The features this query asks for in its newest form. */
    public List<Feature> features() {
        return features;
    }

    /**
     * The resource for a server: {@code <name>-pre<N>.sql} for the oldest feature it lacks (N: the version that
     * brought it), else {@code <name>.sql}.
     */
    public String resource(PostgresVersion version) {
        return features.stream().filter(f -> !version.has(f)).findFirst()
                .map(f -> name + "-pre" + f.sinceMajor() + ".sql").orElse(name + ".sql");
    }

    /** The query text for a server. */
    public String sql(PostgresVersion version) {
        return SqlResource.load(resource(version));
    }

    /** "reading the tables' columns (columns-pre12.sql)": the purpose and the resource a failure names. */
    public String describe(PostgresVersion version) {
        return purpose + " (" + resource(version) + ")";
    }
}
