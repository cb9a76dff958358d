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
 */
public record TargetColumn(Column source, String name, String sqlType, ValueKind valueKind, boolean lossy,
                           String note, boolean protectedColumn) {

    public TargetColumn withProtected(boolean isProtected) {
        return new TargetColumn(source, name, sqlType, valueKind, lossy, note, isProtected);
    }
}
