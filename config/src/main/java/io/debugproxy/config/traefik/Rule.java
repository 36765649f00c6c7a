package io.debugproxy.config.traefik;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A parsed Traefik router rule: matchers combined with {@code &&}, {@code ||} and {@code !}.
 * {@link #toString()} writes the rule back in Traefik's syntax, with backticks and only the
 * parentheses the operators need.
 */
public sealed interface Rule permits Rule.And, Rule.Or, Rule.Not, Rule.Match {

    /** Both sides must match. */
    record And(Rule left, Rule right) implements Rule {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return operand(left, 2) + " && " + operand(right, 2);
        }
    }

    /** Either side must match. */
    record Or(Rule left, Rule right) implements Rule {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return operand(left, 1) + " || " + operand(right, 1);
        }
    }

    /** The operand must not match. */
    record Not(Rule operand) implements Rule {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public String toString() {
            return "!" + Rule.operand(operand, 3);
        }
    }

    /**
     * One matcher call.
     *
     * @param matcher the matcher
     * @param values  its arguments, unquoted
     * @param column  1-based column of the matcher name in the rule text
     */
    record Match(Matcher matcher, List<String> values, int column) implements Rule {
        public Match {
            Objects.requireNonNull(matcher, "matcher");
            values = List.copyOf(values);
        }

        @Override
        public String toString() {
            return matcher.canonicalName() + values.stream().map(Match::quote).collect(Collectors.joining(", ", "(", ")"));
        }

        private static String quote(String value) {
            if (value.indexOf('`') < 0) {
                return "`" + value + "`";
            }
            StringBuilder sb = new StringBuilder("\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    default -> sb.append(c);
                }
            }
            return sb.append('"').toString();
        }
    }

    /** Precedence: 1 for ||, 2 for &&, 3 for ! and matchers. */
    private static int precedence(Rule r) {
        return r instanceof Or ? 1 : r instanceof And ? 2 : 3;
    }

    private static String operand(Rule r, int context) {
        return precedence(r) < context ? "(" + r + ")" : r.toString();
    }
}
