package migratedb.report;

/** How long one pipeline stage took. */
public record StageTiming(String stage, long millis) {
}
