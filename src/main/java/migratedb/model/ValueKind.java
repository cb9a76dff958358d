package migratedb.model;

/**
 * How a value travels between the databases as a Java object. The reader produces it, the writers bind it and
 * the verifier normalizes it: all three agree through this one enum.
 */
public enum ValueKind {
    /** java.lang.Boolean */
    BOOLEAN,
    /** java.lang.Short */
    INT16,
    /** java.lang.Integer */
    INT32,
    /** java.lang.Long */
    INT64,
    /** java.math.BigDecimal */
    DECIMAL,
    /** java.lang.Float */
    FLOAT32,
    /** java.lang.Double */
    FLOAT64,
    /** java.lang.String (also json, xml, interval, arrays, network types: moved as their text form) */
    STRING,
    /** byte[] */
    BYTES,
    /** java.util.UUID */
    UUID,
    /** java.time.LocalDate */
    DATE,
    /** java.time.LocalTime */
    TIME,
    /** java.time.LocalDateTime */
    TIMESTAMP,
    /** java.time.OffsetDateTime, always in UTC */
    TIMESTAMPTZ
}
