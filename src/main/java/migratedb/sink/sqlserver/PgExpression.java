package migratedb.sink.sqlserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The part of PostgreSQL's expression grammar that {@code pg_get_constraintdef} and {@code pg_get_expr} print for
 * CHECK constraints, partial-index predicates and index expressions: enough to translate the common ones to T-SQL.
 * Anything outside it makes {@link #parse} return empty, and the caller reports the expression instead.
 */
sealed interface PgExpression {

    record Column(String name) implements PgExpression {
    }

    /** A string literal's value (quotes removed). */
    record Text(String value) implements PgExpression {
    }

    record Number(String digits) implements PgExpression {
    }

    record Bool(boolean value) implements PgExpression {
    }

    record Null() implements PgExpression {
    }

    /** CURRENT_DATE, CURRENT_TIMESTAMP, LOCALTIMESTAMP... */
    record Keyword(String word) implements PgExpression {
    }

    /** {@code VALUE} in a domain's CHECK. */
    record DomainValue() implements PgExpression {
    }

    record Call(String function, List<PgExpression> args) implements PgExpression {
    }

    record Binary(String op, PgExpression left, PgExpression right) implements PgExpression {
    }

    record Not(PgExpression operand) implements PgExpression {
    }

    record Negate(PgExpression operand) implements PgExpression {
    }

    record IsNull(PgExpression operand, boolean negated) implements PgExpression {
    }

    /** {@code x op ANY (ARRAY[...])} or {@code x op ALL (ARRAY[...])}. */
    record Quantified(String op, boolean all, PgExpression left, List<PgExpression> values) implements PgExpression {
    }

    record Cast(PgExpression operand, String type) implements PgExpression {
    }

    record Array(List<PgExpression> items) implements PgExpression {
    }

    Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=", "~~", "!~~", "~~*", "!~~*", "~", "~*",
            "!~", "!~*");
    Set<String> TYPE_WORDS = Set.of("varying", "precision", "with", "without", "time", "zone");
    Set<String> KEYWORDS = Set.of("current_date", "current_timestamp", "localtimestamp", "current_time",
            "localtime");

    /** Parses a printed expression; empty when it uses grammar this parser does not know. */
    static Optional<PgExpression> parse(String text) {
        try {
            Parser p = new Parser(tokenize(text));
            PgExpression e = p.or();
            return p.atEnd() ? Optional.of(e) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Token kinds: w = word, q = quoted identifier, s = string literal, n = number, o = operator/punctuation. */
    record Token(char kind, String text) {
        boolean is(String s) {
            return (kind == 'w' && text.equalsIgnoreCase(s)) || (kind == 'o' && text.equals(s));
        }
    }

    static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '\'') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new IllegalArgumentException("unterminated literal");
                    }
                    if (s.charAt(i) == '\'') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                            sb.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(s.charAt(i++));
                }
                out.add(new Token('s', sb.toString()));
            } else if (ch == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new IllegalArgumentException("unterminated identifier");
                    }
                    if (s.charAt(i) == '"') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                            sb.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(s.charAt(i++));
                }
                out.add(new Token('q', sb.toString()));
            } else if (Character.isDigit(ch)) {
                int start = i;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token('n', s.substring(start, i)));
            } else if (Character.isLetter(ch) || ch == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                        || s.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token('w', s.substring(start, i)));
            } else {
                String[] ops = {"::", "<>", "!=", "<=", ">=", "!~~*", "!~~", "~~*", "~~", "!~*", "~*", "!~", "||",
                        "=", "<", ">", "~", "+", "-", "*", "/", "%", "(", ")", "[", "]", ","};
                String found = null;
                for (String op : ops) {
                    if (s.startsWith(op, i)) {
                        found = op;
                        break;
                    }
                }
                if (found == null) {
                    throw new IllegalArgumentException("unknown character " + ch);
                }
                out.add(new Token('o', found));
                i += found.length();
            }
        }
        return out;
    }

    final class Parser {
        private final List<Token> tokens;
        private int pos;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        boolean atEnd() {
            return pos == tokens.size();
        }

        private Token peek() {
            return pos < tokens.size() ? tokens.get(pos) : new Token('e', "");
        }

        private Token peek(int ahead) {
            return pos + ahead < tokens.size() ? tokens.get(pos + ahead) : new Token('e', "");
        }

        private boolean accept(String s) {
            if (peek().is(s)) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(String s) {
            if (!accept(s)) {
                throw new IllegalArgumentException("expected " + s + " at " + peek().text());
            }
        }

        PgExpression or() {
            PgExpression left = and();
            while (accept("OR")) {
                left = new Binary("OR", left, and());
            }
            return left;
        }

        private PgExpression and() {
            PgExpression left = not();
            while (accept("AND")) {
                left = new Binary("AND", left, not());
            }
            return left;
        }

        private PgExpression not() {
            if (accept("NOT")) {
                return new Not(not());
            }
            return comparison();
        }

        private PgExpression comparison() {
            PgExpression left = additive();
            while (true) {
                Token t = peek();
                if (t.kind() == 'o' && COMPARISONS.contains(t.text())) {
                    pos++;
                    if (peek().is("ANY") || peek().is("ALL")) {
                        boolean all = peek().is("ALL");
                        pos++;
                        expect("(");
                        PgExpression list = additive();
                        expect(")");
                        left = new Quantified(t.text(), all, left, arrayItems(list));
                    } else {
                        left = new Binary(t.text(), left, additive());
                    }
                } else if (t.is("IS")) {
                    pos++;
                    boolean negated = accept("NOT");
                    if (accept("NULL")) {
                        left = new IsNull(left, negated);
                    } else if (accept("TRUE")) {
                        left = new Binary(negated ? "<>" : "=", left, new Bool(true));
                    } else if (accept("FALSE")) {
                        left = new Binary(negated ? "<>" : "=", left, new Bool(false));
                    } else {
                        throw new IllegalArgumentException("IS " + peek().text());
                    }
                } else {
                    return left;
                }
            }
        }

        private static List<PgExpression> arrayItems(PgExpression e) {
            PgExpression inner = e instanceof Cast c ? c.operand() : e;
            if (inner instanceof Array a) {
                return a.items();
            }
            throw new IllegalArgumentException("ANY/ALL over something else than an ARRAY[...]");
        }

        private PgExpression additive() {
            PgExpression left = multiplicative();
            while (peek().is("+") || peek().is("-") || peek().is("||")) {
                String op = tokens.get(pos++).text();
                left = new Binary(op, left, multiplicative());
            }
            return left;
        }

        private PgExpression multiplicative() {
            PgExpression left = unary();
            while (peek().is("*") || peek().is("/") || peek().is("%")) {
                String op = tokens.get(pos++).text();
                left = new Binary(op, left, unary());
            }
            return left;
        }

        private PgExpression unary() {
            if (accept("-")) {
                return new Negate(unary());
            }
            return postfix();
        }

        private PgExpression postfix() {
            PgExpression e = primary();
            while (accept("::")) {
                e = new Cast(e, typeName());
            }
            return e;
        }

        private String typeName() {
            Token t = peek();
            if (t.kind() != 'w' && t.kind() != 'q') {
                throw new IllegalArgumentException("type name expected");
            }
            pos++;
            StringBuilder sb = new StringBuilder(t.text().toLowerCase(Locale.ROOT));
            while (peek().kind() == 'w' && TYPE_WORDS.contains(peek().text().toLowerCase(Locale.ROOT))) {
                sb.append(' ').append(tokens.get(pos++).text().toLowerCase(Locale.ROOT));
            }
            if (peek().is("(") && peek(1).kind() == 'n') {
                pos++;
                sb.append('(').append(tokens.get(pos++).text());
                if (accept(",")) {
                    sb.append(',').append(tokens.get(pos++).text());
                }
                expect(")");
                sb.append(')');
            }
            while (peek().is("[") && peek(1).is("]")) {
                pos += 2;
                sb.append("[]");
            }
            return sb.toString();
        }

        private PgExpression primary() {
            Token t = peek();
            if (accept("(")) {
                PgExpression e = or();
                expect(")");
                return e;
            }
            switch (t.kind()) {
                case 's' -> {
                    pos++;
                    return new Text(t.text());
                }
                case 'n' -> {
                    pos++;
                    return new Number(t.text());
                }
                case 'q' -> {
                    pos++;
                    return new Column(t.text());
                }
                case 'w' -> {
                    pos++;
                    String lower = t.text().toLowerCase(Locale.ROOT);
                    if (lower.equals("true") || lower.equals("false")) {
                        return new Bool(lower.equals("true"));
                    }
                    if (lower.equals("null")) {
                        return new Null();
                    }
                    if (t.text().equals("VALUE")) {
                        return new DomainValue();
                    }
                    if (KEYWORDS.contains(lower)) {
                        return new Keyword(lower);
                    }
                    if (lower.equals("array") && accept("[")) {
                        List<PgExpression> items = new ArrayList<>();
                        if (!accept("]")) {
                            do {
                                items.add(or());
                            } while (accept(","));
                            expect("]");
                        }
                        return new Array(items);
                    }
                    if (Set.of("case", "when", "then", "else", "end", "and", "or", "not", "is", "in", "between",
                            "like", "similar", "distinct", "from", "collate", "row", "exists", "select").contains(lower)) {
                        throw new IllegalArgumentException("unsupported keyword " + lower);
                    }
                    if (accept("(")) {
                        List<PgExpression> args = new ArrayList<>();
                        if (!accept(")")) {
                            do {
                                args.add(or());
                            } while (accept(","));
                            expect(")");
                        }
                        return new Call(lower, args);
                    }
                    return new Column(t.text());
                }
                default -> throw new IllegalArgumentException("unexpected " + t.text());
            }
        }
    }
}
