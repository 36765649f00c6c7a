package io.debugproxy.config.discovery;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.debugproxy.config.discovery.Containers.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docker.forwarders: a loopback-bound Delve becomes a usable route through a forwarder, and says so. */
class ForwardedRoutesTest {

    private static final ContainerRouteRules WITHOUT = new ContainerRouteRules(
            new DiscoverySettings("", Set.of(), "debug.localhost"));
    private static final ContainerRouteRules WITH = new ContainerRouteRules(
            new DiscoverySettings("", Set.of(), "debug.localhost", true));

    private static ContainerInfo loopback(String listen) {
        return container("api").network("shop_default", "172.18.0.5")
                .command("dlv", "exec", "/app", "--headless", "--listen=" + listen).build();
    }

    @Test
    void loopbackDelveWithForwarders_dialsTheContainerIp_andNotesTheForwarder() {
        RouteSpec route = WITH.apply(loopback("127.0.0.1:2345")).orElseThrow().toRouteSpec("api", "debug.localhost");
        assertTrue(route.usable(), String.valueOf(route.error()));
        assertEquals(new HostPort("172.18.0.5", 2345), route.target());
        assertEquals("via forwarder: dlv listens on 127.0.0.1:2345 inside the container", route.note());
    }

    @Test
    void loopbackDelveWithoutForwarders_isAnError_namingBothFixes() {
        DiscoveredRoute route = WITHOUT.apply(loopback("127.0.0.1:2345")).orElseThrow();
        assertFalse(route.usable());
        assertTrue(route.draft().error().contains("--listen=:2345"), route.draft().error());
        assertTrue(route.draft().error().contains("docker.forwarders: true"), route.draft().error());
    }

    @Test
    void randomLoopbackPort_staysAnErrorEvenWithForwarders() {
        DiscoveredRoute route = WITH.apply(container("api").network("n", "10.0.0.2")
                .command("dlv", "exec", "/app", "--headless").build()).orElseThrow();
        assertFalse(route.usable());
        assertFalse(route.draft().error().contains("docker.forwarders"), route.draft().error());
    }

    @Test
    void delveOnEveryInterface_hasNoNote() {
        RouteSpec route = WITH.apply(loopback(":2345")).orElseThrow().toRouteSpec("api", "debug.localhost");
        assertTrue(route.usable());
        assertNull(route.note());
    }

    @Test
    void theProgramArgumentIsKept() {
        assertEquals("/app", DelveCommandLine.parse(List.of("dlv", "--headless", "exec", "/app", "--listen=:1"))
                .orElseThrow().program());
        assertEquals("./cmd/api", DelveCommandLine.parse(List.of("sh", "-c", "dlv debug ./cmd/api --headless -l :2345"))
                .orElseThrow().program());
        assertEquals("", DelveCommandLine.parse(List.of("dlv", "version")).orElseThrow().program());
    }
}
