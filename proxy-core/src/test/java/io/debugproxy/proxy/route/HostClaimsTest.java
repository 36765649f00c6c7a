package io.debugproxy.proxy.route;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.route.Upstream;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class HostClaimsTest {

    private static final HostPort DELVE = new HostPort("10.0.0.2", 2345);

    private static RouteSpec route(String name, String... hosts) {
        return RouteSpec.ok(name, name + "-1", name + "-id", DELVE, List.of(hosts), null, List.of());
    }

    private static List<String> warnings(RouteTable table, String route) {
        return table.route(route).orElseThrow().warnings();
    }

    @Test
    void aHostnameTwoRoutesClaimIsAWarningOnBoth_namingTheRouteThatAnswers() {
        RouteTable table = HostClaims.withConflictWarnings(RouteTable.of(List.of(
                route("web", "web.debug.localhost", "shared.example.test"),
                route("api", "api.debug.localhost", "shared.example.test"))));
        assertEquals(List.of("host shared.example.test is also claimed by route web; api answers to it"
                + " (a hostname should name one route)"), warnings(table, "api"));
        assertEquals(List.of("host shared.example.test is also claimed by route api; api answers to it"
                + " (a hostname should name one route)"), warnings(table, "web"));
        assertEquals("api", HostClaims.owners(table).get("shared.example.test").name());
    }

    @Test
    void namesEveryOtherClaimant() {
        RouteTable table = HostClaims.withConflictWarnings(RouteTable.of(List.of(
                route("a", "x.test"), route("b", "X.test"), route("c", "x.test"))));
        assertEquals(List.of("host x.test is also claimed by routes a, c; a answers to it"
                + " (a hostname should name one route)"), warnings(table, "b"));
    }

    @Test
    void keepsTheRoutesOwnWarningsFirst() {
        RouteTable table = HostClaims.withConflictWarnings(RouteTable.of(List.of(
                route("a", "x.test").withWarnings(List.of("label typo")), route("b", "x.test"))));
        assertEquals(2, warnings(table, "a").size());
        assertEquals("label typo", warnings(table, "a").get(0));
    }

    @Test
    void tableWithoutSharedHostnamesIsReturnedAsItIs() {
        RouteTable table = RouteTable.of(List.of(route("a", "a.test"), route("b", "b.test")));
        assertSame(table, HostClaims.withConflictWarnings(table));
    }

    @Test
    void applyingItTwiceAddsNothing() {
        RouteTable once = HostClaims.withConflictWarnings(RouteTable.of(List.of(route("a", "x.test"), route("b", "x.test"))));
        assertEquals(once, HostClaims.withConflictWarnings(once));
    }

    @Test
    void aRouteInErrorClaimsNothing() {
        RouteTable table = HostClaims.withConflictWarnings(RouteTable.of(List.of(
                route("a", "x.test"), new RouteSpec("b", null, null, DELVE, List.of("x.test"), null, List.of(),
                        Upstream.PLAIN, "bad label", null, List.of(), List.of()))));
        assertEquals(List.of(), warnings(table, "a"));
    }
}
