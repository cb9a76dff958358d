package migratedb.model;

import java.util.List;

/**
 * A user-defined type the columns may use: an enum with its labels, or a domain with its base type and CHECKs.
 *
 * @param displayName the name as {@code format_type} prints it in {@link Column#sourceType()} (schema-qualified
 *                    when the schema is not on the search path)
 * @param labels      enum labels in their sort order (empty for a domain)
 * @param checks      domain CHECK expressions with {@code VALUE} standing for the column (empty for an enum)
 */
public record UserType(String schema, String name, String displayName, Kind kind, String baseType,
                       List<String> labels, List<String> checks) {
    public enum Kind { ENUM, DOMAIN }

    public UserType {
        labels = labels == null ? List.of() : List.copyOf(labels);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }
}
