package migratedb.model;

/**
 * A source column as PostgreSQL describes it, before any mapping.
 *
 * @param sourceType   the type as PostgreSQL prints it ({@code format_type}), e.g. {@code character varying(50)}
 * @param baseType     the type's name after resolving domains, e.g. {@code varchar}, {@code int4}, {@code _text}
 * @param kind         what sort of type the base type is (plain, enum, array, range, ...)
 * @param length       declared character or bit length, or null
 * @param precision    declared numeric precision, or null (numeric without precision)
 * @param scale        declared numeric scale, or null
 * @param defaultExpression the column default as PostgreSQL prints it, or null
 */
public record Column(
        String name,
        int position,
        String sourceType,
        String baseType,
        TypeKind kind,
        Integer length,
        Integer precision,
        Integer scale,
        boolean nullable,
        String defaultExpression,
        Identity identity,
        String comment) {

    public enum TypeKind { BASE, ENUM, DOMAIN, ARRAY, RANGE, COMPOSITE, OTHER }

    /**
     * How a column gets its values generated, if at all. GENERATED is a stored generated column (GENERATED ALWAYS
     * AS (expression) STORED): its default expression is the generation expression, and its values are copied.
     */
    public enum Identity { NONE, ALWAYS, BY_DEFAULT, SERIAL, GENERATED }

    /** An identity or serial column (a generated column is none). */
    public boolean isIdentity() {
        return identity != Identity.NONE && identity != Identity.GENERATED;
    }
}
