package migratedb.assess;

import com.fasterxml.jackson.annotation.JsonIgnore;
import migratedb.mapping.KeyCollations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The assessment of one source against SQL Server's rules, written as reports/<run-id>/assessment.json and
 * assessment.md. Holds no secret.
 *
 * @param sourceVersion the source's PostgreSQL version as it reports it (e.g. 9.6.24)
 * @param collation     the target collation the data was checked against
 * @param allowed       the blocking kinds the administrator allowed (assess.allow)
 * @param collations    columns MigrateDB creates with their own (binary) collation, and why: an allowed
 *                      collation-duplicate key keeps PostgreSQL's comparison
 */
public record Assessment(String runId, Instant createdAt, String source, String sourceVersion, String target,
                         String collation, List<String> allowed, List<Finding> findings, List<AssessedObject> objects,
                         List<KeyCollations.ColumnCollation> collations) {
    public Assessment {
        allowed = List.copyOf(allowed);
        findings = List.copyOf(findings);
        objects = List.copyOf(objects);
        collations = collations == null ? List.of() : List.copyOf(collations);
    }

    /** Blocking findings that are not allowed: the migration refuses to start while there is one. */
    @JsonIgnore
    public List<Finding> stopping() {
        return findings.stream().filter(Finding::stops).toList();
    }

    /** Number of findings per kind id. */
    @JsonIgnore
    public Map<String, Long> countByKind() {
        Map<String, Long> out = new TreeMap<>();
        findings.forEach(f -> out.merge(f.kind(), 1L, Long::sum));
        return out;
    }

    /** The small summary the run report carries. */
    public Summary summary() {
        long blocking = findings.stream().filter(f -> "blocking".equals(f.severity())).count();
        return new Summary(runId, blocking, stopping().size(), findings.size() - blocking,
                objects.stream().filter(o -> !o.converted()).count(), countByKind());
    }

    /**
     * @param blocking    blocking findings (allowed or not)
     * @param stopping    blocking findings not allowed
     * @param warnings    warning findings
     * @param notConverted objects not created in SQL Server
     */
    public record Summary(String runId, long blocking, long stopping, long warnings, long notConverted,
                          Map<String, Long> byKind) {
    }
}
