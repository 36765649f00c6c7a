package io.debugproxy.config.discovery;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RouteNamingTest {

    private static final RouteNaming NAMING = new RouteNaming("debug.localhost");

    private static DiscoveredRoute route(String container, String project, String service, String explicit) {
        String id = Integer.toHexString(container.hashCode()) + "00000000000000000000000000000000";
        RouteSpec draft = RouteSpec.ok(container, container, id, new HostPort("10.0.0.1", 2345), List.of(), null, List.of());
        return new DiscoveredRoute(draft, service, project, explicit);
    }

    private static DiscoveredRoute compose(String container, String project, String service) {
        return route(container, project, service, "");
    }

    private static DiscoveredRoute plain(String container) {
        return route(container, "", "", "");
    }

    /** "name<-container" pairs, in output order. */
    private static List<String> names(List<RouteSpec> routes) {
        return routes.stream().map(r -> r.name() + "<-" + r.container()).toList();
    }

    @Test
    void namesRouteAfterComposeService() {
        assertEquals(List.of("api<-shop-api-1"), names(NAMING.assign(List.of(compose("shop-api-1", "shop", "api")))));
    }

    @Test
    void namesRouteAfterContainerWithoutCompose() {
        assertEquals(List.of("payments<-payments"), names(NAMING.assign(List.of(plain("payments")))));
    }

    @Test
    void explicitLabelWinsOverServiceName() {
        assertEquals(List.of("billing<-shop-api-1"),
                names(NAMING.assign(List.of(route("shop-api-1", "shop", "api", "billing")))));
    }

    @Test
    void explicitLabelKeepsNameAgainstAnotherRoutesService() {
        List<RouteSpec> out = NAMING.assign(List.of(route("x-1", "x", "worker", "api"), compose("shop-api-1", "shop", "api")));
        assertEquals(List.of("api<-x-1", "api.shop<-shop-api-1"), names(out));
    }

    @Test
    void sameServiceInTwoProjectsGetsProjectSuffix() {
        List<RouteSpec> out = NAMING.assign(List.of(compose("shop-api-1", "shop", "api"), compose("blog-api-1", "blog", "api")));
        assertEquals(List.of("api.blog<-blog-api-1", "api.shop<-shop-api-1"), names(out));
    }

    @Test
    void scaledReplicasGetContainerNames() {
        List<RouteSpec> out = NAMING.assign(List.of(compose("shop-api-1", "shop", "api"), compose("shop-api-2", "shop", "api")));
        assertEquals(List.of("shop-api-1<-shop-api-1", "shop-api-2<-shop-api-2"), names(out));
    }

    @Test
    void replicasInOneProjectAndSameServiceInAnother() {
        List<RouteSpec> out = NAMING.assign(List.of(compose("shop-api-1", "shop", "api"), compose("shop-api-2", "shop", "api"),
                compose("blog-api-1", "blog", "api")));
        assertEquals(List.of("api.blog<-blog-api-1", "shop-api-1<-shop-api-1", "shop-api-2<-shop-api-2"), names(out));
    }

    @Test
    void duplicateExplicitNamesFallBackToContainerNames() {
        List<RouteSpec> out = NAMING.assign(List.of(route("a", "", "", "api"), route("b", "", "", "api")));
        assertEquals(List.of("a<-a", "b<-b"), names(out));
    }

    @Test
    void duplicateExplicitNamesAreSaidInTheRoutesWarnings() {
        List<RouteSpec> out = NAMING.assign(List.of(route("a", "", "", "api"), route("b", "", "", "api")));
        for (RouteSpec r : out) {
            assertEquals(List.of("debugproxy.route=api is held by another container's route; this one is named '"
                    + r.name() + "' (give each container its own debugproxy.route)"), r.warnings(), r.toString());
        }
    }

    @Test
    void aRouteKeepsItsHeldName_whenTheSameServiceStartsInAnotherProject() {
        DiscoveredRoute shop = compose("shop-api-1", "shop", "api");
        List<RouteSpec> out = NAMING.assign(List.of(shop, compose("blog-api-1", "blog", "api")),
                Map.of(shop.containerId(), "api"));
        assertEquals(List.of("api<-shop-api-1", "api.blog<-blog-api-1"), names(out));
    }

    @Test
    void aHeldNameKeepsAgainstALiteralContainerName() {
        DiscoveredRoute shop = compose("shop-api-1", "shop", "api");
        List<RouteSpec> out = NAMING.assign(List.of(shop, plain("api")), Map.of(shop.containerId(), "api"));
        assertEquals(List.of("api<-shop-api-1", "api-" + plain("api").containerId().substring(0, 12) + "<-api"),
                names(out));
    }

    @Test
    void aHeldDerivedNameGivesWayToAnExplicitLabel() {
        DiscoveredRoute shop = compose("shop-api-1", "shop", "api");
        List<RouteSpec> out = NAMING.assign(List.of(shop, route("x-1", "x", "worker", "api")),
                Map.of(shop.containerId(), "api"));
        assertEquals(List.of("api<-x-1", "api.shop<-shop-api-1"), names(out));
    }

    @Test
    void aHeldExplicitNameKeepsAgainstANewExplicitClaim() {
        DiscoveredRoute first = route("a", "", "", "api");
        List<RouteSpec> out = NAMING.assign(List.of(first, route("b", "", "", "api")), Map.of(first.containerId(), "api"));
        assertEquals(List.of("api<-a", "b<-b"), names(out));
        assertEquals(List.of(), out.get(0).warnings());
        assertEquals(1, out.get(1).warnings().size(), out.get(1).toString());
    }

    @Test
    void plainContainerNameWinsOverServiceName() {
        List<RouteSpec> out = NAMING.assign(List.of(plain("api"), compose("shop-api-1", "shop", "api")));
        assertEquals(List.of("api<-api", "api.shop<-shop-api-1"), names(out));
    }

    @Test
    void literalContainerNameWinsOverServiceProjectName() {
        List<RouteSpec> out = NAMING.assign(List.of(plain("api.shop"), compose("shop-api-1", "shop", "api"),
                compose("blog-api-1", "blog", "api")));
        assertEquals(List.of("api.blog<-blog-api-1", "api.shop<-api.shop", "shop-api-1<-shop-api-1"), names(out));
    }

    @Test
    void containerNameTakenByExplicitLabelGetsIdSuffix() {
        DiscoveredRoute plainApi = plain("api");
        List<RouteSpec> out = NAMING.assign(List.of(plainApi, route("other", "", "", "api")));
        assertEquals(List.of("api<-other", "api-" + plainApi.containerId().substring(0, 12) + "<-api"), names(out));
    }

    @Test
    void normalisesNamesToLowerCaseRouteNames() {
        List<RouteSpec> out = NAMING.assign(List.of(route("X", "", "", "My API!"), compose("c1", "Shop", "Web_App")));
        assertEquals(List.of("my-api<-X", "web_app<-c1"), names(out));
    }

    @Test
    void defaultHostUsesFinalName() {
        List<RouteSpec> out = NAMING.assign(List.of(compose("shop-api-1", "shop", "api"), compose("blog-api-1", "blog", "api")));
        assertEquals(List.of("api.blog.debug.localhost"), out.get(0).hosts());
    }

    @Test
    void defaultHostComesBeforeLabelHosts() {
        RouteSpec draft = RouteSpec.ok("c", "c", "abc", new HostPort("10.0.0.1", 2345), List.of("api.localhost"), null, List.of());
        List<RouteSpec> out = NAMING.assign(List.of(new DiscoveredRoute(draft, "api", "shop", "")));
        assertEquals(List.of("api.debug.localhost", "api.localhost"), out.get(0).hosts());
    }

    @Test
    void defaultHostReplacesUnderscoresWithHyphens() {
        assertEquals(List.of("my-app.debug.localhost"), NAMING.assign(List.of(plain("my_app"))).get(0).hosts());
    }

    @Test
    void errorRoutesGetNamesButNoHosts() {
        RouteSpec draft = RouteSpec.failed("shop-api-1", "shop-api-1", "abc", "broken");
        RouteSpec out = NAMING.assign(List.of(new DiscoveredRoute(draft, "api", "shop", ""))).get(0);
        assertEquals("api", out.name());
        assertEquals(List.of(), out.hosts());
        assertEquals("broken", out.error());
    }

    @Test
    void aUsableRouteWinsANameOverOneInError() {
        RouteSpec broken = RouteSpec.failed("blog-api-1", "blog-api-1", "abc", "broken");
        List<RouteSpec> out = NAMING.assign(List.of(compose("shop-api-1", "shop", "api"), new DiscoveredRoute(broken, "api", "blog", "")));
        assertEquals(List.of("api<-shop-api-1", "api.blog<-blog-api-1"), names(out));
    }

    @Test
    void errorRoutesStillTakePartInCollisions() {
        RouteSpec broken = RouteSpec.failed("blog-api-1", "blog-api-1", "abc", "broken");
        RouteSpec alsoBroken = RouteSpec.failed("shop-api-1", "shop-api-1", "def", "broken");
        List<RouteSpec> out = NAMING.assign(List.of(new DiscoveredRoute(alsoBroken, "api", "shop", ""),
                new DiscoveredRoute(broken, "api", "blog", "")));
        assertEquals(List.of("api.blog<-blog-api-1", "api.shop<-shop-api-1"), names(out));
    }

    @Test
    void afterARestartARouteGetsBackTheNameItHad_evenIfAnotherStackWouldTakeIt() {
        DiscoveredRoute mine = compose("review7-api-1", "review7", "api");
        DiscoveredRoute theirs = compose("review4-api-1", "review4", "api");
        List<RouteSpec> out = NAMING.assign(List.of(theirs, mine),
                new RouteNaming.Holds(Map.of(), Map.of("review7-api-1", "api")));
        assertEquals(List.of("api<-review7-api-1", "api.review4<-review4-api-1"), names(out));
    }

    @Test
    void aNameHeldNowBeatsTheSameNameRemembered() {
        DiscoveredRoute running = compose("review4-api-1", "review4", "api");
        DiscoveredRoute returning = compose("review7-api-1", "review7", "api");
        List<RouteSpec> out = NAMING.assign(List.of(running, returning),
                new RouteNaming.Holds(Map.of(running.containerId(), "api"), Map.of("review7-api-1", "api")));
        assertEquals(List.of("api<-review4-api-1", "api.review7<-review7-api-1"), names(out));
    }

    @Test
    void resultDoesNotDependOnInputOrder() {
        List<DiscoveredRoute> routes = new ArrayList<>(List.of(
                compose("shop-api-1", "shop", "api"), compose("shop-api-2", "shop", "api"), compose("blog-api-1", "blog", "api"),
                plain("api"), route("x", "", "", "api.blog"), compose("shop-web-1", "shop", "web"), plain("worker")));
        List<RouteSpec> expected = NAMING.assign(routes);
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(routes, random);
            assertEquals(expected, NAMING.assign(routes));
        }
    }

    @Test
    void namesAreUniqueInCrowdedTable() {
        List<RouteSpec> out = NAMING.assign(List.of(
                compose("shop-api-1", "shop", "api"), compose("shop-api-2", "shop", "api"), compose("blog-api-1", "blog", "api"),
                plain("api"), route("x", "", "", "api.blog"), route("y", "", "", "shop-api-1"), plain("api.shop")));
        assertEquals(out.size(), out.stream().map(RouteSpec::name).distinct().count(), () -> names(out).toString());
        assertFalse(out.stream().anyMatch(r -> r.name().isEmpty()));
    }
}
