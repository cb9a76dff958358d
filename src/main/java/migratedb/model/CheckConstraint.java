package migratedb.model;

/**
 * A check constraint with its PostgreSQL expression (pg_get_constraintdef without the CHECK keyword).
 *
 * @param validated false for a constraint added NOT VALID: existing rows may violate it
 */
public record CheckConstraint(String name, String expression, boolean validated) {
    public CheckConstraint(String name, String expression) {
        this(name, expression, true);
    }
}
