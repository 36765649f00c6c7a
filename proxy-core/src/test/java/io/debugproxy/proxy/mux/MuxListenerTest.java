package io.debugproxy.proxy.mux;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.listen.SessionDrain;
import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.relay.Loopback;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.debugproxy.proxy.sniff.SniffRejection;
import io.debugproxy.proxy.sniff.SniffSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MuxListenerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GET_VERSION = "{\"method\":\"RPCServer.GetVersion\",\"params\":[{}],\"id\":7}";
    private static final String DAP_INITIALIZE = dap("{\"seq\":1,\"type\":\"request\",\"command\":\"initialize\","
            + "\"arguments\":{\"adapterID\":\"go\"}}");

    private EventLoopGroup group;
    private final RouteTablePublisher routes = new RouteTablePublisher();
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private MuxListener mux;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (mux != null) {
            mux.stop();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private HostPort start(MuxListener.Builder builder) {
        mux = builder.address(new HostPort("127.0.0.1", 0)).metrics(metrics).build();
        return mux.start();
    }

    private HostPort start() {
        return start(MuxListener.builder(group, routes)
                .routePorts(route -> Optional.of(new HostPort("127.0.0.1", route.equals("api") ? 40000 : 40001))));
    }

    private static RouteSpec route(String name, HostPort delve, HostPort http) {
        return RouteSpec.ok(name, name, "id-" + name, delve, List.of(name + ".debug.localhost"), http, List.of());
    }

    /** A Delve stand-in: records what it receives and echoes it back. */
    private HostPort echoTarget(ByteArrayOutputStream received) throws IOException {
        ServerSocket server = Loopback.serverSocket();
        closeables.add(server);
        Thread t = new Thread(() -> {
            try (Socket s = Loopback.accept(server)) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (received) {
                        received.write(buf, 0, n);
                    }
                    s.getOutputStream().write(buf, 0, n);
                }
            } catch (IOException e) {
                // the test ended the session
            }
        }, "echo-target");
        t.setDaemon(true);
        t.start();
        return Loopback.address(server);
    }

    @Test
    void countsEveryRefusalReasonFromZeroOnceListening() {
        start();

        String text = metrics.scrape();
        for (String reason : List.of("unknown_protocol", "sniff_timeout", "sniff_too_many_bytes", "closed_before_protocol",
                "no_route", "ambiguous_route", "tls_not_enabled")) {
            assertTrue(text.contains("debugproxy_handshake_failures_total{listener=\"mux\",reason=\"" + reason + "\"} 0\n"),
                    reason + " in\n" + text);
        }
    }

    @Test
    void delveJsonRpcGoesToTheOnlyRoute_withItsBytesUnchanged() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        routes.publish(RouteTable.of(List.of(route("api", echoTarget(received), null),
                RouteSpec.failed("broken", "broken", "x", "bad label"))));
        HostPort mux = start();
        try (Socket client = Loopback.connect(mux)) {
            byte[] request = GET_VERSION.getBytes(StandardCharsets.US_ASCII);
            client.getOutputStream().write(request, 0, 1); // Delve decides on the first byte; so must we
            client.getOutputStream().write(request, 1, request.length - 1);
            assertArrayEquals(request, client.getInputStream().readNBytes(request.length));
        }
        assertArrayEquals(GET_VERSION.getBytes(StandardCharsets.US_ASCII), received.toByteArray());
    }

    @Test
    void aRouteLeavingTheTable_closesItsSessions_andLeavesTheOthersOpen() throws IOException {
        HostPort api = echoTarget(new ByteArrayOutputStream());
        routes.publish(RouteTable.of(List.of(route("api", api, null))));
        HostPort mux = start();
        try (Socket client = Loopback.connect(mux)) {
            byte[] request = GET_VERSION.getBytes(StandardCharsets.US_ASCII);
            client.getOutputStream().write(request);
            assertArrayEquals(request, client.getInputStream().readNBytes(request.length)); // relaying now
            client.setSoTimeout(5_000);

            routes.publish(RouteTable.of(List.of(route("web", echoTarget(new ByteArrayOutputStream()), null))));

            assertEquals(-1, client.getInputStream().read(), "the session of the removed route is closed");
        }
    }

    @Test
    void drainWaitsForADelveSessionButNotForAConnectionStillSniffing() throws Exception {
        routes.publish(RouteTable.of(List.of(route("api", echoTarget(new ByteArrayOutputStream()), null))));
        HostPort address = start();
        Socket session = Loopback.connect(address);
        try (Socket silent = Loopback.connect(address)) {
            byte[] request = GET_VERSION.getBytes(StandardCharsets.US_ASCII);
            session.getOutputStream().write(request);
            assertArrayEquals(request, session.getInputStream().readNBytes(request.length)); // relaying now
            assertEquals(1, mux.openSessions().size(), "the silent connection is no debug session yet");

            CompletableFuture<Integer> drained = CompletableFuture.supplyAsync(
                    () -> new SessionDrain(List.of(mux)).drain(Duration.ofSeconds(10)));
            session.getOutputStream().write(request);
            assertArrayEquals(request, session.getInputStream().readNBytes(request.length), "still relays while draining");
            assertFalse(drained.isDone(), "drain waits for the Delve session");

            session.close();
            assertEquals(0, drained.get(5, TimeUnit.SECONDS), "drain returns once the session ended");
        }
    }

    @Test
    void dapGoesToTheOnlyRoute_withItsFirstByteStillC() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        routes.publish(RouteTable.of(List.of(route("api", echoTarget(received), null))));
        HostPort mux = start();
        try (Socket client = Loopback.connect(mux)) {
            byte[] request = DAP_INITIALIZE.getBytes(StandardCharsets.US_ASCII);
            client.getOutputStream().write(request);
            assertArrayEquals(request, client.getInputStream().readNBytes(request.length));
        }
        assertEquals('C', received.toByteArray()[0]);
    }

    @Test
    void jsonRpcClientGetsAnErrorListingTheRoutesWhenSeveralExist() throws IOException {
        routes.publish(RouteTable.of(List.of(route("api", Loopback.refusedAddress(), null),
                route("web", Loopback.refusedAddress(), null))));
        HostPort mux = start();
        try (Socket client = Loopback.connect(mux)) {
            client.getOutputStream().write((GET_VERSION + "\n" + GET_VERSION.replace("\"id\":7", "\"id\":8"))
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            JsonNode first = JSON.readTree(line(in));
            JsonNode second = JSON.readTree(line(in));
            assertEquals(7, first.get("id").asInt());
            assertTrue(first.get("result").isNull());
            String error = first.get("error").asText();
            assertTrue(error.contains("api at 127.0.0.1:40000"), error);
            assertTrue(error.contains("web at 127.0.0.1:40001"), error);
            assertTrue(error.endsWith("(or send HTTP CONNECT <route host>:2345 to this port, e.g. CONNECT "
                    + "api.debug.localhost:2345)."), error);
            assertEquals(8, second.get("id").asInt(), "every request is answered, so whichever call surfaces shows it");
        }
        assertEquals(1, metrics.scrape().lines()
                .filter(l -> l.startsWith("debugproxy_handshake_failures_total") && l.contains("ambiguous_route"))
                .filter(l -> l.endsWith(" 1")).count());
    }

    @Test
    void jsonRpcRequestWithoutIdGetsANullId() throws IOException {
        HostPort mux = start();
        try (Socket client = Loopback.connect(mux)) {
            client.getOutputStream().write("{\"method\":\"RPCServer.GetVersion\",\"params\":[{\"a\":\"}\"}]}"
                    .getBytes(StandardCharsets.US_ASCII));
            JsonNode reply = JSON.readTree(line(client.getInputStream()));
            assertTrue(reply.get("id").isNull());
            assertTrue(reply.get("error").asText().contains("no debug route is available"), reply.toString());
        }
    }

    @Test
    void dapClientGetsAnErrorResponseWhenNoRouteExists() throws IOException {
        HostPort mux = start();
        try (Socket client = Loopback.connect(mux)) {
            byte[] request = DAP_INITIALIZE.getBytes(StandardCharsets.US_ASCII);
            client.getOutputStream().write(request, 0, 7);
            client.getOutputStream().flush();
            client.getOutputStream().write(request, 7, request.length - 7);
            InputStream in = client.getInputStream();
            String header = line(in);
            assertTrue(header.startsWith("Content-Length: "), header);
            assertEquals("", line(in).strip());
            int length = Integer.parseInt(header.substring("Content-Length: ".length()).strip());
            JsonNode response = JSON.readTree(in.readNBytes(length));
            assertEquals("response", response.get("type").asText());
            assertFalse(response.get("success").asBoolean());
            assertEquals(1, response.get("request_seq").asInt());
            assertEquals("initialize", response.get("command").asText());
            assertTrue(response.get("message").asText().startsWith("debugproxy: no debug route"), response.toString());
            assertTrue(response.at("/body/error/showUser").asBoolean());
        }
    }

    /** An HTTP service that answers with the Host and X-Forwarded-Host it saw. */
    private HostPort httpBackend() throws IOException {
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        backend.createContext("/", ex -> {
            byte[] body = ("host=" + ex.getRequestHeaders().getFirst("Host") + " xfh="
                    + ex.getRequestHeaders().getFirst("X-Forwarded-Host")).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        backend.start();
        closeables.add(() -> backend.stop(0));
        return new HostPort("127.0.0.1", backend.getAddress().getPort());
    }

    @Test
    void httpIsReverseProxiedByHost() throws IOException {
        routes.publish(RouteTable.of(List.of(
                route("api", Loopback.refusedAddress(), httpBackend()),
                route("web", Loopback.refusedAddress(), null))));
        HostPort mux = start();
        try (Socket client = Loopback.connect(mux)) {
            client.getOutputStream().write(("GET / HTTP/1.1\r\nHost: API.debug.localhost:" + mux.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(Loopback.readToEnd(client.getInputStream()), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.endsWith("host=API.debug.localhost:" + mux.port() + " xfh=API.debug.localhost:" + mux.port()),
                    response);
        }
    }

    @Test
    void httpClientThatHalfClosesRightAfterItsRequestGetsTheResponse() throws IOException {
        routes.publish(RouteTable.of(List.of(route("api", Loopback.refusedAddress(), httpBackend()))));
        HostPort mux = start();
        try (Socket client = Loopback.connect(mux)) {
            // What `printf 'GET ...' | nc -N` does: the request, then the end of the client's output, in one go.
            client.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: api.debug.localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            String response = new String(Loopback.readToEnd(client.getInputStream()), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertTrue(response.endsWith("host=api.debug.localhost xfh=api.debug.localhost"), response);
        }
    }

    @Test
    void httpRequestsAndResponsesAreCountedByRoute_connectionsStayUnderNoRoute() throws IOException {
        routes.publish(RouteTable.of(List.of(route("api", Loopback.refusedAddress(), httpBackend()),
                route("web", Loopback.refusedAddress(), Loopback.refusedAddress()))));
        HostPort mux = start();
        try (Socket client = Loopback.connect(mux)) {
            client.getOutputStream().write(("GET / HTTP/1.1\r\nHost: api.debug.localhost\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: web.debug.localhost\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: nobody.debug.localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String responses = new String(Loopback.readToEnd(client.getInputStream()), StandardCharsets.UTF_8);
            assertTrue(responses.contains("HTTP/1.1 404"), responses);
        }
        String text = metrics.scrape();
        assertTrue(text.contains("debugproxy_http_requests_total{route=\"api\"} 1\n"), text);
        assertTrue(text.contains("debugproxy_http_requests_total{route=\"web\"} 1\n"), text);
        assertTrue(text.contains("debugproxy_http_requests_total{route=\"-\"} 1\n"), text);
        assertTrue(text.contains("debugproxy_http_responses_total{code=\"200\",route=\"api\"} 1\n"), text);
        assertTrue(text.contains("debugproxy_http_responses_total{code=\"502\",route=\"web\"} 1\n"), text);
        assertTrue(text.contains("debugproxy_http_responses_total{code=\"404\",route=\"-\"} 1\n"), text);
        assertTrue(text.contains("debugproxy_connections_total{listener=\"mux\",route=\"-\"} 1\n"), text);
    }

    @Test
    void aConnectTunnelCountsItsRequestAndResponseUnderItsRoute() throws IOException {
        routes.publish(RouteTable.of(List.of(route("api", echoTarget(new ByteArrayOutputStream()), null))));
        HostPort mux = start();
        try (Socket client = Loopback.connect(mux)) {
            client.getOutputStream().write("CONNECT api.debug.localhost:2345 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 200 Connection Established", line(client.getInputStream()).strip());
        }
        String text = metrics.scrape();
        assertTrue(text.contains("debugproxy_http_requests_total{route=\"api\"} 1\n"), text);
        assertTrue(text.contains("debugproxy_http_responses_total{code=\"200\",route=\"api\"} 1\n"), text);
    }

    /** Sends {@code request} to the mux port and reads until the proxy closes: status line, headers, body. */
    private static String exchange(HostPort mux, String request) throws IOException {
        try (Socket client = Loopback.connect(mux)) {
            client.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(Loopback.readToEnd(client.getInputStream()), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aMalformedRequestLineGets400InsteadOfADroppedConnection() throws IOException {
        routes.publish(RouteTable.of(List.of(route("api", Loopback.refusedAddress(), httpBackend()))));
        HostPort mux = start();
        String response = exchange(mux, "GET /x y z HTTP/1.1\r\nHost: api.debug.localhost\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\n400 Bad Request: the request is not valid HTTP/1.1.\n"), response);
        assertEquals(0, this.mux.rejections().total(), "the sniffer let HTTP answer it");
    }

    @Test
    void aRequestLineLongerThanTheLimitGets414() throws IOException {
        routes.publish(RouteTable.of(List.of(route("api", Loopback.refusedAddress(), httpBackend()))));
        HostPort mux = start();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Logger logger = (Logger) LoggerFactory.getLogger("io.debugproxy.proxy.http.ReverseProxyHandler");
        logger.addAppender(lines);
        try {
            String response = exchange(mux, "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: api.debug.localhost\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 414 "), response);
            assertTrue(response.endsWith(": the request line is longer than 8192 bytes.\n"), response);
        } finally {
            logger.detachAppender(lines);
        }
        String logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList().toString();
        assertTrue(logged.contains("event=http_error status=414 method=- host=- client=/127.0.0.1:"), logged);
        assertTrue(logged.contains("reason=request_line_too_long"), logged);
        assertEquals(0, this.mux.rejections().total());
    }

    @Test
    void headersLargerThanTheLimitGet431() throws IOException {
        routes.publish(RouteTable.of(List.of(route("api", Loopback.refusedAddress(), httpBackend()))));
        HostPort mux = start();
        String response = exchange(mux, "GET / HTTP/1.1\r\nHost: api.debug.localhost\r\nCookie: " + "c".repeat(9000)
                + "\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"), response);
        assertTrue(response.endsWith("the request headers are larger than 8192 bytes.\n"), response);
    }

    @Test
    void connectTunnelsToTheNamedRoutesDelveEvenWithSeveralRoutes() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        routes.publish(RouteTable.of(List.of(route("api", echoTarget(received), null),
                route("web", Loopback.refusedAddress(), null))));
        HostPort mux = start();
        try (Socket client = Loopback.connect(mux)) {
            client.getOutputStream().write("CONNECT api.debug.localhost:2345 HTTP/1.1\r\nHost: api.debug.localhost:2345\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            assertEquals("HTTP/1.1 200 Connection Established", line(in).strip());
            assertEquals("", line(in).strip());
            client.getOutputStream().write(GET_VERSION.getBytes(StandardCharsets.US_ASCII));
            assertEquals(GET_VERSION, new String(in.readNBytes(GET_VERSION.length()), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void tlsClientHelloGoesToTheTlsPipeline_unchanged() throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        ChannelHandler tls = new RecordingPipeline(seen);
        HostPort mux = start(MuxListener.builder(group, routes).tlsPipeline(tls));
        byte[] hello = {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x03};
        try (Socket client = Loopback.connect(mux)) {
            client.getOutputStream().write(hello);
            Loopback.await(() -> {
                synchronized (seen) {
                    return seen.size() == hello.length;
                }
            }, "the TLS pipeline to receive the ClientHello");
        }
        assertArrayEquals(hello, seen.toByteArray());
    }

    @Test
    void tlsWithoutATlsPipelineGetsAnAlertAndIsClosed_theLogSaysToCreateACa() throws IOException {
        HostPort mux = start();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Logger logger = (Logger) LoggerFactory.getLogger(TlsUnavailable.class);
        logger.addAppender(lines);
        try (Socket client = Loopback.connect(mux)) {
            client.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x03});
            assertArrayEquals(new byte[] {21, 3, 1, 0, 2, 2, 40}, Loopback.readToEnd(client.getInputStream()));
        } finally {
            logger.detachAppender(lines);
        }
        String logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList().toString();
        assertTrue(logged.contains("reason=tls_not_enabled"), logged);
        assertTrue(logged.contains("`proxy certs init`"), logged);
        assertFalse(logged.contains("connect to the TLS listener"), "that listener is off too: " + logged);
    }

    @Test
    void unknownProtocolIsClosedAndCounted() throws IOException {
        HostPort mux = start();
        try (Socket client = Loopback.connect(mux)) {
            client.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(Loopback.closedByPeer(client));
        }
        Loopback.await(() -> this.mux.rejections().count(SniffRejection.UNKNOWN_PROTOCOL) == 1, "the rejection to be counted");
    }

    @Test
    void silentClientIsClosedAfterTheSniffTimeout() throws IOException {
        HostPort mux = start(MuxListener.builder(group, routes).sniff(SniffSettings.defaults().withTimeout(Duration.ofMillis(200))));
        try (Socket client = Loopback.connect(mux)) {
            assertTrue(Loopback.closedByPeer(client));
        }
        Loopback.await(() -> this.mux.rejections().count(SniffRejection.TIMEOUT) == 1, "the timeout to be counted");
    }

    @Test
    void aBusyAddressFailsStartNamingTheSetting() throws IOException {
        try (ServerSocket taken = Loopback.serverSocket()) {
            MuxListener listener = MuxListener.builder(group, routes).address(Loopback.address(taken)).build();
            IllegalStateException e = assertThrows(IllegalStateException.class, listener::start);
            assertTrue(e.getMessage().contains("listeners.mux.address"), e.getMessage());
        }
    }

    /** Stands in for the TLS listener's initializer: records the bytes it is handed. */
    @ChannelHandler.Sharable
    private static final class RecordingPipeline extends ChannelInboundHandlerAdapter {
        private final ByteArrayOutputStream seen;

        RecordingPipeline(ByteArrayOutputStream seen) {
            this.seen = seen;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            synchronized (seen) {
                seen.writeBytes(ByteBufUtil.getBytes((ByteBuf) msg));
            }
            ((ByteBuf) msg).release();
        }
    }

    private static String dap(String json) {
        return "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
