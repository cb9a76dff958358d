package migratedb.report;

/** A table that is never copied (e.g. personal passwords), with its row count so nothing is silently left. */
public record ExcludedTable(String name, long rows, String reason) {
}
