package migratedb.sink.sqlserver;

import migratedb.model.TargetColumn;
import migratedb.model.ValueKind;
import migratedb.sink.sqlserver.PgExpression.Array;
import migratedb.sink.sqlserver.PgExpression.Binary;
import migratedb.sink.sqlserver.PgExpression.Bool;
import migratedb.sink.sqlserver.PgExpression.Call;
import migratedb.sink.sqlserver.PgExpression.Cast;
import migratedb.sink.sqlserver.PgExpression.Column;
import migratedb.sink.sqlserver.PgExpression.DomainValue;
import migratedb.sink.sqlserver.PgExpression.IsNull;
import migratedb.sink.sqlserver.PgExpression.Keyword;
import migratedb.sink.sqlserver.PgExpression.Negate;
import migratedb.sink.sqlserver.PgExpression.Not;
import migratedb.sink.sqlserver.PgExpression.Null;
import migratedb.sink.sqlserver.PgExpression.Number;
import migratedb.sink.sqlserver.PgExpression.Quantified;
import migratedb.sink.sqlserver.PgExpression.Text;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Translates PostgreSQL expressions (CHECK constraints, partial-index predicates, index expressions) into T-SQL.
 * Only what it understands is translated; everything else returns empty and is reported by the assessment, never
 * guessed.
 */
final class ExpressionTranslator {
    private static final Set<String> TEXT_TYPES = Set.of("text", "character varying", "varchar", "bpchar",
            "character", "name", "citext", "char");
    private static final Set<String> NUMBER_TYPES = Set.of("numeric", "integer", "bigint", "smallint", "real",
            "double precision", "int", "int2", "int4", "int8", "float4", "float8", "decimal");
    private static final Map<String, String> TEMPORAL_TYPES = Map.of("date", "DATE",
            "timestamp without time zone", "DATETIME2", "timestamp", "DATETIME2",
            "timestamp with time zone", "DATETIMEOFFSET", "time without time zone", "TIME", "time", "TIME");
    private static final Set<String> COMPARE = Set.of("=", "<>", "!=", "<", ">", "<=", ">=");

    private final SqlServerDialect dialect;
    private final Function<String, Optional<TargetColumn>> columns;
    private final String domainColumn;

    /**
     * @param columns      finds a target column by its source name
     * @param domainColumn the source column that {@code VALUE} stands for in a domain CHECK, or null
     */
    ExpressionTranslator(SqlServerDialect dialect, Function<String, Optional<TargetColumn>> columns,
                         String domainColumn) {
        this.dialect = dialect;
        this.columns = columns;
        this.domainColumn = domainColumn;
    }

    /** A search condition for CHECK (...). */
    Optional<String> predicate(String pgExpression) {
        return PgExpression.parse(pgExpression).flatMap(e -> attempt(() -> predicate(e)));
    }

    /**
     * A filtered index's WHERE: only what SQL Server's filter grammar allows — column op constant, column IS [NOT]
     * NULL and column IN (constants), joined by AND.
     */
    Optional<String> filter(String pgExpression) {
        return PgExpression.parse(pgExpression).filter(this::filterable).flatMap(e -> attempt(() -> filter(e)));
    }

    /** A scalar expression (for a computed column). */
    Optional<String> value(String pgExpression) {
        return PgExpression.parse(pgExpression).flatMap(e -> attempt(() -> value(e)));
    }

    /** The source columns an expression refers to (for naming a computed column). */
    static List<String> columnsOf(String pgExpression) {
        return PgExpression.tokenize(pgExpression).stream()
                .filter(t -> t.kind() == 'q' || t.kind() == 'w').map(PgExpression.Token::text).distinct().toList();
    }

    private static final class Untranslatable extends RuntimeException {
        Untranslatable(String why) {
            super(why, null, false, false);
        }
    }

    private interface Render {
        String render();
    }

    private static Optional<String> attempt(Render r) {
        try {
            return Optional.of(r.render());
        } catch (Untranslatable | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // --- predicates -----------------------------------------------------------------------------------------

    private String predicate(PgExpression e) {
        if (e instanceof Binary b && (b.op().equals("AND") || b.op().equals("OR"))) {
            return "(" + predicate(b.left()) + " " + b.op() + " " + predicate(b.right()) + ")";
        }
        if (e instanceof Not n) {
            if (isBooleanColumn(n.operand())) {
                return value(n.operand()) + " = 0";
            }
            return "NOT (" + predicate(n.operand()) + ")";
        }
        if (e instanceof Binary b && COMPARE.contains(b.op())) {
            return value(b.left()) + " " + (b.op().equals("!=") ? "<>" : b.op()) + " " + value(b.right());
        }
        if (e instanceof Binary b && b.op().contains("~~")) {
            String like = b.op().startsWith("!") ? " NOT LIKE " : " LIKE ";
            return value(b.left()) + like + value(b.right());
        }
        if (e instanceof IsNull n) {
            return value(n.operand()) + (n.negated() ? " IS NOT NULL" : " IS NULL");
        }
        if (e instanceof Quantified q) {
            String list = q.values().stream().map(this::value).collect(Collectors.joining(", "));
            if (q.op().equals("=") && !q.all()) {
                return value(q.left()) + " IN (" + list + ")";
            }
            if ((q.op().equals("<>") || q.op().equals("!=")) && q.all()) {
                return value(q.left()) + " NOT IN (" + list + ")";
            }
            throw new Untranslatable(q.op() + (q.all() ? " ALL" : " ANY"));
        }
        if (isBooleanColumn(e)) {
            return value(e) + " = 1";
        }
        if (e instanceof Bool b) {
            return b.value() ? "1 = 1" : "1 = 0";
        }
        if (e instanceof Cast c && c.type().startsWith("bool")) {
            return predicate(c.operand());
        }
        throw new Untranslatable("not a condition: " + e);
    }

    private boolean isBooleanColumn(PgExpression e) {
        PgExpression inner = e instanceof Cast c ? c.operand() : e;
        return (inner instanceof Column || inner instanceof DomainValue) && column(inner).valueKind() == ValueKind.BOOLEAN;
    }

    // --- filtered index predicates ----------------------------------------------------------------------------

    private boolean filterable(PgExpression e) {
        if (e instanceof Binary b && b.op().equals("AND")) {
            return filterable(b.left()) && filterable(b.right());
        }
        if (e instanceof Binary b && COMPARE.contains(b.op())) {
            return (isColumn(b.left()) && isConstant(b.right())) || (isConstant(b.left()) && isColumn(b.right()));
        }
        if (e instanceof IsNull n) {
            return isColumn(n.operand());
        }
        if (e instanceof Quantified q) {
            return q.op().equals("=") && !q.all() && isColumn(q.left())
                    && q.values().stream().allMatch(ExpressionTranslator::isConstant);
        }
        if (e instanceof Not n) {
            return isColumn(n.operand()) && safeBoolean(n.operand());
        }
        return isColumn(e) && safeBoolean(e);
    }

    private boolean safeBoolean(PgExpression e) {
        try {
            return isBooleanColumn(e);
        } catch (Untranslatable u) {
            return false;
        }
    }

    private String filter(PgExpression e) {
        if (e instanceof Binary b && b.op().equals("AND")) {
            return filter(b.left()) + " AND " + filter(b.right());
        }
        if (e instanceof Binary b && COMPARE.contains(b.op()) && isConstant(b.left())) {
            return predicate(new Binary(flip(b.op()), b.right(), b.left()));
        }
        String p = predicate(e);
        return p.startsWith("(") && p.endsWith(")") ? p.substring(1, p.length() - 1) : p;
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case ">" -> "<";
            case "<=" -> ">=";
            case ">=" -> "<=";
            default -> op;
        };
    }

    private static boolean isColumn(PgExpression e) {
        return e instanceof Column || (e instanceof Cast c && c.operand() instanceof Column);
    }

    private static boolean isConstant(PgExpression e) {
        return e instanceof Text || e instanceof Number || e instanceof Bool || e instanceof Null
                || (e instanceof Negate n && n.operand() instanceof Number)
                || (e instanceof Cast c && isConstant(c.operand()));
    }

    // --- values -----------------------------------------------------------------------------------------------

    private String value(PgExpression e) {
        if (e instanceof Column || e instanceof DomainValue) {
            return dialect.quote(column(e).name());
        }
        if (e instanceof Text t) {
            return dialect.literal(t.value());
        }
        if (e instanceof Number n) {
            return n.digits();
        }
        if (e instanceof Bool b) {
            return b.value() ? "1" : "0";
        }
        if (e instanceof Null) {
            return "NULL";
        }
        if (e instanceof Negate n) {
            return "-" + value(n.operand());
        }
        if (e instanceof Keyword k) {
            return keyword(k.word());
        }
        if (e instanceof Call c) {
            return call(c);
        }
        if (e instanceof Cast c) {
            return cast(c);
        }
        if (e instanceof Binary b && Set.of("+", "-", "*", "/", "%").contains(b.op())) {
            return "(" + value(b.left()) + " " + b.op() + " " + value(b.right()) + ")";
        }
        if (e instanceof Binary b && b.op().equals("||")) {
            return "(" + value(b.left()) + " + " + value(b.right()) + ")";
        }
        throw new Untranslatable("no value: " + e);
    }

    private TargetColumn column(PgExpression e) {
        String name = e instanceof Column c ? c.name() : domainColumn;
        if (e instanceof Cast c) {
            return column(c.operand());
        }
        if (name == null) {
            throw new Untranslatable("VALUE outside a domain");
        }
        return columns.apply(name).orElseThrow(() -> new Untranslatable("unknown column " + name));
    }

    private String keyword(String word) {
        return switch (word) {
            case "current_date" -> "CAST(" + dialect.currentTimestamp("DATETIME2") + " AS DATE)";
            case "current_timestamp" -> dialect.currentTimestamp("DATETIMEOFFSET");
            case "localtimestamp" -> dialect.currentTimestamp("DATETIME2");
            default -> throw new Untranslatable(word);
        };
    }

    private String call(Call c) {
        List<String> args = c.args().stream().map(this::value).toList();
        return switch (c.function() + "/" + args.size()) {
            case "lower/1" -> "LOWER(" + args.get(0) + ")";
            case "upper/1" -> "UPPER(" + args.get(0) + ")";
            case "length/1", "char_length/1", "character_length/1" -> length(c.args().get(0), args.get(0));
            case "btrim/1" -> "LTRIM(RTRIM(" + args.get(0) + "))";
            case "ltrim/1" -> "LTRIM(" + args.get(0) + ")";
            case "rtrim/1" -> "RTRIM(" + args.get(0) + ")";
            case "abs/1" -> "ABS(" + args.get(0) + ")";
            case "floor/1" -> "FLOOR(" + args.get(0) + ")";
            case "ceil/1", "ceiling/1" -> "CEILING(" + args.get(0) + ")";
            case "round/1" -> "ROUND(" + args.get(0) + ", 0)";
            case "round/2" -> "ROUND(" + args.get(0) + ", " + args.get(1) + ")";
            case "mod/2" -> "(" + args.get(0) + " % " + args.get(1) + ")";
            case "substr/3", "substring/3" -> "SUBSTRING(" + String.join(", ", args) + ")";
            case "now/0", "transaction_timestamp/0", "statement_timestamp/0" ->
                    dialect.currentTimestamp("DATETIMEOFFSET");
            default -> {
                if (c.function().equals("coalesce") && !args.isEmpty()) {
                    yield "COALESCE(" + String.join(", ", args) + ")";
                }
                throw new Untranslatable("function " + c.function());
            }
        };
    }

    /**
     * PostgreSQL's length counts trailing spaces of text and varchar, T-SQL's LEN does not: LEN(x + N'.') - 1
     * counts them. A char(n) column (NCHAR(n), padded) keeps LEN, since PostgreSQL ignores its padding too.
     */
    private String length(PgExpression argument, String translated) {
        PgExpression e = argument;
        while (e instanceof Cast c) {
            e = c.operand();
        }
        String name = e instanceof Column col ? col.name() : e instanceof DomainValue ? domainColumn : null;
        Optional<TargetColumn> column = name == null ? Optional.empty() : columns.apply(name);
        String base = column.map(tc -> tc.source().baseType()).orElse("");
        if (base.equals("bytea")) {
            return "DATALENGTH(" + translated + ")";
        }
        if (base.equals("bpchar")) {
            return "LEN(" + translated + ")";
        }
        return "(LEN(" + translated + " + N'.') - 1)";
    }

    private String cast(Cast c) {
        String type = c.type().replaceAll("\\(.*\\)", "").replace("[]", "").trim();
        if (TEXT_TYPES.contains(type) || NUMBER_TYPES.contains(type)) {
            if (c.operand() instanceof Text t && NUMBER_TYPES.contains(type)
                    && t.value().matches("-?\\d+(\\.\\d+)?")) {
                return t.value();
            }
            return value(c.operand());
        }
        if (TEMPORAL_TYPES.containsKey(type)) {
            return "CAST(" + value(c.operand()) + " AS " + TEMPORAL_TYPES.get(type) + ")";
        }
        if (type.equals("boolean") && c.operand() instanceof Text t) {
            return Set.of("t", "true", "y", "yes", "on", "1").contains(t.value().toLowerCase()) ? "1" : "0";
        }
        if (c.operand() instanceof Text t && !c.type().contains("[]") && !type.equals("interval")) {
            return dialect.literal(t.value()); // a label of an enum (or another text-like user type)
        }
        if (c.operand() instanceof Array) {
            throw new Untranslatable("array value");
        }
        throw new Untranslatable("cast to " + type);
    }
}
