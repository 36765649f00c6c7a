package io.debugproxy.cli.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.debugproxy.proxy.tlslisten.MutualTlsListener;
import io.debugproxy.proxy.tlslisten.ProxyTls;
import io.debugproxy.proxy.tlslisten.Refusal;
import io.debugproxy.proxy.tlslisten.TlsListenerSettings;
import io.debugproxy.tls.CaOptions;
import io.debugproxy.tls.CertsDirectory;
import io.debugproxy.tls.IssueOptions;
import io.debugproxy.tls.LeafRequest;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * What {@code proxy connect} tells its user when the proxy's TLS listener will not carry a connection:
 * a client the route does not allow (refused in the handshake with an alert) is told so for certain,
 * and a close without an alert is put down to the route's Delve. A real listener ({@code proxy serve}'s)
 * runs on loopback; an IDE is a plain socket.
 */
class ConnectRefusalMessageTest {

    private static final String DIAGNOSTICS_LOGGER = "io.debugproxy.proxy.upstream.UpstreamTlsDiagnostics";

    @TempDir
    Path dir;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ListAppender<ILoggingEvent> stderr = new ListAppender<>();
    private final RouteTablePublisher routes = new RouteTablePublisher();
    private CertsDirectory certs;
    private MutualTlsListener listener;
    private HostPort proxy;

    @BeforeEach
    void startProxy() throws IOException {
        certs = CertsDirectory.at(dir.resolve("certs"));
        certs.init(CaOptions.defaults(), false);
        for (String name : List.of("dev", "dev2")) {
            certs.issue(LeafRequest.client(name, Duration.ofDays(30)), IssueOptions.defaults());
        }
        HostPort delve;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            delve = new HostPort("127.0.0.1", gone.getLocalPort()); // nothing listens there once closed
        }
        routes.publish(RouteTable.of(List.of(
                RouteSpec.ok("api", null, null, delve, List.of("api.debug.localhost"), null, List.of("dev")))));
        ProxyTls tls = ProxyTls.load(certs, routes, Clock.systemUTC());
        listener = tls.listener(group, TlsListenerSettings.at(new HostPort("127.0.0.1", 0)), tls.upstreams());
        proxy = listener.start();
        stderr.start();
        ((Logger) LoggerFactory.getLogger(DIAGNOSTICS_LOGGER)).addAppender(stderr);
    }

    @AfterEach
    void stopProxy() throws InterruptedException {
        ((Logger) LoggerFactory.getLogger(DIAGNOSTICS_LOGGER)).detachAppender(stderr);
        listener.stop();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Runs {@code proxy connect --client client} against the listener and lets an IDE try once; returns what connect logged. */
    private String connectOnceAs(String client) throws IOException, InterruptedException {
        ConnectCommand command = new ConnectCommand();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.parseArgs("--server", proxy.toString(), "--route", "api", "--listen", "127.0.0.1:0",
                "--certs", certs.root().toString(), "--client", client);
        try (ConnectTunnel tunnel = command.start();
             Socket ide = new Socket(InetAddress.getLoopbackAddress(), tunnel.address().port())) {
            ide.setSoTimeout(10_000);
            ide.getOutputStream().write("{\"method\":\"RPCServer.State\"}\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(-1, ide.getInputStream().read(), "the IDE's connection is closed without an answer");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (stderr.list.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertEquals(1, stderr.list.size(), () -> "one line about the refusal: " + stderr.list);
        return stderr.list.get(0).getFormattedMessage();
    }

    @Test
    void saysForCertainThatTheProxyDoesNotAllowTheClientOnTheRoute() throws Exception {
        String line = connectOnceAs("dev2");

        assertTrue(line.startsWith("event=upstream_tls_refused kind=client_certificate_refused route=api"), line);
        assertTrue(line.contains("alert=certificate_unknown"), line);
        assertTrue(line.contains("reason=\"the proxy refused client certificate 'dev2' for route api with TLS alert"
                + " certificate_unknown: its CA, validity and key usage are fine here, so the proxy refuses it for one"
                + " of two reasons (its log says which: event=tls_refused client=dev2 reason=...)"), line);
        assertTrue(line.contains("reason=not_allowed_on_route, 'dev2' is not in the route's debugproxy.clients label"),
                line);
        assertTrue(line.contains("reason=revoked, the proxy's CA has revoked 'dev2'"), line);
        assertFalse(line.contains("probably"), line);
        assertEquals(1, listener.refusals().count(Refusal.NOT_ALLOWED_ON_ROUTE), listener.refusals().snapshot()::toString);
    }

    @Test
    void putsACloseWithoutAlertDownToTheRoutesDelve() throws Exception {
        String line = connectOnceAs("dev");

        assertTrue(line.startsWith("event=upstream_tls_refused kind=closed_after_handshake route=api"), line);
        assertTrue(line.contains("alert=-"), line);
        assertTrue(line.contains("admitted client certificate 'dev' for route api ('api.debug.localhost') but closed the"
                + " connection without a TLS alert before sending a byte: the route's Delve is not reachable from the"
                + " proxy"), line);
        assertEquals(0, listener.refusals().total(), listener.refusals().snapshot()::toString);
    }
}
