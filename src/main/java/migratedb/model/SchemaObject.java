package migratedb.model;

/** A schema object that is not converted automatically (view, function, trigger, rule, ...), kept for the assessment. */
public record SchemaObject(String kind, String schema, String name, String definition) {
}
