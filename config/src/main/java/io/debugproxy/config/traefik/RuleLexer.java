package io.debugproxy.config.traefik;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a rule into tokens the way Go's scanner does, since Traefik hands rules to Go's
 * expression parser: backtick strings are raw, double-quoted strings take Go escapes, and a
 * newline right after a name, a string or {@code )} ends the expression (Go's automatic semicolon).
 */
final class RuleLexer {

    enum Type { NAME, STRING, LPAREN, RPAREN, COMMA, AND, OR, NOT, NEWLINE_END, END }

    /** A token; {@code column} and {@code line} are 1-based, {@code text} is the unquoted value for strings. */
    record Token(Type type, String text, int line, int column) {
    }

    private final String source;
    private final String rule;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int lineStart;

    private RuleLexer(String source, String rule) {
        this.source = source;
        this.rule = rule;
    }

    /** @throws io.debugproxy.config.ConfigException naming {@code source} and the column of the first bad character */
    static List<Token> tokens(String source, String rule) {
        RuleLexer lexer = new RuleLexer(source, rule);
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    private void run() {
        while (pos < rule.length()) {
            char c = rule.charAt(pos);
            if (c == '\n') {
                if (endsExpression()) {
                    add(Type.NEWLINE_END, "newline", pos);
                }
                pos++;
                line++;
                lineStart = pos;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < rule.length() && (Character.isLetterOrDigit(rule.charAt(pos)) || rule.charAt(pos) == '_')) {
                    pos++;
                }
                add(Type.NAME, rule.substring(start, pos), start);
            } else if (c == '`') {
                rawString();
            } else if (c == '"') {
                quotedString();
            } else {
                punctuation(c);
            }
        }
        add(Type.END, "end of rule", pos);
    }

    private boolean endsExpression() {
        if (tokens.isEmpty()) {
            return false;
        }
        Type last = tokens.get(tokens.size() - 1).type();
        return last == Type.NAME || last == Type.STRING || last == Type.RPAREN;
    }

    private void punctuation(char c) {
        int start = pos;
        String two = pos + 1 < rule.length() ? rule.substring(pos, pos + 2) : "";
        switch (c) {
            case '(' -> single(Type.LPAREN, start);
            case ')' -> single(Type.RPAREN, start);
            case ',' -> single(Type.COMMA, start);
            case '&' -> {
                if (!two.equals("&&")) {
                    throw error(start, "'&' is not an operator in Traefik rules; use '&&' to require both sides");
                }
                pos += 2;
                add(Type.AND, "&&", start);
            }
            case '|' -> {
                if (!two.equals("||")) {
                    throw error(start, "'|' is not an operator in Traefik rules; use '||' to accept either side");
                }
                pos += 2;
                add(Type.OR, "||", start);
            }
            case '!' -> {
                if (two.equals("!=")) {
                    throw error(start, "'!=' is not supported in Traefik rules; negate a matcher with '!', e.g. !Path(`/x`)");
                }
                single(Type.NOT, start);
            }
            case '\'' -> throw error(start, "strings in Traefik rules are written in backticks or double quotes,"
                    + " not single quotes: use `...`");
            default -> {
                if (Character.isDigit(c)) {
                    throw error(start, "matcher values must be strings in backticks or double quotes, found a number");
                }
                if (c == '=' || c == '<' || c == '>') {
                    throw error(start, "'" + c + "' is not supported in Traefik rules; only &&, || and ! combine matchers");
                }
                throw error(start, "unexpected character '" + c + "'");
            }
        }
    }

    private void single(Type type, int start) {
        pos++;
        add(type, String.valueOf(rule.charAt(start)), start);
    }

    /** Go raw string: no escapes, may span lines; carriage returns are dropped as Go drops them. */
    private void rawString() {
        int start = pos;
        int startLine = line;
        int startColumn = pos - lineStart + 1;
        int close = rule.indexOf('`', pos + 1);
        if (close < 0) {
            throw error(start, "string not terminated: a backtick opens it and none closes it");
        }
        String body = rule.substring(pos + 1, close);
        for (int i = pos + 1; i < close; i++) {
            if (rule.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        pos = close + 1;
        tokens.add(new Token(Type.STRING, body.replace("\r", ""), startLine, startColumn));
    }

    /** Go interpreted string: the escapes Go accepts, no raw newline. */
    private void quotedString() {
        int start = pos;
        StringBuilder sb = new StringBuilder();
        int i = pos + 1;
        while (true) {
            if (i >= rule.length() || rule.charAt(i) == '\n') {
                throw error(start, "string not terminated: a double quote opens it and none closes it on the same line");
            }
            char c = rule.charAt(i);
            if (c == '"') {
                break;
            }
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            if (i + 1 >= rule.length()) {
                throw error(i, "string not terminated after a backslash");
            }
            char e = rule.charAt(i + 1);
            switch (e) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '\\' -> sb.append('\\');
                case '"' -> sb.append('"');
                case 'x' -> {
                    sb.append((char) hex(i, 2));
                    i += 2;
                }
                case 'u' -> {
                    sb.appendCodePoint(hex(i, 4));
                    i += 4;
                }
                case 'U' -> {
                    sb.appendCodePoint(hex(i, 8));
                    i += 8;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        sb.append((char) octal(i));
                        i += 2;
                    } else {
                        throw error(i, "unknown escape sequence '\\" + e + "' in a double-quoted string;"
                                + " write the value in backticks to avoid escapes");
                    }
                }
            }
            i += 2;
        }
        tokens.add(new Token(Type.STRING, sb.toString(), line, start - lineStart + 1));
        pos = i + 1;
    }

    private int hex(int backslash, int digits) {
        int from = backslash + 2;
        if (from + digits > rule.length()) {
            throw error(backslash, "escape sequence needs " + digits + " hexadecimal digits");
        }
        String text = rule.substring(from, from + digits);
        try {
            int value = Integer.parseUnsignedInt(text, 16);
            if (value > Character.MAX_CODE_POINT || (value >= 0xD800 && value <= 0xDFFF && digits > 2)) {
                throw error(backslash, "escape sequence is not a valid Unicode code point");
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(backslash, "escape sequence needs " + digits + " hexadecimal digits, found '" + text + "'");
        }
    }

    private int octal(int backslash) {
        int from = backslash + 1;
        if (from + 3 > rule.length() || !rule.substring(from, from + 3).chars().allMatch(ch -> ch >= '0' && ch <= '7')) {
            throw error(backslash, "octal escape sequence needs 3 digits");
        }
        int value = Integer.parseInt(rule.substring(from, from + 3), 8);
        if (value > 255) {
            throw error(backslash, "octal escape value is above 255");
        }
        return value;
    }

    private void add(Type type, String text, int offset) {
        tokens.add(new Token(type, text, line, offset - lineStart + 1));
    }

    private RuntimeException error(int offset, String message) {
        return RuleParser.error(source, line, offset - lineStart + 1, message);
    }
}
