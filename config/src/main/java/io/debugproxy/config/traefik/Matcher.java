package io.debugproxy.config.traefik;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The matchers of Traefik's rule language, with the routers and syntaxes that know them.
 * As in Traefik, a matcher is recognised by its own name, or that name in lower case, in upper
 * case, or with only its first letter upper case ({@code PathPrefix}, {@code pathprefix},
 * {@code PATHPREFIX}, {@code Pathprefix}; not {@code pathPrefix}).
 */
public enum Matcher {
    HOST("Host", Set.of(Use.HTTP_V2, Use.HTTP_V3)),
    HOST_HEADER("HostHeader", Set.of(Use.HTTP_V2)),
    HOST_REGEXP("HostRegexp", Set.of(Use.HTTP_V2, Use.HTTP_V3)),
    PATH("Path", Set.of(Use.HTTP_V2, Use.HTTP_V3)),
    PATH_PREFIX("PathPrefix", Set.of(Use.HTTP_V2, Use.HTTP_V3)),
    PATH_REGEXP("PathRegexp", Set.of(Use.HTTP_V3)),
    METHOD("Method", Set.of(Use.HTTP_V2, Use.HTTP_V3)),
    HEADER("Header", Set.of(Use.HTTP_V3)),
    HEADERS("Headers", Set.of(Use.HTTP_V2)),
    HEADER_REGEXP("HeaderRegexp", Set.of(Use.HTTP_V3)),
    HEADERS_REGEXP("HeadersRegexp", Set.of(Use.HTTP_V2)),
    QUERY("Query", Set.of(Use.HTTP_V2, Use.HTTP_V3)),
    QUERY_REGEXP("QueryRegexp", Set.of(Use.HTTP_V3)),
    CLIENT_IP("ClientIP", Set.of(Use.HTTP_V2, Use.HTTP_V3, Use.TCP_V2, Use.TCP_V3)),
    HOST_SNI("HostSNI", Set.of(Use.TCP_V2, Use.TCP_V3)),
    HOST_SNI_REGEXP("HostSNIRegexp", Set.of(Use.TCP_V2, Use.TCP_V3)),
    ALPN("ALPN", Set.of(Use.TCP_V2, Use.TCP_V3));

    /** A router kind in one syntax. */
    private enum Use {
        HTTP_V2, HTTP_V3, TCP_V2, TCP_V3;

        static Use of(RuleKind kind, RuleSyntax syntax) {
            return kind == RuleKind.HTTP
                    ? (syntax == RuleSyntax.V2 ? HTTP_V2 : HTTP_V3)
                    : (syntax == RuleSyntax.V2 ? TCP_V2 : TCP_V3);
        }
    }

    private final String canonical;
    private final Set<Use> uses;

    Matcher(String canonical, Set<Use> uses) {
        this.canonical = canonical;
        this.uses = uses;
    }

    /** The name as Traefik's documentation writes it, e.g. {@code HostSNI}. */
    public String canonicalName() {
        return canonical;
    }

    public boolean availableIn(RuleKind kind, RuleSyntax syntax) {
        return uses.contains(Use.of(kind, syntax));
    }

    /** The spellings Traefik accepts for this matcher: its name, lower case, upper case, first letter upper case. */
    public List<String> spellings() {
        List<String> out = new ArrayList<>();
        for (String s : List.of(canonical, canonical.toLowerCase(Locale.ROOT), canonical.toUpperCase(Locale.ROOT),
                titleCase(canonical))) {
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /** True when the text names a host the request or connection must carry (Host, HostHeader, HostSNI). */
    public boolean namesExactHost() {
        return this == HOST || this == HOST_HEADER || this == HOST_SNI;
    }

    /** True when the matcher selects hosts by pattern (HostRegexp, HostSNIRegexp). */
    public boolean matchesHostPattern() {
        return this == HOST_REGEXP || this == HOST_SNI_REGEXP;
    }

    /** The matcher {@code written} spells, among all of them, whatever router or syntax. */
    public static Optional<Matcher> bySpelling(String written) {
        for (Matcher m : values()) {
            if (m.spellings().contains(written)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The matcher {@code written} names when case is ignored; used only to explain a refused spelling. */
    static Optional<Matcher> ignoringCase(String written) {
        for (Matcher m : values()) {
            if (m.canonical.equalsIgnoreCase(written)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    static List<Matcher> available(RuleKind kind, RuleSyntax syntax) {
        List<Matcher> out = new ArrayList<>();
        for (Matcher m : values()) {
            if (m.availableIn(kind, syntax)) {
                out.add(m);
            }
        }
        return List.copyOf(out);
    }

    // Go's strings.Title(strings.ToLower(name)): one word here, so only the first letter is upper case.
    private static String titleCase(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
