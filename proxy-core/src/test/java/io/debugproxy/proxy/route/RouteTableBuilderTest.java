package io.debugproxy.proxy.route;

import io.debugproxy.config.discovery.ContainerInfo;
import io.debugproxy.config.discovery.ContainerRouteRules;
import io.debugproxy.config.discovery.DiscoverySettings;
import io.debugproxy.config.route.RouteSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTableBuilderTest {

    private static final String POD_ID = "5eed000000000000000000000000000000000000000000000000000000000000";
    private static final List<String> HEADLESS_DLV = List.of("/dlv", "exec", "/app", "--headless", "--listen=:2345");
    private static final ContainerRouteRules RULES =
            new ContainerRouteRules(new DiscoverySettings("", Set.of(), "debug.localhost"));

    private final RouteTableBuilder builder = new RouteTableBuilder(List.of(), "debug.localhost");

    private static ContainerInfo pod() {
        return new ContainerInfo(POD_ID, "pod", Map.of(), List.of("/pause"), Map.of("app_net", "10.3.0.7"), "app_net",
                List.of());
    }

    private static ContainerInfo sharing(String name, String ref) {
        return new ContainerInfo(name + "00000000000000000000000000000000000000000000000000000000000000", name, Map.of(),
                HEADLESS_DLV, Map.of(), "container:" + ref, List.of());
    }

    private static RouteSpec only(RouteTable table) {
        assertEquals(1, table.size(), table.routes().toString());
        return table.routes().get(0);
    }

    @Test
    void containerSharingAnotherOnesNetworkIsDialedAtThatOnesAddress() {
        RouteSpec api = only(builder.build(List.of(pod(), sharing("api", POD_ID)), RULES));

        assertTrue(api.usable(), api.error());
        assertEquals("10.3.0.7:2345", api.target().toString());
    }

    @Test
    void otherContainerMayBeNamedByNameOrShortId() {
        assertEquals("10.3.0.7:2345", only(builder.build(List.of(pod(), sharing("api", "pod")), RULES)).target().toString());
        assertEquals("10.3.0.7:2345",
                only(builder.build(List.of(pod(), sharing("api", POD_ID.substring(0, 12))), RULES)).target().toString());
    }

    @Test
    void containerSharingTheNetworkOfOneThatIsGoneIsAnErrorRoute() {
        RouteSpec api = only(builder.build(List.of(sharing("api", POD_ID)), RULES));

        assertEquals("error", api.status());
        assertTrue(api.error().contains("not running"), api.error());
    }

    private static ContainerInfo webTarget(String name, String ip, String rule) {
        return new ContainerInfo(name + "0".repeat(64 - name.length()), name,
                Map.of("traefik.http.routers.web.rule", rule), HEADLESS_DLV, Map.of("net", ip), "net", List.of(8080));
    }

    @Test
    void aRouterTwoContainersDefineDifferentlyGivesNeitherRouteItsHostname() {
        RouteTable table = builder.build(List.of(webTarget("a", "10.4.0.2", "Host(`a.localhost`)"),
                webTarget("b", "10.4.0.3", "Host(`b.localhost`)")), RULES);

        assertEquals(List.of("[a.debug.localhost]", "[b.debug.localhost]"),
                table.routes().stream().map(r -> r.hosts().toString()).toList());
    }

    private static ContainerInfo composeApi(String project, String id) {
        return new ContainerInfo(id, project + "-api-1", Map.of("com.docker.compose.project", project,
                "com.docker.compose.service", "api"), HEADLESS_DLV, Map.of("net", "10.4.0." + id.charAt(0)), "default",
                List.of());
    }

    @Test
    void aSecondStackWithTheSameServiceLeavesTheFirstRoutesNameAlone() {
        ContainerInfo shop = composeApi("shop", "1" + "0".repeat(63));
        ContainerInfo blog = composeApi("blog", "2" + "0".repeat(63));
        RouteTable before = builder.build(List.of(shop), RULES);
        assertEquals("api", only(before).name());

        RouteTable after = builder.build(List.of(shop, blog), RULES, before);

        assertEquals(List.of("api:shop-api-1", "api.blog:blog-api-1"),
                after.routes().stream().map(r -> r.name() + ":" + r.container()).toList());
        assertEquals(List.of("api.blog:blog-api-1", "api.shop:shop-api-1"),
                builder.build(List.of(shop, blog), RULES).routes().stream().map(r -> r.name() + ":" + r.container()).toList(),
                "a fresh start names both after their project");
    }
}
