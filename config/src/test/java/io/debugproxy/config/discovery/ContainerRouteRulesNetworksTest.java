package io.debugproxy.config.discovery;

import io.debugproxy.config.route.RouteSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static io.debugproxy.config.discovery.Containers.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which address a container is dialed at when its network is not its own or not the labelled one. */
class ContainerRouteRulesNetworksTest {

    private static final ContainerRouteRules RULES =
            new ContainerRouteRules(new DiscoverySettings("", Set.of(), "debug.localhost"));

    private static final String OWNER_ID = "0wner00000000000000000000000000000000000000000000000000000000000";

    private static Function<String, Optional<ContainerInfo>> lookup(ContainerInfo... running) {
        return ref -> List.of(running).stream().filter(c -> c.id().equals(ref) || c.name().equals(ref)).findFirst();
    }

    private static RouteSpec route(ContainerInfo c, Function<String, Optional<ContainerInfo>> lookup) {
        return RULES.apply(c, lookup).orElseThrow(() -> new AssertionError("not a target")).draft();
    }

    private static void assertContainsAll(String text, String... fragments) {
        for (String f : fragments) {
            assertTrue(text.contains(f), () -> "'" + text + "' lacks '" + f + "'");
        }
    }

    @Test
    void labelledNetworkMissingFallsBackAndWarnsAboutTheComposePrefix() {
        ContainerInfo api = container("api").compose("dpit", "api").network("dpit_backend", "10.9.0.2")
                .label("traefik.docker.network", "backend").build();

        RouteSpec r = route(api, lookup());

        assertEquals("10.9.0.2:2345", r.target().toString());
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        assertContainsAll(r.warnings().get(0), "traefik.docker.network", "'backend'", "container api", "dpit_backend",
                "did you mean 'dpit_backend'");
    }

    @Test
    void labelledNetworkMissingWithoutLikelyMatchSaysThePrefixMayBeMissing() {
        ContainerInfo api = container("api").network("front", "10.1.0.2").network("web", "10.2.0.2")
                .label("traefik.docker.network", "backend").build();

        RouteSpec r = route(api, lookup());

        assertEquals("10.1.0.2:2345", r.target().toString());
        assertContainsAll(r.warnings().get(0), "'backend'", "[front, web]", "dialing its address on front",
                "compose project prefix may be missing");
    }

    @Test
    void labelledNetworkPresentGivesNoWarning() {
        ContainerInfo api = container("api").network("front", "10.1.0.2").network("back", "10.2.0.2")
                .label("traefik.docker.network", "back").build();

        RouteSpec r = route(api, lookup());

        assertEquals("10.2.0.2:2345", r.target().toString());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void warningsReachTheNamedRoute() {
        ContainerInfo api = container("api").network("dpit_backend", "10.9.0.2")
                .label("traefik.docker.network", "backend").build();
        DiscoveredRoute discovered = RULES.apply(api).orElseThrow();

        RouteSpec named = discovered.toRouteSpec("api", "debug.localhost");

        assertEquals(discovered.draft().warnings(), named.warnings());
        assertEquals(1, named.warnings().size());
    }

    @Test
    void sharedNetworkNamespaceIsDialedAtTheOtherContainersAddress() {
        ContainerInfo owner = container("pod").id(OWNER_ID).command("/pause").network("app_net", "10.3.0.7").build();
        ContainerInfo api = container("api").networkMode("container:" + OWNER_ID).build();

        RouteSpec r = route(api, lookup(owner));

        assertTrue(r.usable(), r.error());
        assertEquals("10.3.0.7:2345", r.target().toString());
        assertEquals("in the network namespace of container pod", r.note());
    }

    @Test
    void sharedNetworkNamespaceMayNameTheOtherContainer() {
        ContainerInfo owner = container("pod").id(OWNER_ID).command("/pause").network("app_net", "10.3.0.7").build();
        ContainerInfo api = container("api").networkMode("container:pod").build();

        assertEquals("10.3.0.7:2345", route(api, lookup(owner)).target().toString());
    }

    @Test
    void chainOfSharedNamespacesIsFollowedToTheContainerThatOwnsIt() {
        ContainerInfo owner = container("pod").id(OWNER_ID).command("/pause").network("app_net", "10.3.0.7").build();
        ContainerInfo middle = container("mid").command("/sidecar").networkMode("container:pod").build();
        ContainerInfo api = container("api").networkMode("container:mid").build();

        assertEquals("10.3.0.7:2345", route(api, lookup(owner, middle)).target().toString());
    }

    @Test
    void namespaceOwnersTraefikNetworkIsPreferredAsTraefikDoes() {
        ContainerInfo owner = container("pod").id(OWNER_ID).command("/pause").network("a", "10.1.0.7")
                .network("b", "10.2.0.7").label("traefik.docker.network", "b").build();
        ContainerInfo api = container("api").networkMode("container:pod")
                .label("traefik.docker.network", "a").build();

        assertEquals("10.2.0.7:2345", route(api, lookup(owner)).target().toString());
    }

    @Test
    void ownLabelPicksAmongTheOwnersNetworksWhenTheOwnerHasNone() {
        ContainerInfo owner = container("pod").id(OWNER_ID).command("/pause").network("a", "10.1.0.7")
                .network("b", "10.2.0.7").build();
        ContainerInfo api = container("api").networkMode("container:pod")
                .label("traefik.docker.network", "b").build();

        assertEquals("10.2.0.7:2345", route(api, lookup(owner)).target().toString());
    }

    @Test
    void sharedNamespaceOfAContainerThatIsNotRunningIsAnError() {
        ContainerInfo api = container("api").networkMode("container:" + OWNER_ID).build();

        RouteSpec r = route(api, lookup());

        assertNull(r.target());
        assertContainsAll(r.error(), "container api", OWNER_ID, "not running");
    }

    @Test
    void sharedNamespaceOfAContainerMissingFromOfflineInputSaysSo() {
        ContainerRouteRules offline = new ContainerRouteRules(new DiscoverySettings("", Set.of(), "debug.localhost")
                .offlineInput());
        ContainerInfo api = container("api").networkMode("container:" + OWNER_ID).build();

        RouteSpec r = offline.apply(api, lookup()).orElseThrow().draft();

        assertContainsAll(r.error(), "container api", OWNER_ID, "not in the given input", "docker inspect api " + OWNER_ID);
        assertTrue(!r.error().contains("not running"), r.error());
    }

    @Test
    void loopOfSharedNamespacesIsAnError() {
        ContainerInfo a = container("a").command("/x").networkMode("container:b").build();
        ContainerInfo b = container("b").command("/x").networkMode("container:a").build();
        ContainerInfo api = container("api").networkMode("container:a").build();

        RouteSpec r = route(api, lookup(a, b));

        assertContainsAll(r.error(), "container api", "loop");
    }

    @Test
    void namespaceOwnerOnTheHostNetworkIsAnErrorNamingBoth() {
        ContainerInfo owner = container("pod").id(OWNER_ID).command("/pause").networkMode("host").network("host", "")
                .build();
        ContainerInfo api = container("api").networkMode("container:pod").build();

        RouteSpec r = route(api, lookup(owner));

        assertContainsAll(r.error(), "container pod", "container api", "network mode 'host'");
    }
}
