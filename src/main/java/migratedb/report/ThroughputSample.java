package migratedb.report;

/** Rows of a table copied by this run, {@code atMillis} after the copy started (cumulative, so samples can thin). */
public record ThroughputSample(long atMillis, String table, long rows) {
}
