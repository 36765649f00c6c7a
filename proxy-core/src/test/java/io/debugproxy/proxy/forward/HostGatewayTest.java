package io.debugproxy.proxy.forward;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.route.RouteTable;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostGatewayTest {

    private static final String ROUTES = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eth0\t00000000\t010012AC\t0003\t0\t0\t0\t00000000\t0\t0\t0
            eth0\t000012AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
            """;

    @Test
    void defaultGatewayIsReadFromTheKernelsRouteTable() {
        assertEquals(Optional.of("172.18.0.1"), HostGateway.fromProcNetRoute(ROUTES));
        assertEquals(Optional.empty(), HostGateway.fromProcNetRoute("Iface\tDestination\tGateway\n"));
    }

    @Test
    void staticLoopbackRoutesDialTheDockerHost_andSaySo() {
        RouteSpec local = RouteSpec.ok("local", null, null, new HostPort("localhost", 2345), List.of(), null, List.of());
        RouteSpec remote = RouteSpec.ok("remote", null, null, new HostPort("10.0.0.7", 2345), List.of(), null, List.of());
        RouteSpec discovered = RouteSpec.ok("api", "api", "abc", new HostPort("127.0.0.1", 2345), List.of(), null, List.of());
        RouteTable out = HostGateway.rewriteStaticLoopback(RouteTable.of(List.of(local, remote, discovered)), "172.18.0.1");
        RouteSpec moved = out.route("local").orElseThrow();
        assertEquals(new HostPort("172.18.0.1", 2345), moved.target());
        assertTrue(moved.note().contains("Docker host") && moved.note().contains("localhost:2345"), moved.note());
        assertEquals(remote, out.route("remote").orElseThrow());
        assertEquals(discovered, out.route("api").orElseThrow(), "only static routes mean the developer's machine");
        assertNull(out.route("remote").orElseThrow().note());
    }

    @Test
    void proxyOnTheHostKeepsLoopbackAsItIs() {
        RouteTable table = RouteTable.of(List.of(RouteSpec.ok("local", null, null, new HostPort("127.0.0.1", 2345),
                List.of(), null, List.of())));
        assertSame(table, HostGateway.rewriteStaticLoopback(table, Set.of()));
    }
}
