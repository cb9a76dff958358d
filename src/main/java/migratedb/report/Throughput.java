package migratedb.report;

import java.util.List;
import java.util.Map;

/**
 * The copy's progress over time, for the report's charts.
 *
 * @param samples     cumulative rows per table over time
 * @param sourceBytes each table's size in the source (PostgreSQL's on-disk size of table, TOAST and indexes)
 */
public record Throughput(List<ThroughputSample> samples, Map<String, Long> sourceBytes) {
    public static final Throughput EMPTY = new Throughput(List.of(), Map.of());

    public Throughput {
        samples = samples == null ? List.of() : List.copyOf(samples);
        sourceBytes = sourceBytes == null ? Map.of() : Map.copyOf(sourceBytes);
    }
}
