package migratedb.copy;

/**
 * One unit of copy, commit and resume: a key range of a table ({@code [lo, hi)} of {@code rangeColumn}), a range of
 * heap pages ({@code rangeColumn == "ctid"}, a name no user column can have in PostgreSQL), or the whole table
 * ({@code rangeColumn == null}).
 */
public record Chunk(String table, int number, String rangeColumn, Long lo, Long hi) {
    /** The range column of a page-range chunk: PostgreSQL's tuple id. */
    public static final String PAGES = "ctid";

    public boolean ranged() {
        return rangeColumn != null;
    }

    /** True when the range is one of key values, which the target can select too (page ranges exist only in the source). */
    public boolean keyRange() {
        return rangeColumn != null && !PAGES.equals(rangeColumn);
    }

    public boolean pageRange() {
        return PAGES.equals(rangeColumn);
    }

    /** "public.audit_log chunk 3 [id 400000, 600000)" for logs, rejects and mismatch messages. */
    public String describe() {
        if (pageRange()) {
            return table + " chunk " + number + " [source pages " + lo + ", "
                    + (hi == ChunkPlanner.LAST_PAGE ? "end" : hi) + ")";
        }
        return table + " chunk " + number + (ranged() ? " [" + rangeColumn + " " + lo + ", " + hi + ")" : " (whole table)");
    }
}
