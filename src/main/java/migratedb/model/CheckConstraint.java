package migratedb.model;

/** A check constraint with its PostgreSQL expression (pg_get_constraintdef without the CHECK keyword). */
public record CheckConstraint(String name, String expression) {
}
