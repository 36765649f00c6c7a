package io.debugproxy.proxy.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.relay.Loopback;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReverseProxyTest {

    private static final String HOST = "api.debug.localhost";

    private EventLoopGroup group;
    private TestBackend backend;
    private ReverseProxy proxy;
    private Channel server;
    private HostPort address;
    private final ProxyMetrics metrics = new ProxyMetrics();

    @BeforeEach
    void setUp() throws IOException {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        backend = new TestBackend();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (proxy != null) {
            proxy.close();
        }
        backend.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void startProxy(HostPort http, HostPort target, HttpProxySettings settings, Predicate<InetAddress> trusted) {
        RouteTablePublisher routes = new RouteTablePublisher();
        routes.publish(RouteTable.of(List.of(
                RouteSpec.ok("api", "api", "c1", target, List.of(HOST), http, List.of()),
                RouteSpec.ok("nohttp", "nohttp", "c2", target, List.of("nohttp.debug.localhost"), null, List.of()))));
        proxy = ReverseProxy.builder(routes).settings(settings).trustedProxies(trusted).metrics(metrics).build();
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(proxy.channelInitializer())
                .bind("127.0.0.1", 0)
                .syncUninterruptibly()
                .channel();
        address = new HostPort("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
    }

    private void startProxy() throws IOException {
        startProxy(backend.address(), Loopback.refusedAddress(), HttpProxySettings.defaults(), a -> false);
    }

    private String hostHeader() {
        return HOST + ":" + address.port();
    }

    private RawClient.Response get(String path, String... extraHeaders) throws IOException {
        try (RawClient client = new RawClient(address)) {
            client.send("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader() + "\r\n" + String.join("", extraHeaders)
                    + "Connection: close\r\n\r\n");
            return client.read();
        }
    }

    @Test
    void forwardsToTheBackendOfTheHostsRoute_withEveryForwardedHeader() throws IOException {
        startProxy();
        RawClient.Response response = get("/echo-headers?x=1");
        assertEquals(200, response.status());
        String seen = response.text();
        assertTrue(seen.contains("host: " + hostHeader() + "\n"), seen);
        assertTrue(seen.contains("x-forwarded-host: " + hostHeader() + "\n"), seen);
        assertTrue(seen.contains("x-forwarded-proto: http\n"), seen);
        assertTrue(seen.contains("x-forwarded-port: " + address.port() + "\n"), seen);
        assertTrue(seen.contains("x-forwarded-for: 127.0.0.1\n"), seen);
        assertTrue(seen.contains("x-real-ip: 127.0.0.1\n"), seen);
        assertTrue(seen.contains("forwarded: for=127.0.0.1;host=\"" + hostHeader() + "\";proto=http\n"), seen);
        assertTrue(seen.contains("uri: /echo-headers?x=1\n"), seen);
    }

    @Test
    void replacesForwardedHeadersThatAnUntrustedClientSent() throws IOException {
        startProxy();
        String seen = get("/echo-headers", "X-Forwarded-For: 6.6.6.6\r\n", "X-Forwarded-Host: evil.example\r\n",
                "X-Real-IP: 6.6.6.6\r\n", "Forwarded: for=6.6.6.6\r\n", "X-Forwarded-Proto: https\r\n").text();
        assertFalse(seen.contains("6.6.6.6"), seen);
        assertFalse(seen.contains("evil.example"), seen);
        assertTrue(seen.contains("x-forwarded-proto: http\n"), seen);
        assertTrue(seen.contains("x-forwarded-host: " + hostHeader() + "\n"), seen);
    }

    @Test
    void keepsForwardedHeadersOfATrustedProxy() throws IOException {
        startProxy(backend.address(), Loopback.refusedAddress(), HttpProxySettings.defaults(), InetAddress::isLoopbackAddress);
        String seen = get("/echo-headers", "X-Forwarded-For: 203.0.113.7\r\n", "X-Forwarded-Host: api.example.test\r\n",
                "X-Forwarded-Proto: https\r\n").text();
        assertTrue(seen.contains("x-forwarded-for: 203.0.113.7, 127.0.0.1\n"), seen);
        assertTrue(seen.contains("x-forwarded-host: api.example.test\n"), seen);
        assertTrue(seen.contains("x-forwarded-proto: https\n"), seen);
    }

    @Test
    void removesHopByHopHeaders() throws IOException {
        startProxy();
        String seen = get("/echo-headers", "X-Hop: secret\r\n", "Keep-Alive: timeout=5\r\n",
                "Proxy-Authorization: Basic eDp5\r\n", "TE: trailers\r\n", "X-End-To-End: kept\r\n").text()
                .toLowerCase();
        // The client's "Connection: close, X-Hop" style header is sent separately: the JDK client adds none.
        assertFalse(seen.contains("proxy-authorization"), seen);
        assertFalse(seen.contains("keep-alive"), seen);
        assertFalse(seen.contains("\nte: "), seen);
        assertTrue(seen.contains("x-end-to-end: kept"), seen);
        try (RawClient client = new RawClient(address)) {
            client.send("GET /echo-headers HTTP/1.1\r\nHost: " + hostHeader() + "\r\nConnection: X-Hop\r\nX-Hop: 1\r\n\r\n");
            assertFalse(client.read().text().contains("x-hop"), "a header named by Connection is removed");
        }
    }

    @Test
    void unknownHostGets404NamingNoInternalDetail() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("GET / HTTP/1.1\r\nHost: nobody.debug.localhost\r\n\r\n");
            RawClient.Response response = client.read();
            assertEquals(404, response.status());
            assertEquals("text/plain; charset=utf-8", response.header("content-type"));
            assertEquals("404 Not Found: no service answers to this host name.\n", response.text());
            // The connection stays usable.
            client.send("GET /echo-headers HTTP/1.1\r\nHost: " + hostHeader() + "\r\n\r\n");
            assertEquals(200, client.read().status());
        }
    }

    @Test
    void routeWithoutAnHttpBackendGetsTheSame404() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("GET / HTTP/1.1\r\nHost: nohttp.debug.localhost\r\n\r\n");
            assertEquals("404 Not Found: no service answers to this host name.\n", client.read().text());
        }
    }

    @Test
    void requestWithoutHostGets400() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("GET / HTTP/1.1\r\n\r\n");
            RawClient.Response response = client.read();
            assertEquals(400, response.status());
            assertEquals("400 Bad Request: the request has no Host header.\n", response.text());
        }
    }

    @Test
    void moreThanOneHostHeaderGets400AndTheConnectionCloses() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("GET /echo-headers HTTP/1.1\r\nHost: " + hostHeader() + "\r\nHost: nobody.debug.localhost\r\n\r\n");
            RawClient.Response response = client.read();
            assertEquals(400, response.status());
            assertEquals("400 Bad Request: the request has more than one Host header.\n", response.text());
            assertTrue(client.closedByPeer());
        }
    }

    @Test
    void anAbsoluteFormTargetWinsOverTheHostHeader_andTheServiceGetsTheOriginForm() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("GET http://" + hostHeader() + "/echo-headers?x=1 HTTP/1.1\r\nHost: nobody.debug.localhost\r\n\r\n");
            RawClient.Response response = client.read();
            assertEquals(200, response.status());
            String seen = response.text();
            assertTrue(seen.contains("host: " + hostHeader() + "\n"), seen);
            assertTrue(seen.contains("x-forwarded-host: " + hostHeader() + "\n"), seen);
            assertTrue(seen.contains("uri: /echo-headers?x=1\n"), seen);
        }
    }

    @Test
    void malformedRequestGets400AndTheConnectionCloses() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("GET / HTTP/1.1\r\nHost: " + hostHeader() + "\r\nContent-Length: abc\r\n\r\n");
            RawClient.Response response = client.read();
            assertEquals(400, response.status());
            assertEquals("close", response.header("connection"));
            assertTrue(client.closedByPeer());
        }
    }

    @Test
    void oversizedHeadGets431() throws IOException {
        startProxy(backend.address(), Loopback.refusedAddress(), HttpProxySettings.defaults().withLimits(4096, 1024),
                a -> false);
        try (RawClient client = new RawClient(address)) {
            client.send("GET / HTTP/1.1\r\nHost: " + hostHeader() + "\r\nCookie: " + "a".repeat(2000) + "\r\n\r\n");
            assertEquals(431, client.read().status());
        }
    }

    @Test
    void aRequestLineOfAlmost8KiBIsProxied() throws IOException {
        startProxy();
        String path = "/echo-headers?q=" + "x".repeat(8000);
        RawClient.Response response = get(path);
        assertEquals(200, response.status());
        assertTrue(response.text().contains("uri: " + path + "\n"));
    }

    @Test
    void aVersionOtherThanHttp1Gets505() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("GET / HTTP/2.0\r\nHost: " + hostHeader() + "\r\n\r\n");
            RawClient.Response response = client.read();
            assertEquals(505, response.status());
            assertEquals("505 HTTP Version Not Supported: this proxy speaks HTTP/1.1 and HTTP/1.0.\n", response.text());
        }
    }

    @Test
    void anErrorAnswerEndsWithAStagedClose_soTheClientMayFinishSendingItsBody() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            // 400 before the body is read. A plain close with the body unread resets the connection,
            // which can destroy the answer before the client has read it (RFC 9112, section 9.6).
            client.send("POST / HTTP/1.1\r\nHost: " + hostHeader() + "\r\nContent-Length: abc\r\n\r\n");
            client.send(new byte[64 * 1024]);
            assertEquals(400, client.read().status());
            assertTrue(client.closedByPeer(), "the proxy's side is shut");
            for (int i = 0; i < 3; i++) {
                sleep(50);
                client.send(new byte[16 * 1024]); // still read (and dropped): no reset
            }
            client.halfClose();
        }
    }

    @Test
    void refusedBackendGets502() throws IOException {
        startProxy(Loopback.refusedAddress(), Loopback.refusedAddress(), HttpProxySettings.defaults(), a -> false);
        RawClient.Response response = get("/");
        assertEquals(502, response.status());
        assertEquals("502 Bad Gateway: the service refused the connection.\n", response.text());
    }

    @Test
    void silentBackendGets504() throws IOException {
        startProxy(backend.address(), Loopback.refusedAddress(),
                HttpProxySettings.defaults().withBackendResponseTimeout(Duration.ofMillis(300)), a -> false);
        long start = System.nanoTime();
        RawClient.Response response = get("/silent");
        assertEquals(504, response.status());
        assertEquals("504 Gateway Timeout: the service did not answer in time.\n", response.text());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
    }

    @Test
    void backendClosingWithoutAnsweringGets502() throws IOException {
        try (RawBackend closer = new RawBackend(socket -> RawBackend.readHead(socket.getInputStream()))) {
            startProxy(closer.address(), Loopback.refusedAddress(), HttpProxySettings.defaults(), a -> false);
            RawClient.Response response = get("/");
            assertEquals(502, response.status());
            assertEquals("502 Bad Gateway: the service closed the connection without answering.\n", response.text());
        }
    }

    @Test
    void aBodylessRequestOnAPooledConnectionTheBackendDropsIsSentAgainOnANewOne() throws Exception {
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        try (RawBackend flaky = new RawBackend(socket -> {
            int connection = accepted.incrementAndGet();
            InputStream in = socket.getInputStream();
            RawBackend.readHead(in);
            ok(socket, "first on " + connection);
            RawBackend.readHead(in);
            if (connection == 1) {
                return; // closes without answering: what an idle timeout racing the next request looks like
            }
            ok(socket, "second on " + connection);
        })) {
            startProxy(flaky.address(), Loopback.refusedAddress(), HttpProxySettings.defaults(), a -> false);
            try (RawClient client = new RawClient(address)) {
                client.send("GET /a HTTP/1.1\r\nHost: " + hostHeader() + "\r\n\r\n");
                assertEquals("first on 1", client.read().text());
                client.send("GET /b HTTP/1.1\r\nHost: " + hostHeader() + "\r\n\r\n");
                assertEquals("first on 2", client.read().text(), "sent again on a new backend connection");
            }
        }
    }

    private static void ok(java.net.Socket socket, String body) throws IOException {
        socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    @Test
    void rewritesRedirectsToTheBackendsInternalAddressToWhatTheClientUsed() throws IOException {
        startProxy();
        RawClient.Response response = get("/redirect");
        assertEquals(302, response.status());
        String publicLogin = "http://" + hostHeader() + "/login";
        assertEquals(publicLogin, response.header("location"));
        assertEquals(publicLogin, response.header("content-location"));
        assertEquals("1; url=" + publicLogin, response.header("refresh"));
        assertEquals("http://localhost:" + backend.address().port() + "/login", response.header("x-other"));
        assertEquals("see http://localhost:" + backend.address().port() + "/login", response.text(), "bodies stay as they are");
    }

    @Test
    void redirectsBehindATrustedHttpsProxyGoToThePublicSchemeAndHost() throws IOException {
        startProxy(backend.address(), Loopback.refusedAddress(), HttpProxySettings.defaults(), InetAddress::isLoopbackAddress);
        RawClient.Response response = get("/redirect", "X-Forwarded-Proto: https\r\n", "X-Forwarded-Host: public.example\r\n");
        assertEquals("https://public.example/login", response.header("location"));
        assertEquals("https://public.example/login", response.header("content-location"));
        assertEquals("1; url=https://public.example/login", response.header("refresh"));
    }

    @Test
    void redirectsForAnUntrustedClientIgnoreTheForwardedHeadersItSent() throws IOException {
        startProxy();
        RawClient.Response response = get("/redirect", "X-Forwarded-Proto: https\r\n", "X-Forwarded-Host: evil.example\r\n");
        assertEquals("http://" + hostHeader() + "/login", response.header("location"));
    }

    @Test
    void keepsTheClientConnectionAlive_andReusesThePooledBackendConnection() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            for (int i = 0; i < 3; i++) {
                client.send("GET /echo-headers HTTP/1.1\r\nHost: " + hostHeader() + "\r\n\r\n");
                RawClient.Response response = client.read();
                assertEquals(200, response.status());
                assertNull(response.header("connection"));
            }
        }
        assertEquals(1, backend.connections.size(), "one backend connection carried every request: " + backend.connections);
    }

    @Test
    void aClientThatHalfClosesRightAfterItsRequestStillGetsTheProxiedResponse() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            // The service answers after the proxy has seen the half-close.
            client.send("GET /slow?ms=300 HTTP/1.1\r\nHost: " + hostHeader() + "\r\nConnection: close\r\n\r\n").halfClose();
            RawClient.Response response = client.read();
            assertEquals(200, response.status());
            assertEquals("slow /slow?ms=300", response.text());
            assertTrue(client.closedByPeer(), "then the proxy closes too");
        }
    }

    @Test
    void anHttp10ClientThatHalfClosesStillGetsTheProxiedResponse() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("GET /slow?ms=300 HTTP/1.0\r\nHost: " + hostHeader() + "\r\n\r\n").halfClose();
            RawClient.Response response = client.read();
            assertEquals(200, response.status());
            assertEquals("slow /slow?ms=300", response.text());
            assertTrue(client.closedByPeer());
        }
    }

    @Test
    void everyPipelinedRequestBeforeAHalfCloseIsAnswered_thenTheConnectionCloses() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("GET /echo-headers?n=1 HTTP/1.1\r\nHost: " + hostHeader() + "\r\n\r\n"
                    + "GET /nowhere HTTP/1.1\r\nHost: unknown.test\r\n\r\n"
                    + "GET /slow?ms=200 HTTP/1.1\r\nHost: " + hostHeader() + "\r\n\r\n").halfClose();
            assertTrue(client.read().text().contains("uri: /echo-headers?n=1"));
            assertEquals(404, client.read().status());
            RawClient.Response last = client.read();
            assertEquals("slow /slow?ms=200", last.text());
            assertEquals("close", last.header("connection"), "the last answer says no more will follow");
            assertTrue(client.closedByPeer());
        }
    }

    @Test
    void aClientThatHalfClosesInTheMiddleOfItsBodyIsClosedWithoutForwardingIt() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("POST /upload HTTP/1.1\r\nHost: " + hostHeader() + "\r\nContent-Length: 10\r\n\r\nabc").halfClose();
            assertTrue(client.closedByPeer());
        }
    }

    @Test
    void answersPipelinedRequestsInOrder() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("GET /echo-headers?n=1 HTTP/1.1\r\nHost: " + hostHeader() + "\r\n\r\n"
                    + "GET /nowhere HTTP/1.1\r\nHost: unknown.test\r\n\r\n"
                    + "GET /echo-headers?n=3 HTTP/1.1\r\nHost: " + hostHeader() + "\r\n\r\n");
            assertTrue(client.read().text().contains("uri: /echo-headers?n=1"));
            assertEquals(404, client.read().status());
            assertTrue(client.read().text().contains("uri: /echo-headers?n=3"));
        }
    }

    @Test
    void streamsLargeChunkedBodiesBothWays() throws IOException {
        startProxy();
        byte[] upload = TestBackend.pattern(6 * 1024 * 1024 + 17);
        try (RawClient client = new RawClient(address)) {
            client.send("POST /upload HTTP/1.1\r\nHost: " + hostHeader() + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int off = 0; off < upload.length; off += 100_000) {
                int n = Math.min(100_000, upload.length - off);
                client.send(Integer.toHexString(n) + "\r\n");
                client.send(java.util.Arrays.copyOfRange(upload, off, off + n));
                client.send("\r\n");
            }
            client.send("0\r\n\r\n");
            assertEquals(upload.length + " " + TestBackend.sha256(upload), client.read().text());

            int size = 5 * 1024 * 1024 + 3;
            client.send("GET /download?n=" + size + " HTTP/1.1\r\nHost: " + hostHeader() + "\r\n\r\n");
            RawClient.Response download = client.read();
            assertEquals("chunked", download.header("transfer-encoding"));
            assertArrayEquals(TestBackend.pattern(size), download.body());
        }
    }

    @Test
    void passesExpectContinueThrough() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("POST /upload HTTP/1.1\r\nHost: " + hostHeader() + "\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertEquals(100, client.read().status());
            client.send("hello");
            RawClient.Response response = client.read();
            assertEquals(200, response.status());
            assertEquals("5 " + TestBackend.sha256("hello".getBytes(StandardCharsets.US_ASCII)), response.text());
        }
    }

    @Test
    void answersAnHttp10ClientWithoutChunking() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("GET /download?n=1000 HTTP/1.0\r\nHost: " + hostHeader() + "\r\n\r\n");
            RawClient.Response response = client.read();
            assertNull(response.header("transfer-encoding"));
            assertArrayEquals(TestBackend.pattern(1000), response.body());
        }
    }

    @Test
    void webSocketUpgradeTurnsIntoARawRelay() throws Exception {
        try (RawBackend ws = new RawBackend(socket -> {
            String head = RawBackend.readHead(socket.getInputStream()).toLowerCase();
            if (!head.contains("upgrade: websocket") || !head.contains("connection: upgrade")) {
                throw new AssertionError("no upgrade request: " + head);
            }
            socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            RawBackend.echo(socket);
        })) {
            startProxy(ws.address(), Loopback.refusedAddress(), HttpProxySettings.defaults(), a -> false);
            try (RawClient client = new RawClient(address)) {
                client.send("GET /ws HTTP/1.1\r\nHost: " + hostHeader() + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
                RawClient.Response switched = client.read();
                assertEquals(101, switched.status());
                assertEquals("websocket", switched.header("upgrade"));
                assertEquals("Upgrade", switched.header("connection"));
                byte[] frame = TestBackend.pattern(200_000);
                client.send(frame);
                assertArrayEquals(frame, client.readBytes(frame.length), "raw bytes pass both ways");
            }
        }
    }

    @Test
    void connectOpensARawTunnelToTheRoutesDelve_replayingBytesSentEarly() throws Exception {
        try (RawBackend delve = new RawBackend(RawBackend::echo)) {
            startProxy(backend.address(), delve.address(), HttpProxySettings.defaults(), a -> false);
            try (RawClient client = new RawClient(address)) {
                // The first request bytes travel in the same segment as the CONNECT head.
                client.send("CONNECT " + HOST + ":2345 HTTP/1.1\r\nHost: " + HOST + ":2345\r\n\r\n{\"id\":1}");
                RawClient.Response established = client.read(true);
                assertEquals(200, established.status());
                assertArrayEquals("{\"id\":1}".getBytes(StandardCharsets.US_ASCII), client.readBytes(8));
                client.send("more");
                assertArrayEquals("more".getBytes(StandardCharsets.US_ASCII), client.readBytes(4));
            }
        }
    }

    @Test
    void connectWithoutAPortGets400() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("CONNECT " + HOST + " HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n");
            RawClient.Response response = client.read();
            assertEquals(400, response.status());
            assertTrue(response.text().startsWith("400 Bad Request: CONNECT needs host:port"), response.text());
            assertTrue(client.closedByPeer());
        }
    }

    @Test
    void connectWithAnyPortTunnelsToTheRoutesDelve() throws Exception {
        try (RawBackend delve = new RawBackend(RawBackend::echo)) {
            startProxy(backend.address(), delve.address(), HttpProxySettings.defaults(), a -> false);
            try (RawClient client = new RawClient(address)) {
                client.send("CONNECT " + HOST + ":1 HTTP/1.1\r\nHost: " + HOST + ":1\r\n\r\n");
                assertEquals(200, client.read(true).status());
                client.send("ping");
                assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), client.readBytes(4));
            }
        }
    }

    @Test
    void connectToAnUnknownHostGets404() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("CONNECT nobody.debug.localhost:2345 HTTP/1.1\r\nHost: nobody.debug.localhost:2345\r\n\r\n");
            assertEquals(404, client.read().status());
        }
    }

    @Test
    void connectToAnUnreachableTargetGets502() throws IOException {
        startProxy();
        try (RawClient client = new RawClient(address)) {
            client.send("CONNECT " + HOST + ":2345 HTTP/1.1\r\nHost: " + HOST + ":2345\r\n\r\n");
            RawClient.Response response = client.read();
            assertEquals(502, response.status());
            assertTrue(client.closedByPeer());
        }
    }

    @Test
    void aClientTricklingItsRequestHeadGets408_aLogLineAndACount() throws IOException {
        startProxy(backend.address(), Loopback.refusedAddress(),
                HttpProxySettings.defaults().withRequestHeadTimeout(Duration.ofMillis(500)), a -> false);
        ListAppender<ILoggingEvent> lines = capture(RequestHeadTimeout.class);
        try (RawClient client = new RawClient(address)) {
            long start = System.nanoTime();
            client.send("GET / HTTP/1.1\r\n");
            for (int i = 0; i < 3; i++) {
                sleep(200); // a header line now and then, as slowloris does: the timer is not restarted
                client.send("X-Slow-" + i + ": 1\r\n");
            }
            RawClient.Response response = client.read();
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
            assertEquals(408, response.status());
            assertEquals("close", response.header("connection"));
            assertEquals("408 Request Timeout: the request head did not arrive within 500 ms.\n", response.text());
            assertTrue(client.closedByPeer());
        } finally {
            release(RequestHeadTimeout.class, lines);
        }
        String logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList().toString();
        assertTrue(logged.contains("event=http_error status=408 client=/127.0.0.1:"), logged);
        assertTrue(logged.contains("reason=request_head_timeout"), logged);
        assertTrue(metrics.scrape().contains("debugproxy_http_responses_total{code=\"408\",route=\"-\"} 1\n"),
                metrics.scrape());
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedWithoutA408() throws IOException {
        startProxy(backend.address(), Loopback.refusedAddress(),
                HttpProxySettings.defaults().withRequestHeadTimeout(Duration.ofMillis(300)), a -> false);
        try (RawClient client = new RawClient(address)) {
            client.send("GET /echo-headers HTTP/1.1\r\nHost: " + hostHeader() + "\r\n\r\n");
            assertEquals(200, client.read().status());
            long start = System.nanoTime();
            assertTrue(client.closedByPeer(), "closed without another byte");
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        }
        assertFalse(metrics.scrape().contains("code=\"408\""), metrics.scrape());
    }

    private static ListAppender<ILoggingEvent> capture(Class<?> logger) {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        ((Logger) LoggerFactory.getLogger(logger)).addAppender(lines);
        return lines;
    }

    private static void release(Class<?> logger, ListAppender<ILoggingEvent> lines) {
        ((Logger) LoggerFactory.getLogger(logger)).detachAppender(lines);
    }

    @Test
    void theHeadTimeoutDoesNotCutALongResponse() throws IOException {
        startProxy(backend.address(), Loopback.refusedAddress(),
                HttpProxySettings.defaults().withRequestHeadTimeout(Duration.ofMillis(200)), a -> false);
        try (RawClient client = new RawClient(address)) {
            client.send("POST /upload HTTP/1.1\r\nHost: " + hostHeader() + "\r\nContent-Length: 6\r\n\r\nab");
            sleep(500);
            client.send("cdef");
            assertEquals(200, client.read().status());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
