package io.debugproxy.proxy.route;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.route.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostnameRoutesTest {

    private static final HostPort DELVE = new HostPort("10.0.0.2", 2345);

    private final RouteTablePublisher publisher = new RouteTablePublisher();
    private final HostnameRoutes routes = new HostnameRoutes(publisher);

    private static RouteSpec route(String name, String... hosts) {
        return RouteSpec.ok(name, null, null, DELVE, List.of(hosts), null, List.of());
    }

    private static RouteSpec inError(String name, String... hosts) {
        return new RouteSpec(name, null, null, DELVE, List.of(hosts), null, List.of(), Upstream.PLAIN, "bad label", null,
                List.of(), List.of());
    }

    @ParameterizedTest(name = "name ''{0}''")
    @CsvSource(nullValues = "none", value = {
            "api.debug.localhost, api",
            "API.Debug.LocalHost, api",
            "api.example.test, api",
            "broken.debug.localhost, none",
            "web.debug.localhost, none",
            // The name only: taking a Host header apart is the HTTP side's job.
            "api.debug.localhost:2345, none",
            "api.debug.localhost., none",
            "'', none",
            "none, none",
    })
    void findsTheUsableRouteOfAnExactHostNameInAnyCase(String hostname, String expectedRoute) {
        publisher.publish(RouteTable.of(List.of(
                route("api", "api.debug.localhost", "api.example.test"),
                inError("broken", "broken.debug.localhost"))));
        assertEquals(expectedRoute, routes.route(hostname).map(RouteSpec::name).orElse(null));
    }

    @Test
    void servesOnlyTheNamesOfUsableRoutes() {
        publisher.publish(RouteTable.of(List.of(
                route("api", "api.debug.localhost"),
                inError("broken", "broken.debug.localhost"))));
        assertTrue(routes.serves("api.debug.localhost"));
        assertFalse(routes.serves("broken.debug.localhost"));
        assertFalse(routes.serves(null));
    }

    @Test
    void aNameTwoRoutesClaimGoesToTheFirstByRouteName() {
        publisher.publish(RouteTable.of(List.of(
                route("web", "shared.debug.localhost"),
                route("api", "Shared.Debug.Localhost"))));
        assertEquals("api", routes.route("shared.debug.localhost").map(RouteSpec::name).orElse(null));
    }

    @Test
    void aRouteInErrorNeverTakesANameFromAUsableOne() {
        publisher.publish(RouteTable.of(List.of(
                inError("aaa", "shared.debug.localhost"),
                route("zzz", "shared.debug.localhost"))));
        assertEquals("zzz", routes.route("shared.debug.localhost").map(RouteSpec::name).orElse(null));
    }

    @Test
    void followsTheTablePublishedLast() {
        publisher.publish(RouteTable.of(List.of(route("api", "api.debug.localhost"))));
        assertTrue(routes.serves("api.debug.localhost"));
        publisher.publish(RouteTable.of(List.of(route("web", "web.debug.localhost"))));
        assertFalse(routes.serves("api.debug.localhost"));
        assertEquals("web", routes.route("web.debug.localhost").map(RouteSpec::name).orElse(null));
    }
}
