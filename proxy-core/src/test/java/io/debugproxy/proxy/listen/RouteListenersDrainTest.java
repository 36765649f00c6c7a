package io.debugproxy.proxy.listen;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.debugproxy.config.PortRange;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.relay.Loopback;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.debugproxy.proxy.upstream.UpstreamPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteListenersDrainTest {

    @TempDir
    Path state;

    private final ProxyMetrics metrics = new ProxyMetrics();
    private EventLoopGroup group;
    private RouteTablePublisher publisher;
    private RouteListeners listeners;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        publisher = new RouteTablePublisher();
    }

    @AfterEach
    void tearDown() {
        if (listeners != null) {
            listeners.stop();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void start(ServerSocket delve) throws IOException {
        publisher.publish(RouteTable.of(List.of(RouteSpec.ok("api", "api-1", "c1", Loopback.address(delve),
                List.of("api.debug.localhost"), null, List.of()))));
        listeners = new RouteListeners(group, publisher, PortAssignments.load(state, freeRange()),
                RouteListenerSettings.defaults(), route -> UpstreamPipeline.PLAIN, metrics);
        listeners.start();
    }

    @Test
    void drainStopsAcceptingButKeepsTheOpenSessionRelaying() throws Exception {
        try (ServerSocket delve = Loopback.serverSocket()) {
            start(delve);
            HostPort listen = listeners.listenAddress("api").orElseThrow();
            try (Socket ide = Loopback.connect(listen); Socket server = Loopback.accept(delve)) {
                // Probes that still get in before the port closes become sessions too; end them at once.
                Thread reject = new Thread(() -> {
                    while (!delve.isClosed()) {
                        try (Socket probe = delve.accept()) {
                            probe.setSoLinger(true, 0);
                        } catch (IOException e) {
                            return;
                        }
                    }
                }, "reject-probes");
                reject.setDaemon(true);
                reject.start();
                CompletableFuture<Integer> drained = CompletableFuture.supplyAsync(
                        () -> new SessionDrain(List.of(listeners)).drain(Duration.ofSeconds(10)));
                awaitRefused(listen);

                ide.getOutputStream().write(7);
                assertEquals(7, server.getInputStream().read(), "the open session still relays while draining");
                server.getOutputStream().write(8);
                assertEquals(8, ide.getInputStream().read());

                ide.close();
                server.close();
                assertEquals(0, drained.get(5, TimeUnit.SECONDS), "drain returns once the session ended");
            }
        }
    }

    @Test
    void drainGivesUpAfterItsBoundAndReportsWhatIsStillOpen() throws Exception {
        try (ServerSocket delve = Loopback.serverSocket()) {
            start(delve);
            HostPort listen = listeners.listenAddress("api").orElseThrow();
            try (Socket ide = Loopback.connect(listen); Socket server = Loopback.accept(delve)) {
                long started = System.nanoTime();

                int left = new SessionDrain(List.of(listeners)).drain(Duration.ofMillis(300));

                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertEquals(1, left, "the one session, not its two channels");
                assertTrue(tookMs >= 300 && tookMs < 5000, "waited about the bound: " + tookMs + " ms");
                listeners.stop();
                assertTrue(Loopback.closedByPeer(ide), "stop closes what drain left open");
            }
        }
    }

    @Test
    void logsSessionsNotChannelsAndTheSessionsCutAtTheDeadline() throws Exception {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Logger logger = (Logger) LoggerFactory.getLogger(RouteListeners.class);
        logger.addAppender(lines);
        Logger drainLogger = (Logger) LoggerFactory.getLogger(SessionDrain.class);
        drainLogger.addAppender(lines);
        try (ServerSocket delve = Loopback.serverSocket()) {
            start(delve);
            HostPort listen = listeners.listenAddress("api").orElseThrow();
            try (Socket ide = Loopback.connect(listen); Socket server = Loopback.accept(delve)) {
                new SessionDrain(List.of(listeners)).drain(Duration.ofMillis(100));
                listeners.stop();
            }
        } finally {
            logger.detachAppender(lines);
            drainLogger.detachAppender(lines);
        }

        List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(logged.contains("event=sessions_draining sessions=1 bound_ms=100"), logged.toString());
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("event=sessions_drain_deadline sessions_cut=1 bound_ms=100 ")),
                logged.toString());
        assertTrue(logged.stream().anyMatch(l -> l.startsWith("event=route_listener_closed route=api ")
                && l.endsWith(" sessions_closed=1")), logged.toString());
    }

    @Test
    void countsConnectionsAndBytesOfTheRoute() throws Exception {
        try (ServerSocket delve = Loopback.serverSocket()) {
            start(delve);
            HostPort listen = listeners.listenAddress("api").orElseThrow();
            ProxyMetrics.ConnectionCounter api = metrics.connections(ProxyMetrics.ROUTES_LISTENER, "api");
            try (Socket ide = Loopback.connect(listen); Socket server = Loopback.accept(delve)) {
                ide.getOutputStream().write(new byte[10]);
                server.getInputStream().readNBytes(10);
                server.getOutputStream().write(new byte[25]);
                ide.getInputStream().readNBytes(25);

                assertEquals(1, api.accepted());
                assertEquals(1, api.open());
                Loopback.await(() -> api.bytesIn() == 10 && api.bytesOut() == 25,
                        "10 bytes in and 25 out, got " + api.bytesIn() + "/" + api.bytesOut());
            }
            Loopback.await(() -> api.open() == 0, "the connection counted as closed");
        }
    }

    private static void awaitRefused(HostPort listen) {
        Loopback.await(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(listen.host(), listen.port()), 1000);
                return false;
            } catch (ConnectException e) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, listen + " refusing connections");
    }

    private static PortRange freeRange() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return PortRange.parse(probe.getLocalPort() + "-" + probe.getLocalPort());
        }
    }
}
