package migratedb.source.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source server's version, as the server reported it at login (pgjdbc keeps its {@code server_version}, so
 * reading it costs no query). It decides which variant of a catalog query MigrateDB sends: every query asks only
 * for what the server has ({@link SourceQuery}).
 *
 * @param number like {@code server_version_num}: 90624 for 9.6.24, 100023 for 10.23, 180001 for 18.1
 * @param text   the version as the server prints it, e.g. {@code 16.4 (Debian 16.4-1.pgdg120+1)}
 */
public record PostgresVersion(int number, String text) {
    // first: the constants below are parsed with it
    private static final Pattern VERSION = Pattern.compile("^\\s*(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    /** The oldest PostgreSQL MigrateDB reads: 9.6, the last 9.x an application may still bundle. */
    public static final PostgresVersion OLDEST_SUPPORTED = parse("9.6");
    /** The newest major version the test suite migrates from; a newer one is read, with a warning. */
    public static final int NEWEST_TESTED_MAJOR = 18;

    /**
     * What the catalog queries use that not every supported version has, with the major version that brought it.
     * Features that need no variant of a query are listed too, with where they are handled, so this is the one
     * list of version differences MigrateDB knows.
     */
    public enum Feature {
        /** pg_attribute.attidentity: GENERATED ... AS IDENTITY columns. */
        IDENTITY_COLUMNS(10),
        /** Declarative partitioning: relkind 'p', pg_class.relispartition, pg_get_partkeydef. */
        DECLARATIVE_PARTITIONS(10),
        /** pg_stat_activity.backend_type (before 10 the view lists client sessions only). */
        BACKEND_TYPE(10),
        /** The pg_sequences view and sequences of types other than bigint. */
        PG_SEQUENCES(10),
        /** pg_index.indnkeyatts: INCLUDE columns of an index. */
        INCLUDED_INDEX_COLUMNS(11),
        /** pg_proc.prokind: procedures (before 11, aggregates are told by proisagg). */
        PROKIND(11),
        /** pg_attribute.attgenerated: stored generated columns. */
        GENERATED_COLUMNS(12),
        /** normalize(): Unicode decomposition, used to fold accents in the assessment's collation check. */
        NORMALIZE(13),
        /** TID range scans: a page-range chunk reads only its pages (copy.ChunkPlanner). */
        TID_RANGE_SCAN(14),
        /** numeric with a negative scale: columns.sql sign-extends the scale, which reads older typmods alike. */
        NEGATIVE_NUMERIC_SCALE(15),
        /** Virtual generated columns (attgenerated 'v'): copied with their computed values like stored ones. */
        VIRTUAL_GENERATED_COLUMNS(18);

        private final int sinceMajor;

        Feature(int sinceMajor) {
            this.sinceMajor = sinceMajor;
        }

        /** The major version that brought the feature. */
        public int sinceMajor() {
            return sinceMajor;
        }
    }

    /** The version the server on this connection reported at login. */
    public static PostgresVersion of(Connection connection) throws SQLException {
        return parse(connection.getMetaData().getDatabaseProductVersion());
    }

    /**
     * Reads a version as PostgreSQL prints it ({@code server_version}, {@code PG_VERSION}): "9.6.24", "9.6",
     * "10.23", "18beta1", "16.4 (Debian 16.4-1.pgdg120+1)".
     *
     * @throws IllegalArgumentException when the text does not start with a version number
     */
    public static PostgresVersion parse(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text);
        if (!m.find()) {
            throw new IllegalArgumentException("not a PostgreSQL version: " + text);
        }
        int major = Integer.parseInt(m.group(1));
        int second = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        int third = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        // from 10 on a version has two parts (major.minor); before, three (9.6.24: major 9.6, minor 24)
        int number = major >= 10 ? major * 10000 + second : major * 10000 + second * 100 + third;
        return new PostgresVersion(number, text.strip());
    }

    /** The major version as PostgreSQL names it: "9.6", "10", "18". */
    public String major() {
        return number >= 100000 ? Integer.toString(number / 10000) : (number / 10000) + "." + (number / 100 % 100);
    }

    /** The version number without its minor part: 90600 for 9.6.24, 100000 for 10.23. */
    public int majorNumber() {
        return number >= 100000 ? number / 10000 * 10000 : number / 100 * 100;
    }

    public boolean has(Feature feature) {
        return number >= feature.sinceMajor * 10000;
    }

    /** True from {@link #OLDEST_SUPPORTED} on. */
    public boolean supported() {
        return number >= OLDEST_SUPPORTED.number;
    }

    /** True for a major version newer than the test suite covers. */
    public boolean newerThanTested() {
        return number >= (NEWEST_TESTED_MAJOR + 1) * 10000;
    }

    @Override
    public String toString() {
        return text;
    }
}
