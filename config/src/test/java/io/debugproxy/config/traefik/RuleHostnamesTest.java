package io.debugproxy.config.traefik;

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
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RuleHostnamesTest {

    /** Rules whose hostnames are exactly known. */
    static Stream<Arguments> exactRules() {
        return Stream.of(
                arguments("Host(`API.localhost`)", HTTP, V3, List.of("api.localhost")),
                arguments("Host(`api.localhost.`)", HTTP, V3, List.of("api.localhost")),
                arguments("Host(`a.localhost`) || Host(`b.localhost`)", HTTP, V3, List.of("a.localhost", "b.localhost")),
                arguments("Host(`a.localhost`) && PathPrefix(`/api`)", HTTP, V3, List.of("a.localhost")),
                arguments("(Host(`a.localhost`) || Host(`b.localhost`)) && !Path(`/admin`)", HTTP, V3,
                        List.of("a.localhost", "b.localhost")),
                arguments("Host(`a.localhost`) && PathPrefix(`/x`) || Host(`b.localhost`) && Method(`GET`)", HTTP, V3,
                        List.of("a.localhost", "b.localhost")),
                arguments("Host(`a.localhost`) && (Host(`a.localhost`) || Host(`b.localhost`))", HTTP, V3,
                        List.of("a.localhost")),
                arguments("!!Host(`a.localhost`)", HTTP, V3, List.of("a.localhost")),
                arguments("!(!Host(`a.localhost`) || Path(`/x`))", HTTP, V3, List.of("a.localhost")),
                arguments("Host(`a.localhost`, `b.localhost`)", HTTP, V2, List.of("a.localhost", "b.localhost")),
                arguments("HostHeader(`a.localhost`)", HTTP, V2, List.of("a.localhost")),
                arguments("HostSNI(`db.localhost`)", TCP, V3, List.of("db.localhost")),
                arguments("HostSNI(`db.localhost`) && ALPN(`h2`)", TCP, V3, List.of("db.localhost")),
                arguments("HostSNI(`a.localhost`) || HostSNI(`b.localhost`)", TCP, V3, List.of("a.localhost", "b.localhost")),
                arguments("HostSNI(`a.localhost`, `b.localhost`)", TCP, V2, List.of("a.localhost", "b.localhost")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("exactRules")
    void mapsRulesToExactHostnames(String rule, RuleKind kind, RuleSyntax syntax, List<String> hosts) {
        RuleHostnames h = RuleHostnames.of(RuleParser.parse(rule, kind, syntax));
        assertEquals(hosts, h.hosts());
        assertTrue(h.exact(), () -> "unexpected: " + h.unmapped());
    }

    /** Rules that reach hostnames no list can name: what is routable, and the reason naming the culprit. */
    static Stream<Arguments> unmappableRules() {
        return Stream.of(
                arguments("!Host(`a.localhost`)", HTTP, List.of(),
                        "!Host(`a.localhost`) (column 2) matches every hostname except the ones it names"),
                arguments("HostRegexp(`^.+\\.localhost$`)", HTTP, List.of(),
                        "HostRegexp(`^.+\\.localhost$`) (column 1) matches hostnames by pattern"),
                arguments("PathPrefix(`/api`)", HTTP, List.of(), "PathPrefix(`/api`) (column 1) does not name a hostname"),
                arguments("Host(`a.localhost`) || PathPrefix(`/x`)", HTTP, List.of("a.localhost"),
                        "PathPrefix(`/x`) (column 24) does not name a hostname"),
                arguments("Host(`a.localhost`) || HostRegexp(`.*`)", HTTP, List.of("a.localhost"), "matches hostnames by pattern"),
                arguments("!(Host(`a.localhost`) && Path(`/x`))", HTTP, List.of(), "!Host(`a.localhost`) (column 3)"),
                arguments("Host(`10.0.0.1`)", HTTP, List.of(), "names '10.0.0.1', which is not a DNS hostname"),
                arguments("Host(`a.localhost`) && Host(`b.localhost`)", HTTP, List.of(), "can never match"),
                arguments("HostSNI(`*`)", TCP, List.of(), "HostSNI(`*`) (column 1) matches every server name"),
                arguments("HostSNIRegexp(`^db-.*$`)", TCP, List.of(), "matches hostnames by pattern"),
                arguments("ClientIP(`10.0.0.0/8`)", TCP, List.of(), "does not name a hostname"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unmappableRules")
    void reportsRulesThatCannotBeMappedToHostnames(String rule, RuleKind kind, List<String> hosts, String reason) {
        RuleHostnames h = RuleHostnames.of(RuleParser.parse(rule, kind, V3));
        assertEquals(hosts, h.hosts());
        assertTrue(h.unmapped().stream().anyMatch(u -> u.contains(reason)), () -> h.unmapped() + " lacks '" + reason + "'");
    }
}
