package io.debugproxy.proxy.upstream;

import static io.debugproxy.proxy.tlslisten.ListenerFixture.API;
import static io.debugproxy.proxy.tlslisten.ListenerFixture.PRIVATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.debugproxy.config.PortRange;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.route.Upstream;
import io.debugproxy.proxy.listen.PortAssignments;
import io.debugproxy.proxy.listen.RouteListenerSettings;
import io.debugproxy.proxy.listen.RouteListeners;
import io.debugproxy.proxy.relay.Loopback;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.debugproxy.proxy.tlslisten.ListenerFixture;
import io.debugproxy.proxy.tlslisten.MutualTlsListener;
import io.debugproxy.proxy.tlslisten.ProxyTls;
import io.debugproxy.proxy.tlslisten.Refusal;
import io.debugproxy.proxy.tlslisten.TestPki;
import io.debugproxy.proxy.tlslisten.TlsClient;
import io.debugproxy.proxy.tlslisten.TlsListenerSettings;
import io.debugproxy.tls.CertificateKind;
import io.debugproxy.tls.ClientCertificateCheck;
import io.debugproxy.tls.RevocationList;
import io.debugproxy.tls.TlsContexts;
import io.debugproxy.tls.TlsIdentity;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS re-originated towards an upstream, against a real TLS listener ("proxy B", a
 * {@link ListenerFixture} in front of a counting echo server): the way {@code proxy connect} carries a
 * plain local connection, the way one {@code proxy serve} chains to another, and what the client side
 * says when the upstream will not have it.
 */
class MutualTlsUpstreamTest {

    @TempDir
    Path temp;

    ListenerFixture proxyB;
    TestPki pki;
    final List<UpstreamTlsProblem> problems = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startProxyB() throws Exception {
        proxyB = new ListenerFixture(temp.resolve("b"));
        pki = proxyB.pki;
    }

    @AfterEach
    void stop() throws Exception {
        proxyB.close();
    }

    /** A client certificate as {@code proxy connect} loads it: checked against the CA and the local CRL. */
    private UpstreamCredentials stored(String name, TlsIdentity identity) {
        RevocationList crl = pki.certs.revocationList();
        return new StoredClientIdentity(name, identity, TlsContexts.trusting(pki.ca(), crl),
                new ClientCertificateCheck(pki.ca(), crl, Clock.systemUTC()));
    }

    private Tunnel tunnel(HostPort target, String serverName, UpstreamCredentials credentials) throws InterruptedException {
        return new Tunnel(proxyB.group, target, new MutualTlsUpstream("test", serverName, credentials, problems::add));
    }

    /** Sends {@code text} on a plain connection and returns as many bytes back, or null when it was closed first. */
    private static String exchange(HostPort plain, String text) throws IOException {
        try (Socket socket = Loopback.connect(plain)) {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            byte[] answer = socket.getInputStream().readNBytes(text.length());
            return answer.length == text.length() ? new String(answer, StandardCharsets.UTF_8) : null;
        }
    }

    private UpstreamTlsProblem onlyProblem() {
        Loopback.await(() -> !problems.isEmpty(), "the client side to explain the refusal");
        assertEquals(1, problems.size(), problems::toString);
        return problems.get(0);
    }

    // ---------------------------------------------------------------- proxy connect's path

    @Test
    void carriesAPlainConnectionOverMutualTlsToTheRouteOfItsServerName() throws Exception {
        try (Tunnel tunnel = tunnel(proxyB.address(), API, stored("alice", pki.client("alice")))) {
            assertEquals("ping", exchange(tunnel.address(), "ping"));
        }
        assertEquals(4, proxyB.upstream.bytes());
        assertTrue(problems.isEmpty(), problems::toString);
    }

    @Test
    void explainsWhyTheProxyRefusedTheClientCertificate() throws Exception {
        TlsIdentity alice = pki.client("alice");
        pki.certs.revoke("alice", CertificateKind.CLIENT);
        try (Tunnel tunnel = tunnel(proxyB.address(), API, stored("alice", alice))) {
            assertNull(exchange(tunnel.address(), "ping"));
        }
        UpstreamTlsProblem problem = onlyProblem();
        assertEquals(UpstreamTlsProblem.Kind.CLIENT_CERTIFICATE_REFUSED, problem.kind(), problem::toString);
        assertTrue(problem.message().startsWith("the proxy refused client certificate 'alice' for route test with TLS alert"
                + " certificate_unknown: "), problem.message());
        assertTrue(problem.message().contains("revoked"), problem.message());
        proxyB.assertNothingReachedTheUpstream();
    }

    @Test
    void explainsAnExpiredClientCertificateByItsDate() throws Exception {
        try (Tunnel tunnel = tunnel(proxyB.address(), API, stored("alice", pki.expiredClient("alice")))) {
            assertNull(exchange(tunnel.address(), "ping"));
        }
        UpstreamTlsProblem problem = onlyProblem();
        assertEquals(UpstreamTlsProblem.Kind.CLIENT_CERTIFICATE_REFUSED, problem.kind(), problem::toString);
        assertTrue(problem.message().contains("expired at"), problem.message());
    }

    @Test
    void explainsARouteNameTheProxyDoesNotKnow() throws Exception {
        try (Tunnel tunnel = tunnel(proxyB.address(), "nope.debug.localhost", stored("alice", pki.client("alice")))) {
            assertNull(exchange(tunnel.address(), "ping"));
        }
        UpstreamTlsProblem problem = onlyProblem();
        assertEquals(UpstreamTlsProblem.Kind.UNKNOWN_SERVER_NAME, problem.kind(), problem::toString);
        assertTrue(problem.message().contains("no route for the name 'nope.debug.localhost'"), problem.message());
    }

    @Test
    void saysTheProxyDoesNotAllowAClientOnTheRouteWhenItsCertificateIsValidHere() throws Exception {
        try (Tunnel tunnel = tunnel(proxyB.address(), PRIVATE, stored("bob", pki.client("bob")))) {
            assertNull(exchange(tunnel.address(), "ping"));
        }
        UpstreamTlsProblem problem = onlyProblem();
        assertEquals(UpstreamTlsProblem.Kind.CLIENT_CERTIFICATE_REFUSED, problem.kind(), problem::toString);
        assertEquals("certificate_unknown", problem.alert());
        assertTrue(problem.message().startsWith("the proxy refused client certificate 'bob' for route test with TLS alert"
                + " certificate_unknown: its CA, validity and key usage are fine here"), problem.message());
        assertTrue(problem.message().contains("reason=not_allowed_on_route, 'bob' is not in the route's debugproxy.clients"),
                problem.message());
        assertTrue(problem.message().contains("reason=revoked, the proxy's CA has revoked 'bob'"), problem.message());
        proxyB.assertRefused(Refusal.NOT_ALLOWED_ON_ROUTE);
    }

    @Test
    void saysTheRoutesTargetIsUnreachableWhenTheProxyClosesAFullHandshakeWithoutAnAlert() throws Exception {
        HostPort nobody;
        try (ServerSocket closed = Loopback.serverSocket()) {
            nobody = new HostPort("127.0.0.1", closed.getLocalPort());
        }
        proxyB.routes.publish(RouteTable.of(List.of(RouteSpec.ok("api", null, null, nobody, List.of(API), null, List.of()))));
        try (Tunnel tunnel = tunnel(proxyB.address(), API, stored("alice", pki.client("alice")))) {
            assertNull(exchange(tunnel.address(), "ping"));
        }
        UpstreamTlsProblem problem = onlyProblem();
        assertEquals(UpstreamTlsProblem.Kind.CLOSED_AFTER_HANDSHAKE, problem.kind(), problem::toString);
        assertTrue(problem.message().contains("admitted client certificate 'alice' for route test"), problem.message());
        assertTrue(problem.message().contains("the route's Delve is not reachable from the proxy"), problem.message());
        assertEquals(0, proxyB.listener.refusals().total(), () -> proxyB.listener.refusals().snapshot().toString());
    }

    @Test
    void forgetsAResumedSessionTheProxyClosedSoTheNextConnectionGetsTheAlert() throws Exception {
        UpstreamCredentials alice = stored("alice", pki.client("alice"));
        try (Tunnel tunnel = tunnel(proxyB.address(), PRIVATE, alice)) {
            assertEquals("ping", exchange(tunnel.address(), "ping"));
            proxyB.routes.publish(proxyB.table(List.of("bob")));

            assertNull(exchange(tunnel.address(), "ping"), "the resumed session is refused after its handshake");
            UpstreamTlsProblem resumed = onlyProblem();
            assertEquals(UpstreamTlsProblem.Kind.CLOSED_AFTER_HANDSHAKE, resumed.kind(), resumed::toString);
            assertTrue(resumed.message().contains("right after resuming an earlier TLS session of client certificate"
                    + " 'alice'"), resumed.message());
            assertTrue(resumed.message().contains("the next connection makes a full handshake"), resumed.message());

            assertNull(exchange(tunnel.address(), "ping"));
            Loopback.await(() -> problems.size() == 2, "the next connection to be refused too");
            assertEquals(UpstreamTlsProblem.Kind.CLIENT_CERTIFICATE_REFUSED, problems.get(1).kind(), problems::toString);
            assertEquals("certificate_unknown", problems.get(1).alert());
        }
        assertEquals(2, proxyB.listener.refusals().count(Refusal.NOT_ALLOWED_ON_ROUTE));
        assertEquals(4, proxyB.upstream.bytes(), "only the first session's bytes reached the upstream");
    }

    @Test
    void refusesAnUpstreamWhoseCertificateNamesAnotherHost() throws Exception {
        SslContext otherName = TlsContexts.trusting(pki.ca()).server(pki.server("other.debug.localhost"));
        try (TlsEchoServer impostor = new TlsEchoServer(proxyB.group, otherName);
             Tunnel tunnel = tunnel(impostor.address(), API, stored("alice", pki.client("alice")))) {
            assertNull(exchange(tunnel.address(), "ping"));
            assertEquals(0, impostor.bytes(), "no byte may go to an upstream that failed verification");
        }
        UpstreamTlsProblem problem = onlyProblem();
        assertEquals(UpstreamTlsProblem.Kind.SERVER_NOT_TRUSTED, problem.kind(), problem::toString);
    }

    @Test
    void refusesAnUpstreamCertifiedByAnotherCa() throws Exception {
        TestPki otherPki = new TestPki(temp.resolve("other"));
        SslContext otherCa = TlsContexts.trusting(otherPki.ca()).server(otherPki.server(API));
        try (TlsEchoServer impostor = new TlsEchoServer(proxyB.group, otherCa);
             Tunnel tunnel = tunnel(impostor.address(), API, stored("alice", pki.client("alice")))) {
            assertNull(exchange(tunnel.address(), "ping"));
            assertEquals(0, impostor.bytes());
        }
        assertEquals(UpstreamTlsProblem.Kind.SERVER_NOT_TRUSTED, onlyProblem().kind());
    }

    // ---------------------------------------------------------------- proxy serve chained to another proxy

    /** Proxy A's routes: {@code edge} dials proxy B's TLS listener, asking for B's route {@code private}. */
    private RouteTablePublisher proxyARoutes() {
        RouteTablePublisher routes = new RouteTablePublisher();
        routes.publish(RouteTable.of(List.of(RouteSpec.ok("edge", null, null, proxyB.address(),
                List.of("edge.debug.localhost"), null, List.of()).withUpstream(Upstream.mutualTls(PRIVATE)))));
        return routes;
    }

    @Test
    void chainsOneProxysTlsListenerToAnothersWithItsOwnClientCertificate() throws Exception {
        proxyB.routes.publish(proxyB.table(List.of("debugproxy"))); // B lets only a chained proxy in
        RouteTablePublisher routesA = proxyARoutes();
        ProxyTls tlsA = ProxyTls.load(pki.certs, routesA, Clock.systemUTC());
        MutualTlsListener proxyA = tlsA.listener(proxyB.group, TlsListenerSettings.at(new HostPort("127.0.0.1", 0)),
                tlsA.upstreams());
        int portA = proxyA.start().port();
        try (TlsClient laptop = new TlsClient(proxyB.group, proxyB.clientContext(pki.client("alice")),
                "edge.debug.localhost", portA)) {
            assertEquals("ping", laptop.exchange("ping"));
        } finally {
            proxyA.stop();
        }
        assertEquals(4, proxyB.upstream.bytes());
        assertEquals(0, proxyB.listener.refusals().total());
    }

    @Test
    void routePortOfATlsUpstreamRouteDialsItWithTheProxysClientCertificate() throws Exception {
        RouteTablePublisher routesA = proxyARoutes();
        ProxyTls tlsA = ProxyTls.load(pki.certs, routesA, Clock.systemUTC());
        RouteUpstreams upstreams = tlsA.upstreams();
        RouteListeners listeners = new RouteListeners(proxyB.group, routesA,
                PortAssignments.load(temp.resolve("state"), freeRange()), RouteListenerSettings.defaults(),
                upstreams::forRouteNamed);
        listeners.start();
        try {
            proxyB.routes.publish(proxyB.table(List.of("debugproxy")));
            assertEquals("ping", exchange(listeners.listenAddress("edge").orElseThrow(), "ping"));
        } finally {
            listeners.stop();
        }
        assertEquals(4, proxyB.upstream.bytes());
    }

    @Test
    void aTlsUpstreamRouteWithoutACaIsClosedBeforeAnyByteIsSent() throws Exception {
        RouteUpstreams plainOnly = RouteUpstreams.plainOnly(proxyARoutes());
        RouteSpec edge = RouteSpec.ok("edge", null, null, proxyB.address(), List.of("edge.debug.localhost"), null,
                List.of()).withUpstream(Upstream.mutualTls(API));
        try (Tunnel tunnel = new Tunnel(proxyB.group, proxyB.address(), plainOnly.forRoute(edge))) {
            assertNull(exchange(tunnel.address(), "ping"));
        }
        Loopback.await(() -> proxyB.listener.refusals().total() == 1, "proxy B to see a connection without TLS");
        proxyB.assertNothingReachedTheUpstream();
    }

    private static PortRange freeRange() throws IOException {
        try (ServerSocket probe = Loopback.serverSocket()) {
            return new PortRange(probe.getLocalPort(), probe.getLocalPort());
        }
    }
}
