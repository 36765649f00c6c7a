package io.debugproxy.config.discovery;

import io.debugproxy.config.traefik.TraefikWarning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.debugproxy.config.discovery.Containers.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class UnknownLabelsTest {

    static Stream<Arguments> unknownLabels() {
        return Stream.of(
                arguments("debugproxy.upstream.sevrername", "debugproxy has no such label; did you mean 'debugproxy.upstream.servername'?"),
                arguments("debugproxy.upstream.server_name", "debugproxy has no such label; did you mean 'debugproxy.upstream.servername'?"),
                arguments("debugproxy.enabled", "debugproxy has no such label; did you mean 'debugproxy.enable'?"),
                arguments("debugproxy.client", "debugproxy has no such label; did you mean 'debugproxy.clients'?"),
                arguments("debugproxy.delve_port", "debugproxy has no such label; did you mean 'debugproxy.delve.port'?"),
                arguments("debugproxy.upstream.serverName",
                        "debugproxy label keys are lower case; did you mean 'debugproxy.upstream.servername'?"),
                arguments("DebugProxy.Enable", "debugproxy label keys are lower case; did you mean 'debugproxy.enable'?"),
                arguments("debugproxy.timeout", "debugproxy has no such label; its labels are debugproxy.enable,"
                        + " debugproxy.route, debugproxy.delve.port, debugproxy.hosts, debugproxy.clients,"
                        + " debugproxy.upstream.tls, debugproxy.upstream.servername"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("unknownLabels")
    void warnsAboutAnUnknownLabelNamingContainerAndLabelWithASuggestion(String key, String advice) {
        List<TraefikWarning> warnings = UnknownLabels.of(container("api").label(key, "x").build());
        assertEquals(List.of(new TraefikWarning("api", key, "label " + key + " on container api is ignored: " + advice)),
                warnings);
    }

    @Test
    void saysNothingAboutTheLabelsDiscoveryReads() {
        Containers c = container("api");
        ContainerRouteRules.LABELS.forEach(key -> c.label(key, "x"));
        assertEquals(List.of(), UnknownLabels.of(c.build()));
    }

    @Test
    void saysNothingAboutOtherLabelsOrTheForwardersOwn() {
        assertEquals(List.of(), UnknownLabels.of(container("fwd")
                .label("traefik.http.routers.api.rule", "Host(`a.localhost`)")
                .label("com.docker.compose.service", "api")
                .label("debugproxylike.enable", "true")
                .label("debugproxy.forwarder.for", "0123")
                .label("debugproxy.forwarder.for-name", "api")
                .build()));
    }

    @Test
    void listsSeveralUnknownLabelsInKeyOrder() {
        List<TraefikWarning> warnings = UnknownLabels.of(container("api")
                .label("debugproxy.zz", "1").label("debugproxy.hostz", "a.localhost").build());
        assertEquals(List.of("debugproxy.hostz", "debugproxy.zz"), warnings.stream().map(TraefikWarning::label).toList());
    }
}
