package io.debugproxy.config.discovery;

import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.route.Upstream;
import io.debugproxy.config.traefik.RuleSyntax;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static io.debugproxy.config.discovery.Containers.container;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ContainerRouteRulesTest {

    private static final DiscoverySettings SETTINGS = new DiscoverySettings("", Set.of(), "debug.localhost");
    private static final ContainerRouteRules RULES = new ContainerRouteRules(SETTINGS);

    /** A usable route in one line: target, http backend (or -), hosts, clients. */
    private static String summary(RouteSpec r) {
        return r.target() + " http=" + (r.http() == null ? "-" : r.http()) + " hosts=" + r.hosts() + " clients=" + r.clients();
    }

    static Stream<Arguments> usableRoutes() {
        return Stream.of(
                arguments("headless dlv with --listen=:2345", container("api"),
                        "172.18.0.5:2345 http=- hosts=[] clients=[]"),
                arguments("port from --listen", container("api").command("dlv", "exec", "/a", "--headless", "--listen=:40000"),
                        "172.18.0.5:40000 http=- hosts=[] clients=[]"),
                arguments("label port wins over --listen", container("api").label("debugproxy.delve.port", "3000"),
                        "172.18.0.5:3000 http=- hosts=[] clients=[]"),
                arguments("enable=true without dlv in the command: port defaults to 2345",
                        container("api").command("/start.sh").label("debugproxy.enable", "true"),
                        "172.18.0.5:2345 http=- hosts=[] clients=[]"),
                arguments("debugproxy.hosts trimmed, lower-cased, deduplicated",
                        container("api").label("debugproxy.hosts", " API.example.test , ,api.example.test,b.localhost"),
                        "172.18.0.5:2345 http=- hosts=[api.example.test, b.localhost] clients=[]"),
                arguments("debugproxy.clients", container("api").label("debugproxy.clients", "alice, bob ,"),
                        "172.18.0.5:2345 http=- hosts=[] clients=[alice, bob]"),
                arguments("Traefik Host rule and service port",
                        container("api").label("traefik.http.routers.api.rule", "Host(`API.localhost`) && PathPrefix(`/v1`)")
                                .label("traefik.http.services.api.loadbalancer.server.port", "8080"),
                        "172.18.0.5:2345 http=172.18.0.5:8080 hosts=[api.localhost] clients=[]"),
                arguments("ruleSyntax=v2: Host with several names; HostRegexp gives none",
                        container("api").expose(8080)
                                .label("traefik.http.routers.a.rule", "Host(`a.localhost`, `b.localhost`) || HostRegexp(`{x:.+}.c.localhost`)")
                                .label("traefik.http.routers.a.ruleSyntax", "v2"),
                        "172.18.0.5:2345 http=172.18.0.5:8080 hosts=[a.localhost, b.localhost] clients=[]"),
                arguments("label option names in any case, as Traefik reads them",
                        container("api").label("traefik.http.services.web.loadBalancer.server.port", "8081"),
                        "172.18.0.5:2345 http=172.18.0.5:8081 hosts=[] clients=[]"),
                arguments("debugproxy.hosts come before Traefik hosts",
                        container("api").expose(8080).label("traefik.http.routers.api.rule", "Host(`y.localhost`)")
                                .label("debugproxy.hosts", "x.localhost,y.localhost"),
                        "172.18.0.5:2345 http=172.18.0.5:8080 hosts=[x.localhost, y.localhost] clients=[]"),
                arguments("traefik.enable=false: routers and services ignored",
                        container("api").label("traefik.enable", "false")
                                .label("traefik.http.routers.api.rule", "Host(`api.localhost`)")
                                .label("traefik.http.services.api.loadbalancer.server.port", "8080"),
                        "172.18.0.5:2345 http=- hosts=[] clients=[]"),
                arguments("the only exposed port is the HTTP backend", container("api").expose(8080),
                        "172.18.0.5:2345 http=172.18.0.5:8080 hosts=[] clients=[]"),
                arguments("the Delve port does not count as an exposed HTTP port", container("api").expose(2345, 8080),
                        "172.18.0.5:2345 http=172.18.0.5:8080 hosts=[] clients=[]"),
                arguments("only the Delve port exposed: no HTTP", container("api").expose(2345),
                        "172.18.0.5:2345 http=- hosts=[] clients=[]"),
                arguments("two exposed ports: ambiguous, no HTTP", container("api").expose(8080, 9090),
                        "172.18.0.5:2345 http=- hosts=[] clients=[]"),
                arguments("service port equal to the Delve port falls back to the exposed port",
                        container("api").label("traefik.http.services.api.loadbalancer.server.port", "2345").expose(8080),
                        "172.18.0.5:2345 http=172.18.0.5:8080 hosts=[] clients=[]"),
                arguments("service label beats exposed port",
                        container("api").label("traefik.http.services.api.loadbalancer.server.port", "3000").expose(8080),
                        "172.18.0.5:2345 http=172.18.0.5:3000 hosts=[] clients=[]"),
                arguments("IP on traefik.docker.network",
                        container("api").network("backend", "10.1.0.2").network("web", "10.2.0.2")
                                .label("traefik.docker.network", "web"),
                        "10.2.0.2:2345 http=- hosts=[] clients=[]"),
                arguments("traefik.docker.network absent from the container: first network",
                        container("api").network("backend", "10.1.0.2").network("web", "10.2.0.2")
                                .label("traefik.docker.network", "other"),
                        "10.1.0.2:2345 http=- hosts=[] clients=[]"),
                arguments("no preference: first network", container("api").network("backend", "10.1.0.2").network("web", "10.2.0.2"),
                        "10.1.0.2:2345 http=- hosts=[] clients=[]"),
                arguments("a network without an IP is skipped", container("api").network("backend", "").network("web", "10.2.0.2"),
                        "10.2.0.2:2345 http=- hosts=[] clients=[]"),
                arguments("dlv dap listening on all interfaces",
                        container("api").command("dlv", "dap", "--listen=0.0.0.0:4000"),
                        "172.18.0.5:4000 http=- hosts=[] clients=[]"),
                arguments("dlv behind sh -c", container("api").command("/bin/sh", "-c", "exec dlv exec /app --headless --listen=:2345"),
                        "172.18.0.5:2345 http=- hosts=[] clients=[]"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("usableRoutes")
    void discoversUsableRoute(String description, Containers container, String expected) {
        DiscoveredRoute r = RULES.apply(container.build()).orElseThrow(() -> new AssertionError("not a target"));
        assertTrue(r.usable(), () -> "error: " + r.draft().error());
        assertEquals(expected, summary(r.draft()));
    }

    /** Only the routers Traefik serves give hostnames: whatever it drops, disables or skips gives none. */
    static Stream<Arguments> routerHostnames() {
        return Stream.of(
                arguments("served HTTP router", container("api").expose(8080)
                                .label("traefik.http.routers.web.rule", "Host(`api.localhost`)"),
                        List.of("api.localhost")),
                arguments("v3 rule Traefik refuses (Host with two values): router disabled",
                        container("api").expose(8080)
                                .label("traefik.http.routers.web.rule", "Host(`a.localhost`,`b.localhost`)"),
                        List.of()),
                arguments("the same rule with ruleSyntax=v2 is served",
                        container("api").expose(8080)
                                .label("traefik.http.routers.web.rule", "Host(`a.localhost`,`b.localhost`)")
                                .label("traefik.http.routers.web.rulesyntax", "v2"),
                        List.of("a.localhost", "b.localhost")),
                arguments("router without service among several services: dropped, the bound one stays",
                        container("api").label("traefik.http.services.s1.loadbalancer.server.port", "80")
                                .label("traefik.http.services.s2.loadbalancer.server.port", "81")
                                .label("traefik.http.routers.lost.rule", "Host(`lost.localhost`)")
                                .label("traefik.http.routers.kept.rule", "Host(`kept.localhost`)")
                                .label("traefik.http.routers.kept.service", "s1"),
                        List.of("kept.localhost")),
                arguments("container with no port: Traefik ignores every router",
                        container("api").label("traefik.http.routers.web.rule", "Host(`api.localhost`)"),
                        List.of()),
                arguments("label root Traefik.Enable: Traefik skips the container",
                        container("api").expose(8080).label("Traefik.Enable", "true")
                                .label("traefik.http.routers.web.rule", "Host(`api.localhost`)"),
                        List.of()),
                arguments("a misspelt option: Traefik ignores every label",
                        container("api").expose(8080).label("traefik.http.routers.web.rule", "Host(`api.localhost`)")
                                .label("traefik.http.routers.web.entrypiont", "web"),
                        List.of()),
                arguments("traefik.enable=0 (a Go boolean)", container("api").expose(8080).label("traefik.enable", "0")
                                .label("traefik.http.routers.web.rule", "Host(`api.localhost`)"),
                        List.of()),
                arguments("the provider's default rule names no hostname the user chose",
                        container("api").expose(8080).label("traefik.http.routers.web.entrypoints", "web"),
                        List.of()),
                arguments("TCP router with HostSNI and TLS passthrough", container("api").expose(5432)
                                .label("traefik.tcp.routers.db.rule", "HostSNI(`db.localhost`)")
                                .label("traefik.tcp.routers.db.tls.passthrough", "true"),
                        List.of("db.localhost")),
                arguments("TCP router with HostSNI and TLS terminated by Traefik", container("api").expose(5432)
                                .label("traefik.tcp.routers.db.rule", "HostSNI(`DB.localhost`)")
                                .label("traefik.tcp.routers.db.tls", "true"),
                        List.of("db.localhost")),
                arguments("TCP router with HostSNI but no TLS: disabled", container("api").expose(5432)
                                .label("traefik.tcp.routers.db.rule", "HostSNI(`db.localhost`)"),
                        List.of()),
                arguments("TCP catch-all HostSNI(`*`) names no hostname", container("api").expose(5432)
                                .label("traefik.tcp.routers.db.rule", "HostSNI(`*`)"),
                        List.of()),
                arguments("HTTP and TCP routers together, HTTP first", container("api").expose(8080)
                                .label("traefik.tcp.routers.db.rule", "HostSNI(`db.localhost`)")
                                .label("traefik.tcp.routers.db.tls.passthrough", "true")
                                .label("traefik.http.routers.web.rule", "Host(`api.localhost`)"),
                        List.of("api.localhost", "db.localhost")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("routerHostnames")
    void takesHostnamesOnlyFromRoutersTraefikServes(String description, Containers container, List<String> hosts) {
        DiscoveredRoute r = RULES.apply(container.build()).orElseThrow(() -> new AssertionError("not a target"));
        assertTrue(r.usable(), () -> "error: " + r.draft().error());
        assertEquals(hosts, r.draft().hosts());
    }

    @Test
    void routerThatTwoContainersDefineDifferentlyGivesNeitherAHostname() {
        List<ContainerInfo> both = List.of(
                container("a").expose(80).label("traefik.http.routers.web.rule", "Host(`a.localhost`)").build(),
                container("b").expose(80).label("traefik.http.routers.web.rule", "Host(`b.localhost`)").build());
        List<DiscoveredRoute> routes = RULES.applyAll(both, ref -> Optional.empty());
        assertEquals(List.of(List.of(), List.of()), routes.stream().map(r -> r.draft().hosts()).toList());
    }

    @Test
    void routerThatReplicasDefineAlikeGivesEachOfThemItsHostname() {
        List<ContainerInfo> replicas = List.of(
                container("shop-api-1").compose("shop", "api").network("shop_default", "172.18.0.5").expose(80)
                        .label("traefik.http.routers.web.rule", "Host(`api.localhost`)").build(),
                container("shop-api-2").compose("shop", "api").network("shop_default", "172.18.0.6").expose(80)
                        .label("traefik.http.routers.web.rule", "Host(`api.localhost`)").build());
        List<DiscoveredRoute> routes = RULES.applyAll(replicas, ref -> Optional.empty());
        assertEquals(List.of(List.of("api.localhost"), List.of("api.localhost")),
                routes.stream().map(r -> r.draft().hosts()).toList());
    }

    @Test
    void defaultRuleSyntaxV2ReadsRulesWithoutTheirOwnSyntaxAsV2() {
        ContainerRouteRules v2 = new ContainerRouteRules(SETTINGS.withRuleSyntax(RuleSyntax.V2));
        DiscoveredRoute r = v2.apply(container("api").expose(8080)
                .label("traefik.http.routers.web.rule", "Host(`a.localhost`,`b.localhost`)").build()).orElseThrow();
        assertEquals(List.of("a.localhost", "b.localhost"), r.draft().hosts());
    }

    @Test
    void ruleReachingHostnamesNoListHoldsIsAWarningOnTheRoute() {
        DiscoveredRoute r = RULES.apply(container("api").expose(8080)
                .label("traefik.http.routers.web.rule", "Host(`api.localhost`) || HostRegexp(`^.+\\.dev\\.localhost$`)")
                .build()).orElseThrow();
        assertEquals(List.of("api.localhost"), r.draft().hosts());
        assertEquals(1, r.draft().warnings().size(), r.draft()::toString);
        assertTrue(r.draft().warnings().get(0).startsWith("container api: router web (label"
                + " traefik.http.routers.web.rule) answers to hostnames debugproxy cannot list, so its debug route gets"
                + " only api.localhost: HostRegexp"), r.draft()::toString);
    }

    static Stream<Arguments> errorRoutes() {
        return Stream.of(
                arguments("invalid enable label", container("api").label("debugproxy.enable", "maybe"),
                        List.of("debugproxy.enable", "container api", "'maybe'", "true or false")),
                arguments("delve port not a number", container("api").label("debugproxy.delve.port", "abc"),
                        List.of("debugproxy.delve.port", "container api", "'abc'", "1-65535")),
                arguments("delve port out of range", container("api").label("debugproxy.delve.port", "70000"),
                        List.of("debugproxy.delve.port", "'70000'")),
                arguments("delve port zero", container("api").label("debugproxy.delve.port", "0"),
                        List.of("debugproxy.delve.port", "'0'")),
                arguments("bad hostname", container("api").label("debugproxy.hosts", "ok.localhost,bad_host.localhost"),
                        List.of("debugproxy.hosts", "container api", "bad_host.localhost")),
                arguments("client names cannot contain spaces", container("api").label("debugproxy.clients", "alice smith"),
                        List.of("debugproxy.clients", "container api", "alice smith")),
                arguments("upstream TLS label not a boolean", container("api").label("debugproxy.upstream.tls", "sure"),
                        List.of("debugproxy.upstream.tls", "container api", "'sure'", "true or false")),
                arguments("upstream server name not a DNS name",
                        container("api").label("debugproxy.upstream.tls", "true")
                                .label("debugproxy.upstream.servername", "bad_name.test"),
                        List.of("debugproxy.upstream.servername", "container api", "'bad_name.test' is not a valid hostname")),
                arguments("upstream server name is an IP address",
                        container("api").label("debugproxy.upstream.tls", "true")
                                .label("debugproxy.upstream.servername", "10.0.0.7"),
                        List.of("debugproxy.upstream.servername", "container api", "a hostname is needed")),
                arguments("upstream server name without upstream TLS",
                        container("api").label("debugproxy.upstream.servername", "api.test"),
                        List.of("label debugproxy.upstream.servername on container api only applies to a TLS upstream",
                                "debugproxy.upstream.tls is absent", "set debugproxy.upstream.tls=true")),
                arguments("upstream server name with upstream TLS off",
                        container("api").label("debugproxy.upstream.tls", "false")
                                .label("debugproxy.upstream.servername", "api.test"),
                        List.of("debugproxy.upstream.servername", "debugproxy.upstream.tls is 'false'")),
                arguments("route label without letters or digits", container("api").label("debugproxy.route", "---"),
                        List.of("debugproxy.route", "container api")),
                arguments("explicit loopback listen",
                        container("api").command("dlv", "exec", "/a", "--headless", "--listen=127.0.0.1:2345"),
                        List.of("dlv listens on 127.0.0.1:2345 inside container api; only processes in that container"
                                + " can reach it: start dlv with --listen=:2345")),
                arguments("localhost listen", container("api").command("dlv", "exec", "/a", "--headless", "--listen=localhost:4000"),
                        List.of("dlv listens on localhost:4000 inside container api", "--listen=:4000")),
                arguments("IPv6 loopback listen", container("api").command("dlv", "exec", "/a", "--headless", "--listen=[::1]:2345"),
                        List.of("dlv listens on [::1]:2345 inside container api")),
                arguments("Delve's default listen",
                        container("api").command("dlv", "exec", "/a", "--headless"),
                        List.of("dlv listens on 127.0.0.1:0", "Delve's default", "container api", "--listen=:2345")),
                arguments("loopback listen with a port label still refused",
                        container("api").command("dlv", "exec", "/a", "--headless", "--listen=127.0.0.1:2345")
                                .label("debugproxy.delve.port", "2345"),
                        List.of("dlv listens on 127.0.0.1:2345 inside container api")),
                arguments("unix socket listen",
                        container("api").command("dlv", "exec", "/a", "--headless", "--listen=unix:/tmp/dlv.sock"),
                        List.of("unix:/tmp/dlv.sock", "container api", "--listen=:2345")),
                arguments("random port", container("api").command("dlv", "exec", "/a", "--headless", "--listen=:0"),
                        List.of("random port", "container api", "debugproxy.delve.port")),
                arguments("enabled but not headless",
                        container("api").command("dlv", "exec", "/a", "--listen=:2345").label("debugproxy.enable", "true"),
                        List.of("container api", "without --headless", "debugproxy.enable")),
                arguments("enabled but dlv is only a client",
                        container("api").command("dlv", "connect", "x:2345").label("debugproxy.enable", "true"),
                        List.of("container api", "'dlv connect'", "not a debug server")),
                arguments("network mode host", container("api").networkMode("host").network("host", ""),
                        List.of("container api", "network mode 'host'")),
                arguments("network mode none", container("api").networkMode("none").network("none", ""),
                        List.of("container api", "network mode 'none'")),
                arguments("network of another container", container("api").networkMode("container:abc123"),
                        List.of("container api", "container:abc123")),
                arguments("no IP at all", container("api").network("shop_default", ""),
                        List.of("container api", "no IP address")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("errorRoutes")
    void reportsErrorRouteNamingContainerAndCause(String description, Containers container, List<String> fragments) {
        DiscoveredRoute r = RULES.apply(container.build()).orElseThrow(() -> new AssertionError("not a target"));
        String error = r.draft().error();
        assertTrue(error != null, "route should be in error");
        for (String f : fragments) {
            assertTrue(error.contains(f), () -> "'" + error + "' lacks '" + f + "'");
        }
        assertNull(r.draft().target(), "an error route is never dialed");
    }

    static Stream<Arguments> nonTargets() {
        return Stream.of(
                arguments("no dlv", container("db").command("postgres")),
                arguments("dlv without --headless", container("api").command("dlv", "exec", "/a", "--listen=:2345")),
                arguments("enable=false beats a headless dlv", container("api").label("debugproxy.enable", "false")),
                arguments("dlv version", container("api").command("dlv", "version")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("nonTargets")
    void skipsContainersThatAreNotDebugTargets(String description, Containers container) {
        assertEquals(Optional.empty(), RULES.apply(container.build()));
    }

    @Test
    void prefersConfiguredNetworkOverFirstNetwork() {
        ContainerRouteRules rules = new ContainerRouteRules(new DiscoverySettings("web", Set.of(), "debug.localhost"));
        DiscoveredRoute r = rules.apply(container("api").network("backend", "10.1.0.2").network("web", "10.2.0.2").build())
                .orElseThrow();
        assertEquals("10.2.0.2", r.draft().target().host());
    }

    @Test
    void prefersNetworkSharedWithProxyOverFirstNetwork() {
        ContainerRouteRules rules = new ContainerRouteRules(new DiscoverySettings("", Set.of("web"), "debug.localhost"));
        DiscoveredRoute r = rules.apply(container("api").network("backend", "10.1.0.2").network("web", "10.2.0.2").build())
                .orElseThrow();
        assertEquals("10.2.0.2", r.draft().target().host());
    }

    @Test
    void aTargetSharingNoNetworkWithTheProxysContainerIsAnErrorRoute() {
        ContainerRouteRules rules = new ContainerRouteRules(new DiscoverySettings("", Set.of("mystack_web"), "debug.localhost"));
        DiscoveredRoute r = rules.apply(container("other-api").network("otherstack_web", "10.9.0.2").build()).orElseThrow();
        assertFalse(r.draft().usable());
        assertTrue(r.draft().error().contains("container other-api is on [otherstack_web] and the proxy's container on"
                + " [mystack_web]: they share no network"), r.draft().error());
    }

    @Test
    void onTheHostOrInTheHostsNetworkEveryContainerIsReachable() {
        for (Set<String> proxyNetworks : List.of(Set.<String>of(), Set.of("host"))) {
            ContainerRouteRules rules = new ContainerRouteRules(new DiscoverySettings("", proxyNetworks, "debug.localhost"));
            DiscoveredRoute r = rules.apply(container("api").network("otherstack_web", "10.9.0.2").build()).orElseThrow();
            assertEquals("10.9.0.2", r.draft().target().host(), proxyNetworks.toString());
        }
    }

    @Test
    void traefikNetworkBeatsConfiguredNetwork() {
        ContainerRouteRules rules = new ContainerRouteRules(new DiscoverySettings("backend", Set.of("backend"), "d.localhost"));
        DiscoveredRoute r = rules.apply(container("api").network("backend", "10.1.0.2").network("web", "10.2.0.2")
                .label("traefik.docker.network", "web").build()).orElseThrow();
        assertEquals("10.2.0.2", r.draft().target().host());
    }

    @Test
    void dialsPlainTcpWithoutTheUpstreamTlsLabel() {
        DiscoveredRoute r = RULES.apply(container("api").build()).orElseThrow();
        assertEquals(Upstream.PLAIN, r.draft().upstream());
    }

    @Test
    void upstreamTlsLabelMakesTheRouteDialMutualTlsVerifyingItsDefaultHost() {
        DiscoveredRoute r = RULES.apply(container("api").label("debugproxy.upstream.tls", "true").build()).orElseThrow();
        RouteSpec route = r.toRouteSpec("api", "debug.localhost");
        assertEquals(Upstream.mutualTls(), route.upstream());
        assertEquals(Optional.of("api.debug.localhost"), route.upstream().serverNameFor(route.hosts()));
    }

    @Test
    void upstreamServerNameLabelIsTheNameSentAndVerified() {
        DiscoveredRoute r = RULES.apply(container("api").label("debugproxy.upstream.tls", "true")
                .label("debugproxy.upstream.servername", " Sidecar.Example.Test. ").build()).orElseThrow();
        RouteSpec route = r.toRouteSpec("api", "debug.localhost");
        assertEquals(Upstream.mutualTls("sidecar.example.test"), route.upstream());
        assertEquals(Optional.of("sidecar.example.test"), route.upstream().serverNameFor(route.hosts()));
    }

    @Test
    void ruleTraefikRefusesIsAWarningOnTheRoute() {
        DiscoveredRoute r = RULES.apply(container("api").expose(8080)
                .label("traefik.http.routers.web.rule", "Host(`a.localhost`,`b.localhost`)").build()).orElseThrow();
        assertTrue(r.usable(), r.draft()::toString);
        assertEquals(1, r.draft().warnings().size(), r.draft()::toString);
        assertTrue(r.draft().warnings().get(0).startsWith("container api: label traefik.http.routers.web.rule: column 1:"
                + " Host takes exactly one value in Traefik v3"), r.draft()::toString);
        assertTrue(r.draft().warnings().get(0).endsWith("Traefik keeps router web but disables it"), r.draft()::toString);
    }

    @Test
    void traefikWarningsStayOnARouteInError() {
        DiscoveredRoute r = RULES.apply(container("api").label("debugproxy.delve.port", "x")
                .label("traefik.http.routers.web.rule", "Host(`api.localhost`)").build()).orElseThrow();
        assertEquals("error", r.toRouteSpec("api", "debug.localhost").status());
        assertEquals(1, r.draft().warnings().size(), r.draft()::toString);
        assertTrue(r.draft().warnings().get(0).contains("exposes no port"), r.draft()::toString);
    }

    @Test
    void containerWithoutTraefikLabelsGetsNoTraefikWarnings() {
        // Traefik would skip it for having no port, were it exposed by default; its owner does not use Traefik.
        DiscoveredRoute r = RULES.apply(container("api").network("a", "10.1.0.2").network("b", "10.2.0.2").build())
                .orElseThrow();
        assertEquals(List.of(), r.draft().warnings());
    }

    @Test
    void networkLabelMissingItsPrefixIsOneWarningNotTwo() {
        DiscoveredRoute r = RULES.apply(container("api").expose(8080).network("shop_backend", "10.1.0.2")
                .label("traefik.docker.network", "backend").build()).orElseThrow();
        assertEquals(1, r.draft().warnings().size(), r.draft()::toString);
        assertTrue(r.draft().warnings().get(0).contains("dialing its address on shop_backend instead"),
                r.draft()::toString);
    }

    @Test
    void unknownDebugproxyLabelIsAWarningOnTheRoute() {
        DiscoveredRoute r = RULES.apply(container("api").label("debugproxy.upstream.sevrername", "x.test").build())
                .orElseThrow();
        RouteSpec route = r.toRouteSpec("api", "debug.localhost");
        assertTrue(route.usable(), route::toString);
        assertEquals(List.of("label debugproxy.upstream.sevrername on container api is ignored: debugproxy has no such"
                + " label; did you mean 'debugproxy.upstream.servername'?"), route.warnings());
    }

    @Test
    void unknownDebugproxyLabelStaysAWarningOnARouteInError() {
        DiscoveredRoute r = RULES.apply(container("api").label("debugproxy.delve.port", "x")
                .label("debugproxy.delve.prot", "2345").build()).orElseThrow();
        RouteSpec route = r.toRouteSpec("api", "debug.localhost");
        assertEquals("error", route.status());
        assertEquals(1, route.warnings().size(), route::toString);
        assertTrue(route.warnings().get(0).contains("did you mean 'debugproxy.delve.port'?"), route::toString);
    }

    @Test
    void keepsNamingInputsFromLabels() {
        DiscoveredRoute r = RULES.apply(container("shop-api-1").compose("shop", "api").label("debugproxy.route", "payments")
                .build()).orElseThrow();
        assertEquals(List.of("shop", "api", "payments", "shop-api-1"),
                List.of(r.composeProject(), r.composeService(), r.explicitName(), r.containerName()));
    }

    @Test
    void keepsNamingInputsOnErrorRoutes() {
        DiscoveredRoute r = RULES.apply(container("shop-api-1").compose("shop", "api")
                .label("debugproxy.delve.port", "x").build()).orElseThrow();
        assertEquals("api", r.composeService());
    }

    @Test
    void hostnamesOfTheServicesOwnTraefikRoutersAreNotDebugHosts() {
        DiscoveredRoute r = RULES.apply(container("api").compose("review4", "api").expose(8080)
                .label("traefik.http.routers.api.rule", "Host(`api.localhost`) && PathPrefix(`/v1`)").build()).orElseThrow();
        RouteSpec route = new RouteNaming("review4.debug.localhost").assign(List.of(r)).get(0);
        assertEquals(List.of("api.review4.debug.localhost", "api.localhost"), route.hosts(), "the proxy answers to both");
        assertEquals(List.of("api.review4.debug.localhost"), route.debugHosts());
    }

    @Test
    void debugproxyHostsLabelNamesDebugHostsEvenWhenTheServicesRouterNamesThemToo() {
        DiscoveredRoute r = RULES.apply(container("api").expose(8080)
                .label("debugproxy.hosts", "api-debug.example.test,api.localhost")
                .label("traefik.http.routers.api.rule", "Host(`api.localhost`) || Host(`www.localhost`)").build())
                .orElseThrow();
        RouteSpec route = new RouteNaming("debug.localhost").assign(List.of(r)).get(0);
        assertEquals(List.of("api.debug.localhost", "api-debug.example.test", "api.localhost"), route.debugHosts());
        assertEquals(List.of("www.localhost"), route.appHosts());
    }

    @Test
    void serverNamesOfTheServicesOwnTcpRoutersAreNotDebugHosts() {
        DiscoveredRoute r = RULES.apply(container("db").expose(5432)
                .label("traefik.tcp.routers.db.rule", "HostSNI(`db.localhost`)")
                .label("traefik.tcp.routers.db.tls.passthrough", "true").build()).orElseThrow();
        RouteSpec route = new RouteNaming("debug.localhost").assign(List.of(r)).get(0);
        assertEquals(List.of("db.debug.localhost", "db.localhost"), route.hosts());
        assertEquals(List.of("db.debug.localhost"), route.debugHosts());
    }

    @Test
    void theRoutesDefaultHostnameIsADebugHostEvenWhenTheServicesRouterNamesIt() {
        DiscoveredRoute r = RULES.apply(container("api").expose(8080)
                .label("traefik.http.routers.api.rule", "Host(`api.debug.localhost`)").build()).orElseThrow();
        RouteSpec route = new RouteNaming("debug.localhost").assign(List.of(r)).get(0);
        assertEquals(List.of("api.debug.localhost"), route.debugHosts());
    }
}
