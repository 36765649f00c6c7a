package io.debugproxy.proxy.forward;

import io.debugproxy.config.discovery.ContainerInfo;
import io.debugproxy.config.discovery.ContainerRouteRules;
import io.debugproxy.config.discovery.DiscoverySettings;
import io.debugproxy.config.route.HostPort;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ForwarderSpecTest {

    private static final ContainerRouteRules FORWARDING =
            new ContainerRouteRules(new DiscoverySettings("", Set.of(), "debug.localhost", true));

    private static ContainerInfo container(Map<String, String> labels, String... command) {
        return new ContainerInfo("abcdef0123456789", "api", labels, List.of(command),
                Map.of("shop_default", "172.18.0.5", "shop_backend", "172.19.0.5"), "bridge", List.of());
    }

    static Stream<Arguments> noForwarderNeeded() {
        return Stream.of(
                arguments("listens on every interface", container(Map.of(), "dlv", "exec", "/app", "--headless", "--listen=:2345")),
                arguments("random loopback port (no --listen)", container(Map.of(), "dlv", "exec", "/app", "--headless")),
                arguments("not headless", container(Map.of(), "dlv", "exec", "/app", "--listen=127.0.0.1:2345")),
                arguments("not Delve", container(Map.of(), "/app")),
                arguments("debugging switched off by label", container(Map.of("debugproxy.enable", "false"),
                        "dlv", "exec", "/app", "--headless", "--listen=127.0.0.1:2345")),
                arguments("route in error (bad label)", container(Map.of("debugproxy.delve.port", "x"),
                        "dlv", "exec", "/app", "--headless", "--listen=127.0.0.1:2345")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noForwarderNeeded")
    void needsNoForwarder(String what, ContainerInfo c) {
        assertEquals(Optional.empty(), ForwarderSpec.of(c, FORWARDING));
    }

    @Test
    void loopbackDelve_isForwardedFromEveryContainerIp() {
        ForwarderSpec spec = ForwarderSpec.of(container(Map.of(), "dlv", "exec", "/app", "--headless",
                "--listen=127.0.0.1:40000", "--accept-multiclient"), FORWARDING).orElseThrow();
        assertEquals(List.of(new HostPort("172.18.0.5", 40000), new HostPort("172.19.0.5", 40000)), spec.listen());
        assertEquals(new HostPort("127.0.0.1", 40000), spec.to());
        assertEquals(List.of("forward", "--listen", "172.18.0.5:40000", "--listen", "172.19.0.5:40000",
                "--to", "127.0.0.1:40000"), spec.command());
    }

    @Test
    void localhostMeansTheIpv4LoopbackDelveBinds_andIpv6StaysIpv6() {
        assertEquals(new HostPort("127.0.0.1", 2345), ForwarderSpec.of(container(Map.of(), "dlv", "exec", "/app",
                "--headless", "--listen=localhost:2345"), FORWARDING).orElseThrow().to());
        assertEquals("[::1]:2345", ForwarderSpec.of(container(Map.of(), "dlv", "exec", "/app",
                "--headless", "--listen=[::1]:2345"), FORWARDING).orElseThrow().to().toString());
    }

    @Test
    void helperNameNamesTheTargetAndTheProxyInstance_andStaysValid() {
        ForwarderSpec spec = new ForwarderSpec("abcdef0123456789", "shop/api 1", List.of(new HostPort("10.0.0.2", 1)),
                new HostPort("127.0.0.1", 1));
        String name = Forwarders.helperName(spec, new ForwarderInstance("0011223344aa", null, "test"));
        assertEquals("debugproxy-fwd-shop-api-1-abcdef01-00112233", name);
        assertTrue(name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]+"), name);
    }

    @Test
    void twoProxiesGiveTheSameTargetDifferentHelperNames() {
        ForwarderSpec spec = new ForwarderSpec("abcdef0123456789", "api", List.of(new HostPort("10.0.0.2", 1)),
                new HostPort("127.0.0.1", 1));
        ForwarderInstance a = ForwarderInstance.of(Optional.empty(), "dev1", java.nio.file.Path.of("/tmp/a/state"));
        ForwarderInstance b = ForwarderInstance.of(Optional.empty(), "dev1", java.nio.file.Path.of("/tmp/b/state"));
        assertTrue(!Forwarders.helperName(spec, a).equals(Forwarders.helperName(spec, b)));
    }

    @Test
    void anyPortCommandListensOnTheSameIpsAtPortZero() {
        ForwarderSpec spec = ForwarderSpec.of(container(Map.of(), "dlv", "exec", "/app", "--headless",
                "--listen=127.0.0.1:2345"), FORWARDING).orElseThrow();
        assertEquals(List.of("forward", "--listen", "172.18.0.5:0", "--listen", "172.19.0.5:0",
                "--to", "127.0.0.1:2345"), spec.command(true));
    }

    @Test
    void readyLineGivesTheAddressesTheHelperListensOn() {
        String logs = "2026-01-01T00:00:00Z level=INFO logger=TcpForwarder event=forward_listening listen=172.18.0.5:0\n"
                + "forwarding [172.18.0.5:41234, 172.19.0.5:40111] to 127.0.0.1:2345\n";
        assertEquals(Optional.of(List.of(new HostPort("172.18.0.5", 41234), new HostPort("172.19.0.5", 40111))),
                Forwarders.listening(logs));
        assertEquals(Optional.empty(), Forwarders.listening("event=forward_listening listen=172.18.0.5:2345\n"));
    }
}
