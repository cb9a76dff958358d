package migratedb.source.postgres;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule that picks a catalog query's variant for a server, and the variants it can pick. */
class SourceQueryTest {
    private static final List<String> SUPPORTED = List.of("9.6.24", "10.23", "11.22", "12.22", "13.18", "14.19",
            "15.14", "16.10", "17.6", "18.1");

    @Test
    void eachVersionGetsTheVariantOfTheOldestFeatureItLacks() {
        assertEquals("columns-pre10.sql", SourceQuery.COLUMNS.resource(PostgresVersion.parse("9.6.24")));
        assertEquals("columns-pre12.sql", SourceQuery.COLUMNS.resource(PostgresVersion.parse("10.23")));
        assertEquals("columns-pre12.sql", SourceQuery.COLUMNS.resource(PostgresVersion.parse("11.22")));
        assertEquals("columns.sql", SourceQuery.COLUMNS.resource(PostgresVersion.parse("12.0")));
        assertEquals("columns.sql", SourceQuery.COLUMNS.resource(PostgresVersion.parse("18.1")));
        assertEquals("other-sessions-pre10.sql", SourceQuery.OTHER_SESSIONS.resource(PostgresVersion.parse("9.6")));
        assertEquals("other-sessions.sql", SourceQuery.OTHER_SESSIONS.resource(PostgresVersion.parse("10.1")));
        assertEquals("constraints.sql", SourceQuery.CONSTRAINTS.resource(PostgresVersion.parse("9.6.24")));
        assertEquals("checks/collation-fold-pre13.sql",
                SourceQuery.COLLATION_FOLD.resource(PostgresVersion.parse("12.22")));
    }

    @Test
    void everySupportedVersionFindsEveryQuery() {
        for (SourceQuery q : SourceQuery.values()) {
            for (String v : SUPPORTED) {
                String sql = q.sql(PostgresVersion.parse(v));
                assertTrue(!sql.isBlank(), q + " for " + v);
            }
        }
    }

    @Test
    void everyVariantOnDiskIsOneTheRuleCanPick() throws IOException, URISyntaxException {
        Set<String> picked = new HashSet<>();
        for (SourceQuery q : SourceQuery.values()) {
            SUPPORTED.forEach(v -> picked.add(q.resource(PostgresVersion.parse(v))));
        }
        Path dir = Path.of(SourceQuery.class.getResource("columns.sql").toURI()).getParent();
        Set<String> variants;
        try (Stream<Path> files = Files.walk(dir)) {
            variants = files.map(f -> dir.relativize(f).toString()).filter(f -> f.matches(".*-pre\\d+\\.sql"))
                    .collect(Collectors.toSet());
        }
        assertTrue(picked.containsAll(variants), "variants no version picks: " + variants.stream()
                .filter(v -> !picked.contains(v)).toList());
    }

    @Test
    void aVariantAsksForNoFeatureTheServersItServesLack() {
        assertFalse(code(SourceQuery.COLUMNS, "9.6").contains("attidentity"));
        assertFalse(code(SourceQuery.COLUMNS, "9.6").contains("relispartition"));
        assertTrue(code(SourceQuery.COLUMNS, "11.22").contains("attidentity"));
        assertFalse(code(SourceQuery.COLUMNS, "11.22").contains("attgenerated"));
        assertFalse(code(SourceQuery.INDEXES, "10.23").contains("indnkeyatts"));
        assertFalse(code(SourceQuery.OTHER_OBJECTS, "10.23").contains("prokind"));
        assertFalse(code(SourceQuery.SEQUENCES, "9.6").contains("pg_sequences"));
        assertFalse(code(SourceQuery.COLLATION_FOLD, "12.22").contains("normalize"));
    }

    /** A query's text for a version without its comment lines. */
    private static String code(SourceQuery q, String version) {
        return q.sql(PostgresVersion.parse(version)).lines().filter(l -> !l.strip().startsWith("--"))
                .collect(Collectors.joining("\n"));
    }
}
