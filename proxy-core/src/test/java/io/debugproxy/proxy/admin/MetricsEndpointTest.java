package io.debugproxy.proxy.admin;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsEndpointTest {

    private final ProxyMetrics metrics = new ProxyMetrics();
    private EventLoopGroup group;
    private AdminServer admin;
    private HostPort address;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        admin = new AdminServer(group, new RouteTablePublisher(), route -> Optional.empty(),
                AdminServerSettings.defaults().withAddress(new HostPort("127.0.0.1", 0)), metrics);
        address = admin.start();
    }

    @AfterEach
    void tearDown() {
        admin.stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void servesTheRegistryAsPrometheusText() throws IOException {
        metrics.connections("routes", "api").opened();

        RawHttp response = RawHttp.get(address, "/metrics", "127.0.0.1:" + address.port());

        assertEquals(200, response.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.header("content-type"));
        assertTrue(response.body().contains("debugproxy_connections_total{listener=\"routes\",route=\"api\"} 1\n"),
                response.body());
    }

    @Test
    void checksTheHostHeaderAsForTheOtherPaths() throws IOException {
        RawHttp response = RawHttp.get(address, "/metrics", "evil.example:" + address.port());

        assertEquals(403, response.status());
    }
}
