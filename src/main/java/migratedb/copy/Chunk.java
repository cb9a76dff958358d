package migratedb.copy;

/**
 * One unit of copy, commit and resume: a key range of a table ({@code [lo, hi)} of {@code rangeColumn}), or the
 * whole table when it has no integer key to split on ({@code rangeColumn == null}).
 */
public record Chunk(String table, int number, String rangeColumn, Long lo, Long hi) {
    public boolean ranged() {
        return rangeColumn != null;
    }

    /** "public.audit_log chunk 3 [400000, 600000)" for logs, rejects and mismatch messages. */
    public String describe() {
        return table + " chunk " + number + (ranged() ? " [" + rangeColumn + " " + lo + ", " + hi + ")" : " (whole table)");
    }
}
