package io.debugproxy.proxy.listen;

import io.debugproxy.config.PortRange;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.relay.Loopback;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A route's saved port is what the user's IDE points at: another process holding it must not move it. */
class RouteListenersSavedPortTest {

    @TempDir
    Path state;

    private EventLoopGroup group;
    private final RouteTablePublisher publisher = new RouteTablePublisher();
    private PortRange range;
    private RouteListeners listeners;

    @BeforeEach
    void setUp() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        range = RouteListenersTest.freeRange(3);
    }

    @AfterEach
    void tearDown() {
        if (listeners != null) {
            listeners.stop();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void keepsASavedPortThatIsBusy_andTakesItBackOnceFreed() throws Exception {
        try (ServerSocket delve = Loopback.serverSocket()) {
            PortAssignments first = PortAssignments.load(state, range);
            int saved = first.acquire("api", java.util.Set.of()).orElseThrow();

            ServerSocket squatter = new ServerSocket(saved, 1, InetAddress.getLoopbackAddress());
            publisher.publish(RouteTable.of(List.of(RouteListenersTest.route("api", Loopback.address(delve)))));
            listeners = new RouteListeners(group, publisher, PortAssignments.load(state, range),
                    RouteListenerSettings.defaults());
            listeners.start();

            assertEquals(Optional.empty(), listeners.listenAddress("api"), "no other port is handed out instead");
            assertEquals(saved, PortAssignments.load(state, range).portOf("api").orElseThrow(),
                    "the assignment on disk is unchanged");

            squatter.close();
            Loopback.await(() -> listeners.listenAddress("api").isPresent(), "api back on its own port");
            assertEquals(new HostPort("127.0.0.1", saved), listeners.listenAddress("api").orElseThrow());
        }
    }
}
