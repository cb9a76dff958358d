package migratedb.model;

import java.util.List;

/**
 * A sequence with its current state, so that the target continues where the source stopped
 * (not at max(id)+1, which is wrong for sequences shared by several tables).
 *
 * @param lastValue last_value of the sequence
 * @param called    is_called: whether lastValue has been handed out already
 * @param ownedBy   "table.column" for serial/identity sequences, or null
 * @param usedBy    "table.column" of every column whose default calls nextval on it
 */
public record Sequence(String schema, String name, String dataType, long start, long increment, long min, long max,
                       boolean cycle, long lastValue, boolean called, String ownedBy, List<String> usedBy) {
    public Sequence {
        usedBy = usedBy == null ? List.of() : List.copyOf(usedBy);
    }

    /** The value the next nextval() would return in the source. */
    public long nextValue() {
        return called ? lastValue + increment : lastValue;
    }
}
