package io.debugproxy.config.traefik;

import io.debugproxy.config.ConfigException;
import io.debugproxy.config.traefik.RuleLexer.Token;
import io.debugproxy.config.traefik.RuleLexer.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Parses Traefik router rules into {@link Rule} trees and checks them as Traefik does before it
 * accepts a router: the whole text first (like Go's expression parser, so the first syntax error
 * anywhere wins), then each matcher from left to right: its name, its number of values, and
 * the values themselves. Errors are {@link ConfigException}s that name the source (a label key)
 * and the 1-based column: {@code label traefik.http.routers.api.rule: column 14: expected ')' ...}.
 */
public final class RuleParser {

    private sealed interface Raw permits RawAnd, RawOr, RawNot, RawCall {
    }

    private record RawAnd(Raw left, Raw right) implements Raw {
    }

    private record RawOr(Raw left, Raw right) implements Raw {
    }

    private record RawNot(Raw operand) implements Raw {
    }

    private record RawCall(Token name, List<Token> args) implements Raw {
    }

    private final String source;
    private final List<Token> tokens;
    private int next;

    private RuleParser(String source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    /**
     * Parses and checks {@code rule}.
     *
     * @param source names where the rule comes from in error messages, e.g.
     *               {@code label traefik.http.routers.api.rule}; may be empty
     * @throws ConfigException naming {@code source}, the column and what Traefik would refuse
     */
    public static Rule parse(String rule, RuleKind kind, RuleSyntax syntax, String source) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(syntax, "syntax");
        String where = source == null ? "" : source;
        if (rule.isBlank()) {
            throw error(where, 1, 1, "the rule is empty; Traefik needs at least one matcher such as "
                    + (kind == RuleKind.HTTP ? "Host(`example.com`)" : "HostSNI(`example.com`)"));
        }
        RuleParser parser = new RuleParser(where, RuleLexer.tokens(where, rule));
        Raw raw = parser.whole();
        return new RuleChecks(where, kind, syntax).resolve(raw);
    }

    /** Parses and checks {@code rule}, with errors that name no source. */
    public static Rule parse(String rule, RuleKind kind, RuleSyntax syntax) {
        return parse(rule, kind, syntax, "");
    }

    static ConfigException error(String source, int line, int column, String message) {
        String where = line > 1 ? "line " + line + ", column " + column : "column " + column;
        return new ConfigException((source.isEmpty() ? "" : source + ": ") + where + ": " + message);
    }

    private Raw whole() {
        Raw expr = or();
        Token t = peek();
        if (t.type() == Type.NEWLINE_END) {
            // Go ends the expression at this line break; whatever follows is an error, best shown here.
            next++;
            if (peek().type() == Type.END) {
                return expr;
            }
        }
        if (t.type() != Type.END) {
            throw unexpected(t, "expected '&&', '||' or the end of the rule");
        }
        return expr;
    }

    private Raw or() {
        Raw left = and();
        while (peek().type() == Type.OR) {
            next++;
            left = new RawOr(left, and());
        }
        return left;
    }

    private Raw and() {
        Raw left = unary();
        while (peek().type() == Type.AND) {
            next++;
            left = new RawAnd(left, unary());
        }
        return left;
    }

    private Raw unary() {
        if (peek().type() == Type.NOT) {
            next++;
            return new RawNot(unary());
        }
        return primary();
    }

    private Raw primary() {
        Token t = take();
        if (t.type() == Type.LPAREN) {
            Raw inner = or();
            Token close = take();
            if (close.type() != Type.RPAREN) {
                throw unexpected(close, "expected ')' to close the '(' at column " + t.column());
            }
            return inner;
        }
        if (t.type() != Type.NAME) {
            throw unexpected(t, "expected a matcher such as Host(`example.com`)");
        }
        Token open = take();
        if (open.type() != Type.LPAREN) {
            throw unexpected(open, "expected '(' after " + t.text());
        }
        List<Token> args = new ArrayList<>();
        if (peek().type() == Type.RPAREN) {
            next++;
            return new RawCall(t, args);
        }
        while (true) {
            Token arg = take();
            if (arg.type() != Type.STRING) {
                throw unexpected(arg, "expected a value in backticks or double quotes for " + t.text());
            }
            args.add(arg);
            Token sep = take();
            if (sep.type() == Type.RPAREN) {
                return new RawCall(t, args);
            }
            if (sep.type() != Type.COMMA) {
                throw unexpected(sep, "expected ',' or ')' after a value of " + t.text());
            }
            // Go accepts a trailing comma before ')', so Traefik does too.
            if (peek().type() == Type.RPAREN) {
                next++;
                return new RawCall(t, args);
            }
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.type() != Type.END) {
            next++;
        }
        return t;
    }

    private ConfigException unexpected(Token t, String expectation) {
        String found = switch (t.type()) {
            case END -> "the end of the rule";
            case NEWLINE_END -> "a line break (a rule may only break lines after an operator or inside parentheses)";
            case STRING -> "a string";
            case NAME -> "'" + t.text() + "'";
            default -> "'" + t.text() + "'";
        };
        return error(source, t.line(), t.column(), expectation + ", found " + found);
    }

    /** Second phase: matcher names, value counts and values, as Traefik checks them when it builds a router. */
    private static final class RuleChecks {
        private final String source;
        private final RuleKind kind;
        private final RuleSyntax syntax;

        RuleChecks(String source, RuleKind kind, RuleSyntax syntax) {
            this.source = source;
            this.kind = kind;
            this.syntax = syntax;
        }

        Rule resolve(Raw raw) {
            if (raw instanceof RawAnd a) {
                return new Rule.And(resolve(a.left()), resolve(a.right()));
            }
            if (raw instanceof RawOr o) {
                return new Rule.Or(resolve(o.left()), resolve(o.right()));
            }
            if (raw instanceof RawNot n) {
                return new Rule.Not(resolve(n.operand()));
            }
            RawCall call = (RawCall) raw;
            Matcher matcher = matcher(call.name());
            List<String> values = call.args().stream().map(Token::text).toList();
            MatcherValues.check(matcher, values, kind, syntax, call.name(), call.args(), source);
            return new Rule.Match(matcher, values, call.name().column());
        }

        private Matcher matcher(Token name) {
            String written = name.text();
            Optional<Matcher> spelled = Matcher.bySpelling(written);
            if (spelled.isPresent() && spelled.get().availableIn(kind, syntax)) {
                return spelled.get();
            }
            String known = Matcher.available(kind, syntax).stream().map(Matcher::canonicalName)
                    .collect(Collectors.joining(", "));
            String router = kind == RuleKind.HTTP ? "HTTP" : "TCP";
            String what = router + " rules (" + syntax.label() + " syntax)";
            String hint;
            if (spelled.isPresent()) {
                hint = hintFor(spelled.get(), written);
            } else {
                Optional<Matcher> caseless = Matcher.ignoringCase(written);
                hint = caseless.map(m -> "; Traefik accepts only the spellings " + String.join(", ", m.spellings()))
                        .orElse("");
            }
            return fail(name, "unknown matcher '" + written + "' in " + what + "; known: " + known + hint);
        }

        private String hintFor(Matcher m, String written) {
            boolean otherKind = !m.availableIn(kind, RuleSyntax.V2) && !m.availableIn(kind, RuleSyntax.V3);
            if (otherKind) {
                return kind == RuleKind.HTTP
                        ? "; " + written + " belongs in a TCP router (traefik.tcp.routers.<name>.rule)"
                        : "; " + written + " belongs in an HTTP router (traefik.http.routers.<name>.rule)";
            }
            if (syntax == RuleSyntax.V3) {
                String replacement = switch (m) {
                    case HOST_HEADER -> "use Host";
                    case HEADERS -> "use Header";
                    case HEADERS_REGEXP -> "use HeaderRegexp";
                    default -> "";
                };
                return "; " + written + " is Traefik v2 syntax: " + (replacement.isEmpty() ? "" : replacement + ", or ")
                        + "set the router's ruleSyntax=v2";
            }
            return "; " + written + " exists only in Traefik v3 syntax: remove ruleSyntax=v2 from the router";
        }

        private <T> T fail(Token at, String message) {
            throw error(source, at.line(), at.column(), message);
        }
    }
}
