package io.debugproxy.proxy.relay;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.debugproxy.config.route.HostPort;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayTest {

    private EventLoopGroup group;
    private ChannelGroup sessions;
    private Channel relayServer;
    private ListAppender<ILoggingEvent> dialLog;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        sessions = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        dialLog = new ListAppender<>();
        dialLog.start();
        ((Logger) LoggerFactory.getLogger(DialUpstreamHandler.class)).addAppender(dialLog);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(DialUpstreamHandler.class)).detachAppender(dialLog);
        if (relayServer != null) {
            relayServer.close().syncUninterruptibly();
        }
        sessions.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private HostPort startRelay(Supplier<Optional<HostPort>> target) {
        return startRelay(new RelayInitializer("test", target, sessions, RelaySettings.defaults()));
    }

    private HostPort startRelay(ChannelInitializer<SocketChannel> initializer) {
        relayServer = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(initializer)
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
        return new HostPort("127.0.0.1", ((InetSocketAddress) relayServer.localAddress()).getPort());
    }

    @Test
    void relaysBytesBothWays() throws Exception {
        try (ServerSocket backend = Loopback.serverSocket()) {
            HostPort relay = startRelay(() -> Optional.of(Loopback.address(backend)));
            try (Socket client = Loopback.connect(relay); Socket server = Loopback.accept(backend)) {
                client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), server.getInputStream().readNBytes(4));
                server.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals("pong".getBytes(StandardCharsets.US_ASCII), client.getInputStream().readNBytes(4));
            }
        }
    }

    @Test
    void dialsNothingUntilAClientConnects() throws Exception {
        try (ServerSocket backend = Loopback.serverSocket()) {
            backend.setSoTimeout(1);
            HostPort relay = startRelay(() -> Optional.of(Loopback.address(backend)));
            assertEquals(0, acceptedWithoutWaiting(backend), "the relay connected to the target before any client");
            try (Socket client = Loopback.connect(relay); Socket server = Loopback.accept(backend)) {
                assertTrue(server.isConnected());
            }
        }
    }

    @Test
    void looksTheTargetUpWhenEachClientConnects() throws Exception {
        try (ServerSocket first = Loopback.serverSocket(); ServerSocket second = Loopback.serverSocket()) {
            AtomicReference<HostPort> target = new AtomicReference<>(Loopback.address(first));
            HostPort relay = startRelay(() -> Optional.of(target.get()));
            try (Socket client = Loopback.connect(relay); Socket server = Loopback.accept(first)) {
                client.getOutputStream().write(1);
                assertEquals(1, server.getInputStream().read());
            }
            target.set(Loopback.address(second));
            try (Socket client = Loopback.connect(relay); Socket server = Loopback.accept(second)) {
                client.getOutputStream().write(2);
                assertEquals(2, server.getInputStream().read());
            }
        }
    }

    @Test
    void deliversTheServersReplyAfterTheClientShutsDownItsOutput() throws Exception {
        byte[] reply = randomBytes(1024 * 1024, 7);
        try (ServerSocket backend = Loopback.serverSocket()) {
            HostPort relay = startRelay(() -> Optional.of(Loopback.address(backend)));
            try (Socket client = Loopback.connect(relay); Socket server = Loopback.accept(backend)) {
                client.getOutputStream().write("request".getBytes(StandardCharsets.US_ASCII));
                client.shutdownOutput();

                assertArrayEquals("request".getBytes(StandardCharsets.US_ASCII),
                        Loopback.readToEnd(server.getInputStream()), "the server sees the request, then end of stream");
                server.getOutputStream().write(reply);
                server.shutdownOutput();

                assertArrayEquals(reply, Loopback.readToEnd(client.getInputStream()));
                Loopback.await(() -> sessions.isEmpty(), "both relay channels closed once both directions ended");
            }
        }
    }

    @Test
    void keepsRelayingTheClientsBytesAfterTheServerShutsDownItsOutput() throws Exception {
        byte[] upload = randomBytes(1024 * 1024, 8);
        try (ServerSocket backend = Loopback.serverSocket()) {
            HostPort relay = startRelay(() -> Optional.of(Loopback.address(backend)));
            try (Socket client = Loopback.connect(relay); Socket server = Loopback.accept(backend)) {
                server.getOutputStream().write("banner".getBytes(StandardCharsets.US_ASCII));
                server.shutdownOutput();
                assertArrayEquals("banner".getBytes(StandardCharsets.US_ASCII),
                        Loopback.readToEnd(client.getInputStream()));

                client.getOutputStream().write(upload);
                client.shutdownOutput();
                assertArrayEquals(upload, Loopback.readToEnd(server.getInputStream()));
                Loopback.await(() -> sessions.isEmpty(), "both relay channels closed once both directions ended");
            }
        }
    }

    @Test
    void closesTheClientPromptlyWhenTheTargetRefuses() throws Exception {
        HostPort refused = Loopback.refusedAddress();
        HostPort relay = startRelay(() -> Optional.of(refused));
        try (Socket client = Loopback.connect(relay)) {
            assertTrue(Loopback.closedByPeer(client));
        }
        Loopback.await(() -> sessions.isEmpty(), "relay channels closed");
        Loopback.await(() -> dialLog.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith(
                "event=upstream_connect_failed route=test target=" + refused)), "an upstream_connect_failed log line");
    }

    @Test
    void closesTheClientWhenTheRouteHasNoTarget() throws Exception {
        HostPort relay = startRelay(Optional::empty);
        try (Socket client = Loopback.connect(relay)) {
            assertTrue(Loopback.closedByPeer(client));
        }
        Loopback.await(() -> sessions.isEmpty(), "relay channels closed");
    }

    @Test
    void closesTheClientWhenTheServerResetsTheConnection() throws Exception {
        try (ServerSocket backend = Loopback.serverSocket()) {
            HostPort relay = startRelay(() -> Optional.of(Loopback.address(backend)));
            try (Socket client = Loopback.connect(relay)) {
                Socket server = Loopback.accept(backend);
                server.setSoLinger(true, 0);
                server.close(); // RST instead of FIN
                assertTrue(Loopback.closedByPeer(client));
                Loopback.await(() -> sessions.isEmpty(), "relay channels closed");
            }
        }
    }

    @Test
    void closesTheServerConnectionWhenTheClientGoesAway() throws Exception {
        try (ServerSocket backend = Loopback.serverSocket()) {
            HostPort relay = startRelay(() -> Optional.of(Loopback.address(backend)));
            Socket client = Loopback.connect(relay);
            try (Socket server = Loopback.accept(backend)) {
                client.setSoLinger(true, 0);
                client.close();
                assertTrue(Loopback.closedByPeer(server));
                Loopback.await(() -> sessions.isEmpty(), "relay channels closed");
            }
        }
    }

    @Test
    void forwardsBytesHandedOverBeforeTheUpstreamConnected() throws Exception {
        // Stands in for a protocol sniffer that peeked at the first bytes and replays them.
        ChannelInboundHandlerAdapter replay = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.fireChannelActive();
                ctx.fireChannelRead(Unpooled.copiedBuffer("peeked", StandardCharsets.US_ASCII));
            }
        };
        try (ServerSocket backend = Loopback.serverSocket()) {
            RelayInitializer relayInit = new RelayInitializer("test",
                    () -> Optional.of(Loopback.address(backend)), sessions, RelaySettings.defaults());
            HostPort relay = startRelay(new ChannelInitializer<>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(replay, relayInit);
                }
            });
            try (Socket client = Loopback.connect(relay); Socket server = Loopback.accept(backend)) {
                client.getOutputStream().write("+live".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals("peeked+live".getBytes(StandardCharsets.US_ASCII),
                        server.getInputStream().readNBytes(11));
            }
        }
    }

    private static int acceptedWithoutWaiting(ServerSocket backend) throws IOException {
        try (Socket unexpected = backend.accept()) {
            return 1;
        } catch (java.net.SocketTimeoutException e) {
            return 0;
        }
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
