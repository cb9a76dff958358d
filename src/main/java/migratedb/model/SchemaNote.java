package migratedb.model;

/**
 * Something the schema conversion could not do as PostgreSQL does it, or did with a change the administrator
 * must know about. The assessment turns each note into a finding (or an entry of its object list).
 *
 * @param issue      what sort of note
 * @param table      source table (schema.table), or null for schema-wide objects
 * @param column     source column, or null
 * @param object     the object concerned (constraint, index, view, function...), or null
 * @param detail     what happened, in one sentence
 * @param suggestion the T-SQL we would suggest instead, or null
 */
public record SchemaNote(Issue issue, String table, String column, String object, String detail, String suggestion) {

    /** The kinds of note; the assessment maps each to a finding kind with its severity. */
    public enum Issue {
        /** a column type that can lose information or behaviour (named in the README's mapping table) */
        LOSSY_TYPE,
        /** a type override from conf/type-mapping.properties or mapping.* settings was applied */
        TYPE_OVERRIDE,
        /** a CHECK constraint whose expression has no T-SQL translation */
        CHECK_NOT_TRANSLATED,
        /** a column default that has no T-SQL translation */
        DEFAULT_NOT_TRANSLATED,
        /** an index that is not created (GIN, GiST, expression or predicate without translation...) */
        INDEX_NOT_CONVERTED,
        /** a partial index whose predicate SQL Server cannot filter on: created over the whole table */
        INDEX_WIDENED,
        /** an expression index created on a computed column that MigrateDB adds */
        INDEX_ON_COMPUTED_COLUMN,
        /** a stored generated column: its values are copied into a plain column that SQL Server does not recompute */
        GENERATED_COLUMN_COPIED,
        /** a view, function, procedure, trigger, rule, partitioning or exclusion constraint: not converted */
        OBJECT_NOT_CONVERTED,
        /** a table that inherits from another (PostgreSQL reads the parent's rows together with the child's) */
        TABLE_INHERITANCE,
        /** two names that differ only by case, which SQL Server's case-insensitive collation treats as one */
        NAME_COLLISION,
        /** a generated or colliding constraint/index name that MigrateDB renamed */
        NAME_CHANGED,
        /** a name that is a T-SQL reserved word: always needs brackets in application SQL */
        RESERVED_WORD,
        /** a foreign key whose cascading action SQL Server refuses (cycle or multiple cascade paths) */
        CASCADE_PATH,
        /** a foreign key SQL Server cannot hold as it is (e.g. it references a filtered unique index) */
        FOREIGN_KEY_NOT_CONVERTED,
        /** a foreign key to a table that is not migrated */
        EXCLUDED_REFERENCE,
        /** a primary key or index SQL Server cannot hold (too many key columns) */
        INDEX_TOO_WIDE,
        /** a comment that is not carried over */
        COMMENT_NOT_CONVERTED
    }
}
