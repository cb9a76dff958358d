package migratedb.assess;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/**
 * One thing the assessment found.
 *
 * @param severity "blocking" or "warning"
 * @param kind     the {@link FindingKind#id()}
 * @param table    source table (schema.table), or null
 * @param column   source column(s), or null
 * @param count    rows (or groups, or objects) concerned
 * @param samples  up to 5 sample keys, as "key -> value"
 * @param action   the decision the administrator can take
 * @param detail   what exactly was found
 * @param allowed  true when assess.allow lets a blocking finding pass
 */
public record Finding(String severity, String kind, String table, String column, long count, List<String> samples,
                      String action, String detail, boolean allowed) {
    public Finding {
        samples = samples == null ? List.of() : List.copyOf(samples);
    }

    public static Finding of(FindingKind kind, String table, String column, long count, List<String> samples,
                             String detail) {
        return new Finding(kind.severity(), kind.id(), table, column, count, samples, kind.action(), detail, false);
    }

    /** Blocking and not allowed: stops the migration. */
    @JsonIgnore
    public boolean stops() {
        return "blocking".equals(severity) && !allowed;
    }

    Finding allow(boolean isAllowed) {
        return new Finding(severity, kind, table, column, count, samples, action, detail, isAllowed);
    }
}
