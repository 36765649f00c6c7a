package io.debugproxy.proxy.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.route.Upstream;
import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminServerTest {

    private final ObjectMapper json = new ObjectMapper();
    private EventLoopGroup group;
    private RouteTablePublisher publisher;
    private AdminServer admin;
    private HostPort address;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        publisher = new RouteTablePublisher();
        Map<String, HostPort> listening = Map.of("api", new HostPort("127.0.0.1", 40000));
        admin = new AdminServer(group, publisher, route -> Optional.ofNullable(listening.get(route)),
                AdminServerSettings.defaults().withAddress(new HostPort("127.0.0.1", 0)));
        address = admin.start();
    }

    @AfterEach
    void tearDown() {
        admin.stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void listsEveryRouteWithItsTargetListenerAndStatus() throws IOException {
        publisher.publish(RouteTable.of(List.of(
                RouteSpec.ok("api", "shop-api-1", "c1", new HostPort("172.18.0.5", 2345),
                        List.of("api.debug.localhost"), new HostPort("172.18.0.5", 8080), List.of("dev1", "dev2"))
                        .withUpstream(Upstream.mutualTls("sidecar.debug.test")),
                RouteSpec.failed("worker", "shop-worker-1", "c2", "label debugproxy.delve.port: not a number"))));

        RawHttp response = RawHttp.get(address, "/routes", "localhost:" + address.port());

        assertEquals(200, response.status());
        assertEquals("application/json; charset=utf-8", response.header("content-type"));
        JsonNode routes = json.readTree(response.body());
        assertEquals(2, routes.size());
        JsonNode api = routes.get(0);
        assertEquals(List.of("name", "container", "target", "listen", "hosts", "http", "clients", "upstream", "status",
                "error", "note", "warnings"), fieldNames(api));
        assertEquals("api", api.get("name").asText());
        assertEquals("shop-api-1", api.get("container").asText());
        assertEquals("172.18.0.5:2345", api.get("target").asText());
        assertEquals("127.0.0.1:40000", api.get("listen").asText());
        assertEquals("api.debug.localhost", api.get("hosts").get(0).asText());
        assertEquals("172.18.0.5:8080", api.get("http").asText());
        assertEquals("[\"dev1\",\"dev2\"]", api.get("clients").toString());
        assertEquals("{\"tls\":true,\"serverName\":\"sidecar.debug.test\"}", api.get("upstream").toString());
        assertEquals("ok", api.get("status").asText());
        assertTrue(api.get("error").isNull());

        JsonNode worker = routes.get(1);
        assertEquals("worker", worker.get("name").asText());
        assertTrue(worker.get("target").isNull());
        assertTrue(worker.get("listen").isNull());
        assertTrue(worker.get("http").isNull());
        assertEquals(0, worker.get("hosts").size());
        assertEquals(0, worker.get("clients").size());
        assertTrue(worker.get("upstream").isNull());
        assertEquals("error", worker.get("status").asText());
        assertEquals("label debugproxy.delve.port: not a number", worker.get("error").asText());
    }

    @Test
    void listsNoRoutesAsAnEmptyArray() throws IOException {
        RawHttp response = RawHttp.get(address, "/routes", "127.0.0.1");
        assertEquals(200, response.status());
        assertEquals("[]", response.body());
    }

    @Test
    void reportsHealthWithTheNumberOfRoutes() throws IOException {
        publisher.publish(RouteTable.of(List.of(RouteSpec.failed("worker", null, null, "broken"))));

        RawHttp response = RawHttp.get(address, "/health", "localhost");

        assertEquals(200, response.status());
        assertEquals("application/json; charset=utf-8", response.header("content-type"));
        assertEquals("{\"status\":\"ok\",\"routes\":1}", response.body());
    }

    @Test
    void healthSaysWhereTheProxyRuns_andWhetherItForwards() throws IOException {
        AdminServer withSelf = new AdminServer(group, publisher, route -> Optional.empty(),
                AdminServerSettings.defaults().withAddress(new HostPort("127.0.0.1", 0)), new ProxyMetrics(),
                Optional::empty, () -> Optional.of(new ProxySelf(true, "shop-debugproxy-1", java.util.Set.of("shop_web",
                        "shop_back"), true, "debugproxy/proxy:dev")));
        HostPort at = withSelf.start();
        try {
            JsonNode proxy = json.readTree(RawHttp.get(at, "/health", "localhost").body()).path("proxy");
            assertEquals("{\"placeKnown\":true,\"container\":\"shop-debugproxy-1\",\"networks\":[\"shop_back\",\"shop_web\"],"
                    + "\"forwarders\":true,\"forwarderImage\":\"debugproxy/proxy:dev\"}", proxy.toString());
        } finally {
            withSelf.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:9180", "LOCALHOST:1", "127.0.0.1", "127.0.0.1:80", "[::1]",
            "[::1]:9180"})
    void acceptsLoopbackHostsOnAnyPort(String host) throws IOException {
        assertEquals(200, RawHttp.get(address, "/health", host).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:9180", "localhost.evil.example", "127.0.0.1.nip.io",
            "127.0.0.2", "[::1", "localhost:http", "::1"})
    void refusesOtherHostsWithABare403(String host) throws IOException {
        RawHttp response = RawHttp.get(address, "/routes", host);
        assertEquals(403, response.status());
        assertEquals("application/json; charset=utf-8", response.header("content-type"));
        assertEquals("{\"error\":\"forbidden\"}", response.body());
    }

    @Test
    void refusesARequestWithoutHost() throws IOException {
        assertEquals(403, RawHttp.exchange(address, "GET /routes HTTP/1.0\r\n\r\n").status());
    }

    @Test
    void refusesARequestWithTwoHostHeaders() throws IOException {
        assertEquals(403, RawHttp.exchange(address,
                "GET /routes HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n").status());
    }

    @Test
    void answersAnUnknownPathWith404() throws IOException {
        RawHttp response = RawHttp.get(address, "/metricz", "localhost");
        assertEquals(404, response.status());
        assertEquals("application/json; charset=utf-8", response.header("content-type"));
        assertEquals("{\"error\":\"not found\"}", response.body());
    }

    @Test
    void answersAnotherMethodWith405AndTheAllowedOne() throws IOException {
        RawHttp response = RawHttp.exchange(address,
                "POST /routes HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertEquals(405, response.status());
        assertEquals("GET", response.header("allow"));
        assertEquals("application/json; charset=utf-8", response.header("content-type"));
        assertEquals("{\"error\":\"method not allowed\"}", response.body());
    }

    @Test
    void servesSeveralRequestsOnAKeptAliveConnection() throws IOException {
        RawHttp response = RawHttp.exchange(address,
                "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        + "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals(200, response.status());
        assertTrue(response.body().endsWith("{\"status\":\"ok\",\"routes\":0}"), response.body());
        assertTrue(response.body().contains("HTTP/1.1 200 OK"), "a second response followed: " + response.body());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
