package io.debugproxy.config.traefik;

import io.debugproxy.config.Cidr;
import io.debugproxy.config.traefik.RuleLexer.Token;

import java.net.IDN;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a matcher's values as Traefik does when it builds a router: first that there are
 * values and none is empty, then how many the matcher takes in this syntax, then each value
 * (hosts in ASCII, paths starting with '/', regular expressions that Go's RE2 compiles, IPs).
 */
final class MatcherValues {

    /** Go's {@code ^[[:word:]\.\-\:]+$}, what Traefik's HostSNI accepts as a host or IP. */
    private static final Pattern HOST_OR_IP = Pattern.compile("[0-9A-Za-z_.\\-:]+");
    // Constructs Java accepts and RE2 refuses: lookaround, atomic groups, backreferences, possessives.
    private static final Pattern NOT_RE2 = Pattern.compile("\\(\\?(?:[=!>]|<[=!])|\\\\[1-9]|[*+?}]\\+");
    private static final String ACME_TLS_ALPN = "acme-tls/1";
    /** A '{' not escaped and not starting {n}, {n,} or {n,m}. */
    private static final Pattern LITERAL_BRACE = Pattern.compile("(?<!\\\\)\\{(?!\\d+(?:,\\d*)?})");

    private final Matcher matcher;
    private final List<String> values;
    private final RuleKind kind;
    private final RuleSyntax syntax;
    private final Token name;
    private final List<Token> args;
    private final String source;

    private MatcherValues(Matcher matcher, List<String> values, RuleKind kind, RuleSyntax syntax, Token name,
                          List<Token> args, String source) {
        this.matcher = matcher;
        this.values = values;
        this.kind = kind;
        this.syntax = syntax;
        this.name = name;
        this.args = args;
        this.source = source;
    }

    static void check(Matcher matcher, List<String> values, RuleKind kind, RuleSyntax syntax, Token name,
                      List<Token> args, String source) {
        new MatcherValues(matcher, values, kind, syntax, name, args, source).check();
    }

    private void check() {
        String m = matcher.canonicalName();
        if (values.isEmpty()) {
            throw fail(name, m + "() has no value (Traefik: no args for matcher " + name.text() + ")");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isEmpty()) {
                throw fail(args.get(i), m + " has an empty value (Traefik: empty args for matcher " + name.text() + ")");
            }
        }
        if (syntax == RuleSyntax.V3) {
            checkV3Count();
        } else if ((matcher == Matcher.HEADERS || matcher == Matcher.HEADERS_REGEXP) && values.size() % 2 != 0) {
            throw fail(name, m + " takes header names and values in pairs, got " + values.size() + " values");
        }
        for (int i = 0; i < values.size(); i++) {
            checkValue(i, values.get(i));
        }
        if (syntax == RuleSyntax.V2 && matcher == Matcher.QUERY) {
            checkV2Query();
        }
    }

    private void checkV3Count() {
        int n = values.size();
        boolean ok = switch (matcher) {
            case HEADER, HEADER_REGEXP -> n == 2;
            case QUERY, QUERY_REGEXP -> kind == RuleKind.HTTP && (n == 1 || n == 2);
            default -> n == 1;
        };
        if (ok) {
            return;
        }
        String m = matcher.canonicalName();
        String expected = switch (matcher) {
            case HEADER, HEADER_REGEXP -> "two values (a header name and a value)";
            case QUERY, QUERY_REGEXP -> "one or two values (a parameter name and optionally a value)";
            default -> "exactly one value";
        };
        String advice = "";
        if (n > 1 && (matcher.namesExactHost() || matcher == Matcher.PATH || matcher == Matcher.PATH_PREFIX
                || matcher == Matcher.METHOD || matcher == Matcher.CLIENT_IP || matcher == Matcher.ALPN
                || matcher.matchesHostPattern())) {
            advice = "; for several, write " + m + "(`" + values.get(0) + "`) || " + m + "(`" + values.get(1)
                    + "`), or set the router's ruleSyntax=v2";
        }
        throw fail(name, m + " takes " + expected + " in Traefik v3, got " + n
                + " (Traefik: unexpected number of parameters)" + advice);
    }

    private void checkValue(int index, String value) {
        Token at = args.get(index);
        String m = matcher.canonicalName();
        switch (matcher) {
            case HOST, HOST_HEADER -> requireAscii(at, value);
            case HOST_REGEXP -> {
                requireAscii(at, value);
                if (syntax == RuleSyntax.V2) {
                    checkTemplate(at, value);
                } else {
                    compile(at, value);
                }
            }
            case PATH, PATH_PREFIX -> {
                if (!value.startsWith("/")) {
                    throw fail(at, m + " value '" + value + "' does not start with a '/'");
                }
                if (syntax == RuleSyntax.V2) {
                    checkTemplate(at, value);
                }
            }
            case PATH_REGEXP -> compile(at, value);
            case HEADER_REGEXP, QUERY_REGEXP -> {
                if (index == 1) {
                    compile(at, value);
                }
            }
            case HEADERS_REGEXP -> {
                if (index % 2 == 1) {
                    compile(at, value);
                }
            }
            case CLIENT_IP -> {
                try {
                    Cidr.parse(value);
                } catch (IllegalArgumentException e) {
                    throw fail(at, "ClientIP value '" + value + "' is not an IP address or CIDR block");
                }
            }
            case HOST_SNI -> checkHostSni(at, value);
            case HOST_SNI_REGEXP -> {
                requireAscii(at, value);
                if (syntax == RuleSyntax.V2) {
                    checkTemplate(at, value);
                } else {
                    compile(at, value);
                }
            }
            case ALPN -> {
                if (value.equals(ACME_TLS_ALPN)) {
                    throw fail(at, "ALPN value '" + ACME_TLS_ALPN + "' is reserved for Let's Encrypt's TLS challenge"
                            + " and Traefik refuses it");
                }
            }
            default -> {
                // Method, Header, Headers, Query take any non-empty text.
            }
        }
    }

    private void checkHostSni(Token at, String value) {
        if (value.equals("*") || HOST_OR_IP.matcher(value).matches()) {
            return;
        }
        try {
            if (HOST_OR_IP.matcher(IDN.toASCII(value, IDN.USE_STD3_ASCII_RULES)).matches()) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // Not an internationalised name either; refused below.
        }
        throw fail(at, "HostSNI value '" + value + "' is not a valid hostname or IP (letters, digits, '_', '.', '-', ':'"
                + " or a single '*')");
    }

    /** Traefik v2's {@code Query(`k=v`)}: each value is a name or name=value, and the names and values must pair up. */
    private void checkV2Query() {
        int parts = 0;
        for (String v : values) {
            parts += v.indexOf('=') >= 0 ? 2 : 1;
        }
        if (parts % 2 != 0) {
            throw fail(name, "Query in Traefik v2 syntax takes name=value pairs such as Query(`debug=1`);"
                    + " a lone name does not pair up");
        }
    }

    /** Gorilla mux templates used by v2: {@code {name}} or {@code {name:regex}}, braces balanced. */
    private void checkTemplate(Token at, String value) {
        int level = 0;
        int open = -1;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '{') {
                if (level++ == 0) {
                    open = i;
                }
            } else if (c == '}') {
                if (--level == 0) {
                    String inner = value.substring(open + 1, i);
                    int colon = inner.indexOf(':');
                    String varName = colon < 0 ? inner : inner.substring(0, colon);
                    String pattern = colon < 0 ? "[^.]+" : inner.substring(colon + 1);
                    if (varName.isEmpty() || pattern.isEmpty()) {
                        throw fail(at, matcher.canonicalName() + " template '{" + inner
                                + "}' needs a name and, after ':', a pattern, e.g. {sub:[a-z]+}");
                    }
                    compile(at, pattern);
                } else if (level < 0) {
                    throw fail(at, matcher.canonicalName() + " value '" + value + "' has unbalanced braces");
                }
            }
        }
        if (level != 0) {
            throw fail(at, matcher.canonicalName() + " value '" + value + "' has unbalanced braces");
        }
    }

    private void compile(Token at, String regex) {
        if (NOT_RE2.matcher(regex).find()) {
            throw fail(at, matcher.canonicalName() + " pattern '" + regex + "' uses lookaround, backreferences or"
                    + " possessive quantifiers, which Go's regular expressions (RE2) do not support");
        }
        try {
            Pattern.compile(javaSpelling(regex));
        } catch (PatternSyntaxException e) {
            throw fail(at, matcher.canonicalName() + " pattern '" + regex + "' is not a valid regular expression: "
                    + e.getDescription());
        }
    }

    /**
     * The same expression in Java's spelling: RE2 writes named groups {@code (?P<name>...)} and reads a
     * '{' that starts no repetition as a literal brace, where Java wants {@code (?<name>...)} and {@code \\{}.
     */
    private static String javaSpelling(String regex) {
        String named = regex.replace("(?P<", "(?<");
        return LITERAL_BRACE.matcher(named).replaceAll("\\\\{");
    }

    private void requireAscii(Token at, String value) {
        if (!value.chars().allMatch(c -> c < 0x80)) {
            throw fail(at, matcher.canonicalName() + " value '" + value + "' has non-ASCII characters, which Traefik"
                    + " refuses; write internationalised names in punycode (xn--...)");
        }
    }

    private RuntimeException fail(Token at, String message) {
        return RuleParser.error(source, at.line(), at.column(), message);
    }
}
