package migratedb.assess;

/**
 * A schema object and whether the conversion creates it in SQL Server.
 *
 * @param kind       table, primary key, unique, index, foreign key, check, sequence, view, function, trigger...
 * @param name       schema.table or schema.table.object
 * @param converted  true when MigrateDB creates it
 * @param reason     why not (or what changed), or null
 * @param suggestion T-SQL we would suggest, or null
 */
public record AssessedObject(String kind, String name, boolean converted, String reason, String suggestion) {
}
