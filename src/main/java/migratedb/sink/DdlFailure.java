package migratedb.sink;

/**
 * What a refused DDL statement means, as the target's error says it: each kind has its own catalogue entry, so a
 * duplicate key is never reported as a permission problem. The dialect classifies (SQL Server by its error numbers,
 * the H2 stand-in by H2's codes onto the same kinds).
 *
 * @param kind   the class of failure
 * @param detail what the target named: the duplicate key's values, the constraint in conflict, or "" when it named
 *               nothing more than its message
 */
public record DdlFailure(Kind kind, String detail) {

    public enum Kind {
        /** a unique key or index cannot be built: two rows have equal keys (SQL Server 1505, 2627, 2601) */
        DUPLICATE_KEY,
        /** existing rows break a foreign key or CHECK created WITH CHECK (SQL Server 547) */
        CONSTRAINT_CONFLICT,
        /** a foreign key whose cascade forms a cycle or a second path (SQL Server 1785) */
        CASCADE_PATHS,
        /** the object exists already (SQL Server 2714, 1913, 1779, 2705, 15233) */
        ALREADY_EXISTS,
        /** the login lacks a permission (SQL Server 229, 230, 262, 297, 300, 916, 2557, 2571, 15247 ...) */
        PERMISSION_DENIED,
        /** anything else: the target's message says it */
        OTHER
    }

    public DdlFailure {
        detail = detail == null ? "" : detail;
    }

    public static DdlFailure of(Kind kind) {
        return new DdlFailure(kind, "");
    }
}
