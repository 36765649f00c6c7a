package io.debugproxy.proxy.tlslisten;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.relay.Loopback;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.debugproxy.tls.TlsContexts;
import io.debugproxy.tls.TlsIdentity;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TLS listener wired as {@code proxy serve} wires it, on loopback, in front of a counting upstream:
 * route {@code api} (api.debug.localhost) open to every client of the CA, route {@code private}
 * (private.debug.localhost) only to the clients given.
 */
public final class ListenerFixture implements AutoCloseable {

    public static final String API = "api.debug.localhost";
    public static final String PRIVATE = "private.debug.localhost";
    /** Generous: a JVM's first handshakes (JIT, first certificate issued) are slow on a busy machine. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    public final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    public final TestPki pki;
    public final CountingUpstream upstream;
    public final RouteTablePublisher routes = new RouteTablePublisher();
    public final MutualTlsListener listener;
    public final int port;

    public ListenerFixture(Path temp) throws Exception {
        this(temp, HANDSHAKE_TIMEOUT);
    }

    public ListenerFixture(Path temp, Duration handshakeTimeout) throws Exception {
        pki = new TestPki(temp);
        upstream = new CountingUpstream();
        routes.publish(table(List.of("alice")));
        ProxyTls tls = ProxyTls.load(pki.certs, routes, Clock.systemUTC());
        listener = tls.listener(group, TlsListenerSettings.at(new HostPort("127.0.0.1", 0))
                .withHandshakeTimeout(handshakeTimeout), tls.upstreams());
        port = listener.start().port();
    }

    /** Route {@code api} open to every client of the CA; route {@code private} only to {@code privateClients}. */
    public RouteTable table(List<String> privateClients) {
        return RouteTable.of(List.of(
                RouteSpec.ok("api", null, null, upstream.address(), List.of(API), null, List.of()),
                RouteSpec.ok("private", null, null, upstream.address(), List.of(PRIVATE), null, privateClients)));
    }

    public HostPort address() {
        return new HostPort("127.0.0.1", port);
    }

    public SslContext clientContext(TlsIdentity identity) {
        return TlsContexts.trusting(pki.ca()).client(identity);
    }

    public TlsClient connect(SslContext context, String sniName) throws InterruptedException {
        return new TlsClient(group, context, sniName, port);
    }

    /** The listener counted exactly one refusal, for {@code reason}, and the upstream saw nothing. */
    public void assertRefused(Refusal reason) {
        Loopback.await(() -> listener.refusals().count(reason) == 1,
                "a refusal for " + reason + "; refusals so far: " + listener.refusals().snapshot());
        assertEquals(1, listener.refusals().total(), () -> "one refusal only: " + listener.refusals().snapshot());
        assertNothingReachedTheUpstream();
    }

    public void assertNothingReachedTheUpstream() {
        assertEquals(0, upstream.connections(), "the upstream was dialed");
        assertEquals(0, upstream.bytes(), "bytes reached the upstream");
    }

    @Override
    public void close() throws Exception {
        listener.stop();
        upstream.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
