package io.debugproxy.proxy.listen;

import io.debugproxy.config.PortRange;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
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

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteListenersTest {

    @TempDir
    Path state;

    private EventLoopGroup group;
    private RouteTablePublisher publisher;
    private PortRange range;
    private RouteListeners listeners;

    @BeforeEach
    void setUp() throws IOException {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        publisher = new RouteTablePublisher();
        range = freeRange(3);
    }

    @AfterEach
    void tearDown() {
        if (listeners != null) {
            listeners.stop();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private RouteListeners start() {
        listeners = new RouteListeners(group, publisher, PortAssignments.load(state, range),
                RouteListenerSettings.defaults());
        listeners.start();
        return listeners;
    }

    @Test
    void listensForARouteThatIsInTheTableAtStart() throws Exception {
        try (ServerSocket delve = Loopback.serverSocket()) {
            publisher.publish(RouteTable.of(List.of(route("api", Loopback.address(delve)))));
            start();

            HostPort listen = listeners.listenAddress("api").orElseThrow();
            assertEquals(new HostPort("127.0.0.1", range.first()), listen);
            assertRelays(listen, delve);
        }
    }

    @Test
    void opensAListenerWhenARouteAppears() throws Exception {
        try (ServerSocket delve = Loopback.serverSocket()) {
            start();
            assertEquals(Optional.empty(), listeners.listenAddress("api"));

            publisher.publish(RouteTable.of(List.of(route("api", Loopback.address(delve)))));
            Loopback.await(() -> listeners.listenAddress("api").isPresent(), "a listener for api");
            assertRelays(listeners.listenAddress("api").orElseThrow(), delve);
        }
    }

    @Test
    void closesTheListenerAndItsSessionsWhenTheRouteDisappears() throws Exception {
        try (ServerSocket delve = Loopback.serverSocket()) {
            publisher.publish(RouteTable.of(List.of(route("api", Loopback.address(delve)))));
            start();
            HostPort listen = listeners.listenAddress("api").orElseThrow();
            try (Socket ide = Loopback.connect(listen); Socket server = Loopback.accept(delve)) {
                ide.getOutputStream().write(1);
                assertEquals(1, server.getInputStream().read(), "session established");

                publisher.publish(RouteTable.empty());

                assertTrue(Loopback.closedByPeer(ide), "the IDE's session is closed");
                assertTrue(Loopback.closedByPeer(server), "the session's upstream is closed");
                Loopback.await(() -> listeners.listenAddress("api").isEmpty(), "api listener gone");
                awaitRefused(listen);
            }
        }
    }

    @Test
    void closesTheListenerWhenTheRouteGoesIntoError() throws Exception {
        try (ServerSocket delve = Loopback.serverSocket()) {
            publisher.publish(RouteTable.of(List.of(route("api", Loopback.address(delve)))));
            start();
            HostPort listen = listeners.listenAddress("api").orElseThrow();

            publisher.publish(RouteTable.of(List.of(RouteSpec.failed("api", "api-1", "c1", "container stopped"))));

            Loopback.await(() -> listeners.listenAddress("api").isEmpty(), "api listener gone");
            awaitRefused(listen);
        }
    }

    @Test
    void opensNoListenerForARouteInError() {
        publisher.publish(RouteTable.of(List.of(RouteSpec.failed("api", "api-1", "c1", "bad label"))));
        start();
        assertEquals(Optional.empty(), listeners.listenAddress("api"));
    }

    @Test
    void keepsThePortAndDialsTheNewTargetWhenTheTargetChanges() throws Exception {
        try (ServerSocket before = Loopback.serverSocket(); ServerSocket after = Loopback.serverSocket()) {
            publisher.publish(RouteTable.of(List.of(route("api", Loopback.address(before)))));
            start();
            HostPort listen = listeners.listenAddress("api").orElseThrow();
            try (Socket ide = Loopback.connect(listen); Socket oldServer = Loopback.accept(before)) {
                publisher.publish(RouteTable.of(List.of(route("api", Loopback.address(after)))));

                assertRelays(listen, after);
                assertEquals(Optional.of(listen), listeners.listenAddress("api"));
                ide.getOutputStream().write(9);
                assertEquals(9, oldServer.getInputStream().read(), "the session already open is kept");
            }
        }
    }

    @Test
    void givesARouteTheSamePortAfterARestart() throws Exception {
        try (ServerSocket delve = Loopback.serverSocket()) {
            publisher.publish(RouteTable.of(List.of(route("web", Loopback.address(delve)),
                    route("api", Loopback.address(delve)))));
            start();
            HostPort api = listeners.listenAddress("api").orElseThrow();
            listeners.stop();

            publisher.publish(RouteTable.of(List.of(route("api", Loopback.address(delve)))));
            start();
            assertEquals(Optional.of(api), listeners.listenAddress("api"));
        }
    }

    @Test
    void listensOnTheNextPortWhenTheAssignedOneIsBusy() throws Exception {
        try (ServerSocket delve = Loopback.serverSocket();
             ServerSocket squatter = new ServerSocket(range.first(), 1, java.net.InetAddress.getLoopbackAddress())) {
            publisher.publish(RouteTable.of(List.of(route("api", Loopback.address(delve)))));
            start();
            assertEquals(Optional.of(new HostPort("127.0.0.1", range.first() + 1)), listeners.listenAddress("api"));
        }
    }

    @Test
    void listensForNothingWhenEveryPortInTheRangeIsBusy() throws Exception {
        range = freeRange(1);
        try (ServerSocket delve = Loopback.serverSocket();
             ServerSocket squatter = new ServerSocket(range.first(), 1, java.net.InetAddress.getLoopbackAddress())) {
            publisher.publish(RouteTable.of(List.of(route("api", Loopback.address(delve)))));
            start();
            assertEquals(Optional.empty(), listeners.listenAddress("api"));
        }
    }

    @Test
    void closesEveryListenerAndSessionOnStop() throws Exception {
        try (ServerSocket delve = Loopback.serverSocket()) {
            publisher.publish(RouteTable.of(List.of(route("api", Loopback.address(delve)))));
            start();
            HostPort listen = listeners.listenAddress("api").orElseThrow();
            try (Socket ide = Loopback.connect(listen); Socket server = Loopback.accept(delve)) {
                listeners.stop();
                assertTrue(Loopback.closedByPeer(ide));
                assertEquals(Optional.empty(), listeners.listenAddress("api"));
                awaitRefused(listen);
            }
        }
    }

    /**
     * Waits until connecting is refused. The JDK closes a listening socket registered with a
     * selector only at the selector's next wake-up, a moment after Netty's close completed.
     */
    private static void awaitRefused(HostPort listen) {
        Loopback.await(() -> {
            try (Socket probe = Loopback.connect(listen)) {
                return false;
            } catch (ConnectException refused) {
                return true;
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "connections to " + listen + " refused");
    }

    private static void assertRelays(HostPort listen, ServerSocket delve) throws IOException {
        try (Socket ide = Loopback.connect(listen); Socket server = Loopback.accept(delve)) {
            ide.getOutputStream().write(42);
            assertEquals(42, server.getInputStream().read());
            server.getOutputStream().write(43);
            assertEquals(43, ide.getInputStream().read());
        }
    }

    static RouteSpec route(String name, HostPort target) {
        return RouteSpec.ok(name, name + "-1", "id-" + name, target, List.of(name + ".debug.localhost"), null,
                List.of());
    }

    /** {@code size} consecutive loopback ports that were free a moment ago. */
    static PortRange freeRange(int size) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first;
            try (ServerSocket probe = Loopback.serverSocket()) {
                first = probe.getLocalPort();
            }
            if (first + size - 1 > 65535) {
                continue;
            }
            if (allFree(first, size)) {
                return new PortRange(first, first + size - 1);
            }
        }
        throw new IllegalStateException("no " + size + " consecutive free loopback ports found");
    }

    private static boolean allFree(int first, int size) {
        for (int port = first; port < first + size; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
