package io.debugproxy.config.traefik;

import io.debugproxy.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.debugproxy.config.traefik.RuleKind.HTTP;
import static io.debugproxy.config.traefik.RuleKind.TCP;
import static io.debugproxy.config.traefik.RuleSyntax.V2;
import static io.debugproxy.config.traefik.RuleSyntax.V3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RuleParserTest {

    /** Rules Traefik accepts, and the tree each gives, written back canonically. */
    static Stream<Arguments> acceptedRules() {
        return Stream.of(
                arguments("Host(`api.localhost`)", HTTP, V3, "Host(`api.localhost`)"),
                arguments("Host(\"api.localhost\")", HTTP, V3, "Host(`api.localhost`)"),
                arguments("host(`a`)", HTTP, V3, "Host(`a`)"),
                arguments("HOST(`a`)", HTTP, V3, "Host(`a`)"),
                arguments("Pathprefix(`/a`)", HTTP, V3, "PathPrefix(`/a`)"),
                arguments("pathprefix(`/a`)", HTTP, V3, "PathPrefix(`/a`)"),
                arguments("Hostsni(`db.localhost`)", TCP, V3, "HostSNI(`db.localhost`)"),
                arguments("Host(`a`) && PathPrefix(`/api`)", HTTP, V3, "Host(`a`) && PathPrefix(`/api`)"),
                arguments("Host(`a`) || Host(`b`) && Path(`/x`)", HTTP, V3, "Host(`a`) || Host(`b`) && Path(`/x`)"),
                arguments("(Host(`a`) || Host(`b`)) && Path(`/x`)", HTTP, V3, "(Host(`a`) || Host(`b`)) && Path(`/x`)"),
                arguments("!Path(`/admin`) && Host(`a`)", HTTP, V3, "!Path(`/admin`) && Host(`a`)"),
                arguments("!(Host(`a`) || Host(`b`))", HTTP, V3, "!(Host(`a`) || Host(`b`))"),
                arguments("!!Host(`a`)", HTTP, V3, "!!Host(`a`)"),
                arguments("Header(`X-Debug`, `1`)", HTTP, V3, "Header(`X-Debug`, `1`)"),
                arguments("Query(`debug`)", HTTP, V3, "Query(`debug`)"),
                arguments("Query(`debug`, `1`)", HTTP, V3, "Query(`debug`, `1`)"),
                arguments("QueryRegexp(`id`, `^[0-9]+$`)", HTTP, V3, "QueryRegexp(`id`, `^[0-9]+$`)"),
                arguments("HostRegexp(`^(?P<sub>[a-z]+)\\.localhost$`)", HTTP, V3,
                        "HostRegexp(`^(?P<sub>[a-z]+)\\.localhost$`)"),
                arguments("PathRegexp(`^/v[0-9]+/`)", HTTP, V3, "PathRegexp(`^/v[0-9]+/`)"),
                arguments("Method(`GET`)", HTTP, V3, "Method(`GET`)"),
                arguments("ClientIP(`10.0.0.0/8`) || ClientIP(`::1`)", HTTP, V3, "ClientIP(`10.0.0.0/8`) || ClientIP(`::1`)"),
                arguments("HostSNI(`*`)", TCP, V3, "HostSNI(`*`)"),
                arguments("HostSNI(`db.localhost`) && ALPN(`h2`)", TCP, V3, "HostSNI(`db.localhost`) && ALPN(`h2`)"),
                arguments("HostSNIRegexp(`^.+\\.localhost$`)", TCP, V3, "HostSNIRegexp(`^.+\\.localhost$`)"),
                arguments("Host(`a`,)", HTTP, V3, "Host(`a`)"),
                arguments("  Host( `a` )  ", HTTP, V3, "Host(`a`)"),
                arguments("Host(`a`) &&\n  Path(`/b`)", HTTP, V3, "Host(`a`) && Path(`/b`)"),
                arguments("Host(`a`)\n", HTTP, V3, "Host(`a`)"),
                arguments("Host(\"a\\x2eb\")", HTTP, V3, "Host(`a.b`)"),
                // Traefik v2 syntax, chosen with ruleSyntax=v2.
                arguments("Host(`a`, `b`)", HTTP, V2, "Host(`a`, `b`)"),
                arguments("HostHeader(`a`)", HTTP, V2, "HostHeader(`a`)"),
                arguments("HostRegexp(`{sub:[a-z]+}.localhost`)", HTTP, V2, "HostRegexp(`{sub:[a-z]+}.localhost`)"),
                arguments("PathPrefix(`/api/{id:[0-9]{3}}`)", HTTP, V2, "PathPrefix(`/api/{id:[0-9]{3}}`)"),
                arguments("Headers(`X-A`, `1`, `X-B`, `2`)", HTTP, V2, "Headers(`X-A`, `1`, `X-B`, `2`)"),
                arguments("Query(`debug=1`, `x=y`)", HTTP, V2, "Query(`debug=1`, `x=y`)"),
                arguments("Method(`GET`, `POST`)", HTTP, V2, "Method(`GET`, `POST`)"),
                arguments("HostSNI(`a`, `b`)", TCP, V2, "HostSNI(`a`, `b`)"),
                arguments("HostSNIRegexp(`{sub:[a-z]+}.localhost`)", TCP, V2, "HostSNIRegexp(`{sub:[a-z]+}.localhost`)"));
    }

    @ParameterizedTest(name = "[{index}] {0} ({1} {2})")
    @MethodSource("acceptedRules")
    void parsesRulesTraefikAccepts(String rule, RuleKind kind, RuleSyntax syntax, String expected) {
        assertEquals(expected, RuleParser.parse(rule, kind, syntax).toString());
    }

    /** Rules Traefik refuses: the message must carry the column and say what is wrong. */
    static Stream<Arguments> refusedRules() {
        return Stream.of(
                arguments("Host(`a`", HTTP, V3, "column 9: expected ',' or ')' after a value of Host, found the end of the rule"),
                arguments("Host(`a`) && (Path(`/b`)", HTTP, V3, "column 25: expected ')' to close the '(' at column 14"),
                arguments("Host(`a`) &&", HTTP, V3, "column 13: expected a matcher"),
                arguments("Host(`a`) Path(`/b`)", HTTP, V3, "column 11: expected '&&', '||' or the end of the rule, found 'Path'"),
                arguments("Host(`a`) & Path(`/b`)", HTTP, V3, "column 11: '&' is not an operator"),
                arguments("Host('a')", HTTP, V3, "column 6: strings in Traefik rules are written in backticks"),
                arguments("Host(a)", HTTP, V3, "column 6: expected a value in backticks or double quotes for Host, found 'a'"),
                arguments("Host(`a)", HTTP, V3, "column 6: string not terminated"),
                arguments("Host(\"a\\q\")", HTTP, V3, "column 8: unknown escape sequence '\\q'"),
                arguments("Host(1)", HTTP, V3, "column 6: matcher values must be strings"),
                arguments("Host(`a`)\n&& Path(`/b`)", HTTP, V3, "column 10: expected '&&', '||' or the end of the rule, found a line break"),
                arguments("Host(`a`) &&\nFoo(`b`)", HTTP, V3, "line 2, column 1: unknown matcher 'Foo'"),
                // v3 takes exactly one value where v2 took several.
                arguments("Host(`a`, `b`)", HTTP, V3, "column 1: Host takes exactly one value in Traefik v3, got 2"
                        + " (Traefik: unexpected number of parameters); for several, write Host(`a`) || Host(`b`),"
                        + " or set the router's ruleSyntax=v2"),
                arguments("HostSNI(`a`, `b`)", TCP, V3, "column 1: HostSNI takes exactly one value in Traefik v3, got 2"),
                arguments("Header(`X-A`)", HTTP, V3, "column 1: Header takes two values"),
                arguments("Host()", HTTP, V3, "column 1: Host() has no value (Traefik: no args for matcher Host)"),
                arguments("Host(``)", HTTP, V3, "column 6: Host has an empty value"),
                arguments("pathPrefix(`/a`)", HTTP, V3, "column 1: unknown matcher 'pathPrefix'"
                        + " in HTTP rules (v3 syntax); known: Host, HostRegexp, Path"),
                arguments("pathPrefix(`/a`)", HTTP, V3, "Traefik accepts only the spellings PathPrefix, pathprefix, PATHPREFIX, Pathprefix"),
                arguments("HostHeader(`a`)", HTTP, V3, "HostHeader is Traefik v2 syntax: use Host, or set the router's ruleSyntax=v2"),
                arguments("Headers(`X-A`, `1`)", HTTP, V3, "Headers is Traefik v2 syntax: use Header"),
                arguments("PathRegexp(`^/a`)", HTTP, V2, "PathRegexp exists only in Traefik v3 syntax"),
                arguments("HostSNI(`a`)", HTTP, V3, "HostSNI belongs in a TCP router"),
                arguments("Host(`a`)", TCP, V3, "Host belongs in an HTTP router"),
                arguments("Path(`api`)", HTTP, V3, "column 6: Path value 'api' does not start with a '/'"),
                arguments("PathPrefix(`api`)", HTTP, V2, "PathPrefix value 'api' does not start with a '/'"),
                arguments("Host(`bücher.example`)", HTTP, V3, "column 6: Host value 'bücher.example' has non-ASCII characters"),
                arguments("HostRegexp(`(a`)", HTTP, V3, "column 12: HostRegexp pattern '(a' is not a valid regular expression"),
                arguments("PathRegexp(`^/(?!admin)`)", HTTP, V3, "lookaround, backreferences or possessive quantifiers"),
                arguments("HostRegexp(`{sub:[a-z]+.localhost`)", HTTP, V2, "has unbalanced braces"),
                arguments("HostRegexp(`{:[a-z]+}.localhost`)", HTTP, V2, "needs a name and, after ':', a pattern"),
                arguments("ClientIP(`10.0.0.300`)", HTTP, V3, "column 10: ClientIP value '10.0.0.300' is not an IP address or CIDR block"),
                arguments("HostSNI(`a b`)", TCP, V3, "column 9: HostSNI value 'a b' is not a valid hostname or IP"),
                arguments("ALPN(`acme-tls/1`)", TCP, V3, "ALPN value 'acme-tls/1' is reserved"),
                arguments("Headers(`X-A`)", HTTP, V2, "Headers takes header names and values in pairs, got 1"),
                arguments("Query(`debug`)", HTTP, V2, "Query in Traefik v2 syntax takes name=value pairs"),
                arguments("Host(`a`) == Host(`b`)", HTTP, V3, "column 11: '=' is not supported"),
                arguments("   ", HTTP, V3, "column 1: the rule is empty"));
    }

    @ParameterizedTest(name = "[{index}] {0} ({1} {2})")
    @MethodSource("refusedRules")
    void refusesRulesTraefikRefusesNamingTheColumn(String rule, RuleKind kind, RuleSyntax syntax, String fragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> RuleParser.parse(rule, kind, syntax));
        assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void errorNamesTheLabelBeforeTheColumn() {
        ConfigException e = assertThrows(ConfigException.class, () -> RuleParser.parse("Host(`api.localhost`",
                HTTP, V3, "label traefik.http.routers.api.rule"));
        assertEquals("label traefik.http.routers.api.rule: column 21: expected ',' or ')' after a value of Host,"
                + " found the end of the rule", e.getMessage());
    }

    @Test
    void firstSyntaxErrorWinsOverAnEarlierUnknownMatcher() {
        // Traefik hands the whole text to Go's parser before it looks at any matcher name.
        ConfigException e = assertThrows(ConfigException.class,
                () -> RuleParser.parse("Foo(`a`) && Host(`b`", HTTP, V3));
        assertTrue(e.getMessage().startsWith("column 21:"), e.getMessage());
    }

    @Test
    void andBindsTighterThanOr() {
        Rule r = RuleParser.parse("Host(`a`) || Host(`b`) && Path(`/x`)", HTTP, V3);
        Rule.Or or = (Rule.Or) r;
        assertTrue(or.right() instanceof Rule.And, r::toString);
    }

    @Test
    void keepsColumnsOfMatchers() {
        Rule.And and = (Rule.And) RuleParser.parse("Host(`a`) && Path(`/b`)", HTTP, V3);
        assertEquals(List.of(1, 14), List.of(((Rule.Match) and.left()).column(), ((Rule.Match) and.right()).column()));
    }

    @Test
    void rawStringsKeepBackslashesAndQuotedStringsDecodeEscapes() {
        Rule.Match raw = (Rule.Match) RuleParser.parse("HostRegexp(`a\\.b`)", HTTP, V3);
        Rule.Match quoted = (Rule.Match) RuleParser.parse("HostRegexp(\"a\\\\.b\")", HTTP, V3);
        assertEquals(List.of("a\\.b"), raw.values());
        assertEquals(raw.values(), quoted.values());
    }
}
