package migratedb.mapping;

import migratedb.model.Column;
import migratedb.model.Table;
import migratedb.model.TargetColumn;
import migratedb.model.TargetTable;
import migratedb.model.ValueKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL type → SQL Server type. The rules are the README's mapping table; every lossy rule says so.
 */
public final class TypeMapper {

    /** Maps one table into the given target schema; protected columns are "schema.table.column" names. */
    public TargetTable map(Table table, String targetSchema, Set<String> protectedColumns) {
        List<TargetColumn> columns = new ArrayList<>();
        for (Column c : table.columns()) {
            TargetColumn tc = map(c);
            if (protectedColumns.contains(table.qualifiedName() + "." + c.name())) {
                tc = tc.withProtected(true);
            }
            columns.add(tc);
        }
        return new TargetTable(table, targetSchema, table.name(), columns);
    }

    public TargetColumn map(Column c) {
        if (c.kind() == Column.TypeKind.ARRAY) {
            return text(c, "NVARCHAR(MAX)", true, "array stored as its PostgreSQL text form");
        }
        if (c.kind() == Column.TypeKind.ENUM) {
            return text(c, "NVARCHAR(255)", false, "enum stored as its label");
        }
        return switch (c.baseType()) {
            case "int2" -> of(c, "SMALLINT", ValueKind.INT16);
            case "int4" -> of(c, "INT", ValueKind.INT32);
            case "int8" -> of(c, "BIGINT", ValueKind.INT64);
            case "numeric" -> numeric(c);
            case "float4" -> of(c, "REAL", ValueKind.FLOAT32);
            case "float8" -> of(c, "FLOAT", ValueKind.FLOAT64);
            case "money" -> new TargetColumn(c, c.name(), "DECIMAL(19,2)", ValueKind.DECIMAL, false,
                    "money as exact decimal", false);
            case "bool" -> of(c, "BIT", ValueKind.BOOLEAN);
            case "varchar" -> c.length() == null || c.length() > 4000
                    ? text(c, "NVARCHAR(MAX)", false, null)
                    : text(c, "NVARCHAR(" + c.length() + ")", false, null);
            case "bpchar" -> c.length() == null || c.length() > 4000
                    ? text(c, "NVARCHAR(MAX)", false, null)
                    : text(c, "NCHAR(" + c.length() + ")", false, null);
            case "text", "name", "citext" -> text(c, "NVARCHAR(MAX)", false, null);
            case "bytea" -> of(c, "VARBINARY(MAX)", ValueKind.BYTES);
            case "uuid" -> of(c, "UNIQUEIDENTIFIER", ValueKind.UUID);
            case "date" -> of(c, "DATE", ValueKind.DATE);
            case "time" -> of(c, "TIME(" + fraction(c) + ")", ValueKind.TIME);
            case "timestamp" -> of(c, "DATETIME2(" + fraction(c) + ")", ValueKind.TIMESTAMP);
            case "timestamptz" -> of(c, "DATETIMEOFFSET(" + fraction(c) + ")", ValueKind.TIMESTAMPTZ);
            case "json", "jsonb" -> text(c, "NVARCHAR(MAX)", false, "JSON text; query with OPENJSON/JSON_VALUE");
            case "xml" -> text(c, "XML", false, null);
            default -> text(c, "NVARCHAR(MAX)", true, c.sourceType() + " stored as its PostgreSQL text form");
        };
    }

    private static int fraction(Column c) {
        return c.precision() == null ? 6 : Math.min(c.precision(), 7);
    }

    private static TargetColumn numeric(Column c) {
        if (c.precision() == null) {
            return new TargetColumn(c, c.name(), "DECIMAL(38,10)", ValueKind.DECIMAL, true,
                    "numeric without precision: values beyond 28 integer digits or 10 decimals do not fit", false);
        }
        if (c.precision() > 38) {
            return new TargetColumn(c, c.name(), "DECIMAL(38," + Math.min(c.scale(), 38) + ")", ValueKind.DECIMAL,
                    true, "numeric(" + c.precision() + ") exceeds SQL Server's 38 digits", false);
        }
        return of(c, "DECIMAL(" + c.precision() + "," + c.scale() + ")", ValueKind.DECIMAL);
    }

    private static TargetColumn of(Column c, String sqlType, ValueKind kind) {
        return new TargetColumn(c, c.name(), sqlType, kind, false, null, false);
    }

    private static TargetColumn text(Column c, String sqlType, boolean lossy, String note) {
        return new TargetColumn(c, c.name(), sqlType, ValueKind.STRING, lossy, note, false);
    }
}
