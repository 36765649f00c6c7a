package io.debugproxy.proxy.doctor;

import io.debugproxy.config.route.HostPort;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunningProxyTest {

    private static final String ROUTES = """
            [{"name":"api","container":"shop-api-1","target":"172.18.0.5:2345","listen":"127.0.0.1:40000",
              "status":"ok","error":null,
              "note":"via forwarder: dlv listens on 127.0.0.1:2345 inside the container (forwarder debugproxy-fwd-x)"},
             {"name":"worker","container":"shop-worker-1","target":null,"status":"error",
              "error":"forwarder image nosuch:dev is not on this engine"},
             {"name":"hostsvc","container":null,"target":"172.18.0.1:2345","status":"ok","upstream":{"tls":true},
              "note":"static route to 127.0.0.1:2345: the proxy runs in a container"}]
            """;

    @Test
    void readsTheLiveRoutesAndWhatTheProxySaysOfItself() {
        RunningProxy p = RunningProxy.parse("127.0.0.1:9180", ROUTES, """
                {"status":"ok","routes":3,"proxy":{"placeKnown":true,"container":"shop-debugproxy-1",
                 "networks":["shop_web"],"forwarders":true,"forwarderImage":"debugproxy/proxy:dev"}}""");
        assertTrue(p.routeOfContainer("shop-api-1").orElseThrow().forwarded());
        assertEquals("forwarder image nosuch:dev is not on this engine",
                p.routeOfContainer("shop-worker-1").orElseThrow().error());
        assertEquals(1, p.staticRoutes().size());
        assertTrue(p.staticRoutes().get(0).tls());
        RunningProxy.Self self = p.self().orElseThrow();
        assertEquals("shop-debugproxy-1", self.container());
        assertEquals(Set.of("shop_web"), self.networks());
        assertTrue(self.forwarders());
        assertEquals("debugproxy/proxy:dev", self.forwarderImage());
    }

    @Test
    void anOlderProxyThatSaysNothingOfItself_stillGivesItsRoutes() {
        RunningProxy p = RunningProxy.parse("127.0.0.1:9180", ROUTES, "{\"status\":\"ok\",\"routes\":3}");
        assertEquals(Optional.empty(), p.self());
        assertEquals(3, p.routes().size());
    }

    @Test
    void somethingElseOnThePort_isNotTakenForAProxy() {
        assertThrows(IllegalArgumentException.class, () -> RunningProxy.parse("x", "<html>", "{}"));
        assertThrows(IllegalArgumentException.class, () -> RunningProxy.parse("x", "{}", "{\"status\":\"ok\"}"));
    }

    @Test
    void nothingListening_isSaidPlainly() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RunningProxy.Lookup lookup = RunningProxy.ask(new HostPort("127.0.0.1", port), Duration.ofSeconds(2));
        assertFalse(lookup.proxy().isPresent());
        assertEquals("nothing answers there", lookup.whyNot());
        assertEquals("127.0.0.1:" + port, lookup.admin());
    }

    @Test
    void aWildcardAdminAddressIsAskedOnLoopback() {
        assertEquals("127.0.0.1:1", RunningProxy.ask(new HostPort("0.0.0.0", 1), Duration.ofSeconds(1)).admin());
    }
}
