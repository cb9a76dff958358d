package migratedb.model;

import java.util.List;

/**
 * A secondary index (not backing a primary key or unique constraint).
 *
 * @param method    access method: btree, hash, gin, gist, brin, spgist
 * @param predicate WHERE clause of a partial index, or null
 */
public record Index(String name, List<IndexColumn> columns, boolean unique, String method, String predicate,
                    List<String> include) {
    public Index {
        columns = List.copyOf(columns);
        include = include == null ? List.of() : List.copyOf(include);
    }

    /** One index key: a column name, or an expression when {@code expression} is true. */
    public record IndexColumn(String nameOrExpression, boolean expression, boolean descending) {
    }
}
