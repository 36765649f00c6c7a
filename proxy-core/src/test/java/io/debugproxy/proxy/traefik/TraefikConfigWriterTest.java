package io.debugproxy.proxy.traefik;

import io.debugproxy.config.TraefikSettings;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.traefik.RuleKind;
import io.debugproxy.config.traefik.RuleParser;
import io.debugproxy.config.traefik.RuleSyntax;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraefikConfigWriterTest {

    @TempDir
    Path dir;

    private static final HostPort PROXY_TLS = new HostPort("debugproxy", 2346);

    private static RouteSpec route(String name, String... hosts) {
        return RouteSpec.ok(name, name + "-1", name + "-id", new HostPort("172.18.0.5", 2345), List.of(hosts), null,
                List.of());
    }

    private static RouteTable table(RouteSpec... routes) {
        return RouteTable.of(List.of(routes));
    }

    private TraefikConfigWriter writer() {
        return new TraefikConfigWriter(dir.resolve("debugproxy.yml"), "websecure", PROXY_TLS);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String... path) {
        Object cur = o;
        for (String p : path) {
            cur = ((Map<String, Object>) cur).get(p);
        }
        return (Map<String, Object>) cur;
    }

    private Map<String, Object> load() throws IOException {
        return new Yaml().load(Files.readString(dir.resolve("debugproxy.yml")));
    }

    @Test
    void writesOneTcpRouterPerRouteInTraefiksFileProviderShape() throws IOException {
        writer().write(table(route("api", "api.debug.localhost", "api.localhost")));
        Map<String, Object> router = map(load(), "tcp", "routers", "debugproxy-api");
        assertEquals(List.of("websecure"), router.get("entryPoints"));
        assertEquals("HostSNI(`api.debug.localhost`) || HostSNI(`api.localhost`)", router.get("rule"));
        assertEquals(TraefikConfigWriter.SERVICE, router.get("service"));
        assertEquals(Map.of("passthrough", true), router.get("tls"));
        Map<String, Object> lb = map(load(), "tcp", "services", TraefikConfigWriter.SERVICE, "loadBalancer");
        assertEquals(List.of(Map.of("address", "debugproxy:2346")), lb.get("servers"));
    }

    @Test
    void routerRulesParseAsTraefikV3TcpRules() throws IOException {
        writer().write(table(route("api", "api.debug.localhost", "x.localhost"), route("db", "db.debug.localhost")));
        Map<String, Object> routers = map(load(), "tcp", "routers");
        assertEquals(2, routers.size());
        for (Object r : routers.values()) {
            RuleParser.parse((String) ((Map<?, ?>) r).get("rule"), RuleKind.TCP, RuleSyntax.V3);
        }
    }

    @Test
    void writesTheHeadersMiddleware() throws IOException {
        writer().write(table());
        Map<String, Object> headers = map(load(), "http", "middlewares", TraefikConfigWriter.MIDDLEWARE, "headers");
        assertEquals(Map.of("Cache-Control", "no-store"), headers.get("customResponseHeaders"));
    }

    @Test
    void leavesOutRoutesInError() throws IOException {
        writer().write(table(route("api", "api.debug.localhost"),
                RouteSpec.failed("broken", "broken-1", "broken-id", "dlv listens on 127.0.0.1:2345")));
        assertEquals(List.of("debugproxy-api"), List.copyOf(map(load(), "tcp", "routers").keySet()));
    }

    @Test
    void routeWithoutHostnamesGetsNoRouter() throws IOException {
        // The proxy routes TLS by the names a route has; a router for any other name would lead nowhere.
        writer().write(table(route("api"), route("db", "db.debug.localhost")));
        assertEquals(List.of("debugproxy-db"), List.copyOf(map(load(), "tcp", "routers").keySet()));
    }

    @Test
    void leavesOutTheHostnamesOfTheServicesOwnTraefikRouters() throws IOException {
        // Host(`api.localhost`) && PathPrefix(`/v1`) on the container: a passthrough router for api.localhost
        // on websecure would take all of the service's HTTPS to the debug listener.
        RouteSpec api = route("api", "api.review4.debug.localhost", "api.localhost").withAppHosts(List.of("api.localhost"));
        writer().write(table(api));
        assertEquals("HostSNI(`api.review4.debug.localhost`)", map(load(), "tcp", "routers", "debugproxy-api").get("rule"));
        assertFalse(Files.readString(dir.resolve("debugproxy.yml")).contains("api.localhost`"));
    }

    @Test
    void keepsHostnamesGivenForDebuggingOutsideTheDebugDomain() throws IOException {
        RouteSpec api = route("api", "api.debug.localhost", "api-debug.example.test", "api.localhost")
                .withAppHosts(List.of("api.localhost"));
        writer().write(table(api));
        assertEquals("HostSNI(`api.debug.localhost`) || HostSNI(`api-debug.example.test`)",
                map(load(), "tcp", "routers", "debugproxy-api").get("rule"));
    }

    @Test
    void routeWhoseOnlyHostnamesAreTheServicesOwnGetsNoRouter() throws IOException {
        writer().write(table(route("api", "api.localhost").withAppHosts(List.of("api.localhost"))));
        assertFalse(map(load(), "tcp").containsKey("routers"));
    }

    @Test
    void aHostnameTwoRoutesClaimIsInOneRouterOnly_thatOfTheRouteTheProxyRoutesItTo() throws IOException {
        writer().write(table(route("web", "web.debug.localhost", "shared.example.test"),
                route("api", "api.debug.localhost", "shared.example.test")));
        Map<String, Object> routers = map(load(), "tcp", "routers");
        assertEquals("HostSNI(`api.debug.localhost`) || HostSNI(`shared.example.test`)",
                map(routers, "debugproxy-api").get("rule"));
        assertEquals("HostSNI(`web.debug.localhost`)", map(routers, "debugproxy-web").get("rule"));
    }

    @Test
    void aRouteLeftWithoutHostnamesOfItsOwnGetsNoRouter() throws IOException {
        writer().write(table(route("web", "shared.example.test"), route("api", "shared.example.test")));
        assertEquals(List.of("debugproxy-api"), List.copyOf(map(load(), "tcp", "routers").keySet()));
    }

    @Test
    void withoutTlsListenerWritesNoRoutersAndNoServiceButKeepsTheMiddleware() throws IOException {
        TraefikConfigWriter w = TraefikConfigWriter.withoutTlsListener(
                new TraefikSettings(dir.resolve("debugproxy.yml").toString(), "websecure", "debug.localhost"));
        assertTrue(w.write(table(route("api", "api.debug.localhost"))));
        Map<String, Object> yaml = load();
        assertFalse(yaml.containsKey("tcp"), yaml.toString());
        assertFalse(Files.readString(w.file()).contains("debugproxy:2346"));
        assertTrue(map(yaml, "http", "middlewares").containsKey(TraefikConfigWriter.MIDDLEWARE));
        assertTrue(Files.readString(w.file()).contains("proxy certs init"), "the file says why it has no routers");
        assertEquals(0, w.routerCount(table(route("api", "api.debug.localhost"))));
    }

    @Test
    void emptyTableHasNoRoutersButKeepsServiceAndMiddleware() throws IOException {
        writer().write(table());
        Map<String, Object> yaml = load();
        assertFalse(map(yaml, "tcp").containsKey("routers"));
        assertTrue(map(yaml, "tcp", "services").containsKey(TraefikConfigWriter.SERVICE));
    }

    @Test
    void roundTripsThroughYaml() throws IOException {
        TraefikConfigWriter w = writer();
        RouteTable t = table(route("api", "api.debug.localhost"), route("web.shop", "web.shop.debug.localhost"));
        w.write(t);
        String text = Files.readString(w.file());
        Yaml yaml = new Yaml();
        Object loaded = yaml.load(text);
        assertEquals(loaded, yaml.load(yaml.dump(loaded)));
        assertEquals(text, w.render(t));
    }

    @Test
    void replacesTheFileAtomicallyLeavingNoTemporaryFiles() throws IOException {
        TraefikConfigWriter w = writer();
        w.write(table(route("api", "api.debug.localhost")));
        w.write(table(route("db", "db.debug.localhost")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("debugproxy.yml")), files.toList());
        }
        assertEquals(List.of("debugproxy-db"), List.copyOf(map(load(), "tcp", "routers").keySet()));
    }

    @Test
    void unchangedTableDoesNotRewriteTheFile() throws IOException {
        TraefikConfigWriter w = writer();
        assertTrue(w.write(table(route("api", "api.debug.localhost"))));
        FileTime past = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(w.file(), past);
        assertFalse(w.write(table(route("api", "api.debug.localhost"))));
        assertEquals(past, Files.getLastModifiedTime(w.file()));
    }

    @Test
    void changedTableRewritesTheFile() throws IOException {
        TraefikConfigWriter w = writer();
        w.write(table(route("api", "api.debug.localhost")));
        FileTime past = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(w.file(), past);
        assertTrue(w.write(table(route("api", "api.debug.localhost", "api.localhost"))));
        assertTrue(Files.getLastModifiedTime(w.file()).compareTo(past) > 0);
    }

    @Test
    void followsThePublisher() throws IOException {
        TraefikConfigWriter w = writer();
        RouteTablePublisher publisher = new RouteTablePublisher();
        publisher.subscribe(w);
        assertTrue(Files.exists(w.file()), "subscribing writes the current (empty) table");
        publisher.publish(table(route("api", "api.debug.localhost")));
        assertTrue(map(load(), "tcp", "routers").containsKey("debugproxy-api"));
        publisher.publish(table());
        assertFalse(map(load(), "tcp").containsKey("routers"));
    }

    @Test
    void createsTheDirectoryAndLetsOtherUsersReadTheFile() throws IOException {
        Path file = dir.resolve("traefik/dynamic/debugproxy.yml");
        new TraefikConfigWriter(file, "websecure", PROXY_TLS).write(table());
        assertTrue(Files.isReadable(file));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
    }
}
