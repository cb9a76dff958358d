package migratedb.model;

/**
 * A column as it will exist in the target.
 *
 * @param source      the PostgreSQL column it comes from
 * @param name        target column name (usually the source name)
 * @param sqlType     target type in T-SQL, e.g. {@code NVARCHAR(50)}
 * @param valueKind   how its values travel
 * @param lossy       true when the mapping can lose information (named in the assessment)
 * @param note        why the mapping was chosen, for the assessment and the DDL comments
 * @param protectedColumn true when values are stored encrypted with the symmetric key
 * @param collation   the column's own collation (COLLATE in the table's DDL), or null for the database's: MigrateDB
 *                    gives one only to keep PostgreSQL's comparison of a key (see mapping.KeyCollations)
 */
public record TargetColumn(Column source, String name, String sqlType, ValueKind valueKind, boolean lossy,
                           String note, boolean protectedColumn, String collation) {

    /** A column with the database's collation. */
    public TargetColumn(Column source, String name, String sqlType, ValueKind valueKind, boolean lossy, String note,
                        boolean protectedColumn) {
        this(source, name, sqlType, valueKind, lossy, note, protectedColumn, null);
    }

    public TargetColumn withProtected(boolean isProtected) {
        return new TargetColumn(source, name, sqlType, valueKind, lossy, note, isProtected, collation);
    }

    public TargetColumn withCollation(String columnCollation) {
        return new TargetColumn(source, name, sqlType, valueKind, lossy, note, protectedColumn, columnCollation);
    }
}
