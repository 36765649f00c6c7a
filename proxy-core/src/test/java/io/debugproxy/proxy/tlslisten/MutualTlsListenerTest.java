package io.debugproxy.proxy.tlslisten;

import static io.debugproxy.proxy.tlslisten.ListenerFixture.API;
import static io.debugproxy.proxy.tlslisten.ListenerFixture.PRIVATE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.debugproxy.proxy.listen.SessionDrain;
import io.debugproxy.proxy.relay.Loopback;
import io.debugproxy.tls.CertificateKind;
import io.debugproxy.tls.TlsContexts;
import io.debugproxy.tls.TlsIdentity;
import io.debugproxy.proxy.route.RouteTable;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The TLS listener against real Netty TLS clients and raw sockets on loopback. Every refusal test
 * checks three things: the client got nothing back, the listener counted the refusal under the
 * right reason, and the upstream (a counting echo server standing in for Delve) saw no connection
 * and no byte.
 */
class MutualTlsListenerTest {

    @TempDir
    Path temp;

    ListenerFixture fixture;
    TestPki pki;
    CountingUpstream upstream;
    MutualTlsListener listener;
    int port;

    @BeforeEach
    void startListener() throws Exception {
        fixture = new ListenerFixture(temp);
        pki = fixture.pki;
        upstream = fixture.upstream;
        listener = fixture.listener;
        port = fixture.port;
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private SslContext clientContext(TlsIdentity identity) {
        return fixture.clientContext(identity);
    }

    private TlsClient connect(SslContext context, String sniName) throws InterruptedException {
        return fixture.connect(context, sniName);
    }

    private void assertRefused(Refusal reason) {
        fixture.assertRefused(reason);
    }

    private void assertNothingReachedTheUpstream() {
        fixture.assertNothingReachedTheUpstream();
    }

    // ---------------------------------------------------------------- admitted

    @Test
    void relaysAValidClientToItsRouteBothWays() throws Exception {
        try (TlsClient client = connect(clientContext(pki.client("alice")), API)) {
            assertEquals("ping", client.exchange("ping"));
        }
        assertEquals(1, upstream.connections());
        assertEquals(4, upstream.bytes());
        assertEquals(0, listener.refusals().total());
    }

    @Test
    void aCloseNotifyFromTheClientEndsItsSideAndTheAnswerStillComesBack() throws Exception {
        try (TlsClient client = connect(clientContext(pki.client("alice")), API)) {
            assertEquals("ping", client.sendThenCloseNotify("ping"),
                    "the upstream saw the end of input, answered, closed; the proxy passed both on");
        }
        assertEquals(4, upstream.bytes());
    }

    @Test
    void drainStopsAcceptingButWaitsForTheAdmittedSessionUntilItEnds() throws Exception {
        SslContext alice = clientContext(pki.client("alice"));
        TlsClient session = connect(alice, API);
        assertEquals("ping", session.exchange("ping"));
        assertEquals(1, listener.openSessions().size(), "the admitted session counts");

        CompletableFuture<Integer> drained = CompletableFuture.supplyAsync(
                () -> new SessionDrain(List.of(listener)).drain(Duration.ofSeconds(10)));
        assertThrows(ConnectException.class, () -> awaitRefused(port), "no new connection once draining");
        assertEquals("pong", session.exchange("pong"), "the open session still relays while draining");
        assertFalse(drained.isDone(), "drain waits for it");

        session.close();
        assertEquals(0, drained.get(5, TimeUnit.SECONDS), "drain returns once the session ended");
    }

    /** Connects until the listening socket is gone; throws the refusal. */
    private static void awaitRefused(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                Thread.sleep(20);
            }
        }
    }

    @Test
    void aRouteLeavingTheTable_closesItsSessions_andLeavesTheOthersOpen() throws Exception {
        SslContext alice = clientContext(pki.client("alice"));
        try (TlsClient onApi = connect(alice, API);
             TlsClient onPrivate = connect(alice, PRIVATE)) {
            assertEquals("ping", onApi.exchange("ping"));
            assertEquals("ping", onPrivate.exchange("ping"));

            fixture.routes.publish(RouteTable.of(List.of(fixture.table(List.of("alice")).route("private").orElseThrow())));

            assertTrue(onApi.awaitClosed(), "the session of the removed route is closed");
            assertEquals("pong", onPrivate.exchange("pong"), "the other route's session goes on");
        }
    }

    @Test
    void admitsAClientNamedInTheRoutesAllowList() throws Exception {
        try (TlsClient client = connect(clientContext(pki.client("alice")), PRIVATE)) {
            assertEquals("ping", client.exchange("ping"));
        }
        assertEquals(0, listener.refusals().total());
    }

    @Test
    void dialsTheUpstreamOnlyAfterTheClientIsAdmitted() throws Exception {
        try (Socket silent = Loopback.connect(fixture.address())) {
            Thread.sleep(300);
            assertNothingReachedTheUpstream();
        }
    }

    // ---------------------------------------------------------------- refused: the client certificate

    @Test
    void refusesAClientWithoutCertificate() throws Exception {
        SslContext anonymous = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(pki.ca())
                .protocols(TlsContexts.PROTOCOLS).endpointIdentificationAlgorithm("HTTPS").build();
        try (TlsClient client = connect(anonymous, API)) {
            assertNull(client.exchange("ping"));
        }
        assertRefused(Refusal.NO_CLIENT_CERTIFICATE);
    }

    @Test
    void refusesAClientCertificateSignedByAnotherCa() throws Exception {
        try (TlsClient client = connect(clientContext(pki.clientOfAnotherCa("alice")), API)) {
            assertNull(client.exchange("ping"));
        }
        assertRefused(Refusal.WRONG_CA);
    }

    @Test
    void refusesAnExpiredClientCertificate() throws Exception {
        try (TlsClient client = connect(clientContext(pki.expiredClient("alice")), API)) {
            assertNull(client.exchange("ping"));
        }
        assertRefused(Refusal.EXPIRED);
    }

    @Test
    void refusesAClientCertificateThatIsNotValidYet() throws Exception {
        try (TlsClient client = connect(clientContext(pki.notYetValidClient("alice")), API)) {
            assertNull(client.exchange("ping"));
        }
        assertRefused(Refusal.NOT_YET_VALID);
    }

    @Test
    void refusesARevokedClientCertificate() throws Exception {
        TlsIdentity alice = pki.client("alice");
        pki.certs.revoke("alice", CertificateKind.CLIENT);
        try (TlsClient client = connect(clientContext(alice), API)) {
            assertNull(client.exchange("ping"));
        }
        assertRefused(Refusal.REVOKED);
    }

    @Test
    void refusesAServerCertificateUsedAsClientCertificate() throws Exception {
        try (TlsClient client = connect(clientContext(pki.server("api.debug.localhost")), API)) {
            assertNull(client.exchange("ping"));
        }
        assertRefused(Refusal.NOT_FOR_CLIENT_AUTH);
    }

    @Test
    void refusesAClientMissingFromTheRoutesAllowListWithAnAlertItReadsAfterItsTls13Handshake() throws Exception {
        try (TlsClient client = connect(clientContext(pki.client("bob")), PRIVATE)) {
            assertTrue(client.handshakeCompleted(), "under TLS 1.3 the client is done before the server judges its certificate");
            assertNull(client.exchange("ping"));
            assertTrue(client.failureMessages().contains("Received fatal alert: certificate_unknown"), client.failureMessages());
        }
        assertRefused(Refusal.NOT_ALLOWED_ON_ROUTE);
    }

    @Test
    void refusesAClientMissingFromTheRoutesAllowListWithAnAlertInItsTls12Handshake() throws Exception {
        TlsIdentity bob = pki.client("bob");
        SslContext tls12 = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).keyManager(bob.privateKey(), bob.chain())
                .trustManager(pki.ca()).protocols("TLSv1.2").endpointIdentificationAlgorithm("HTTPS").build();
        try (TlsClient client = connect(tls12, PRIVATE)) {
            assertFalse(client.handshakeCompleted());
            assertTrue(client.failureMessages().contains("Received fatal alert: certificate_unknown"), client.failureMessages());
        }
        assertRefused(Refusal.NOT_ALLOWED_ON_ROUTE);
    }

    @Test
    void logsAnAllowListRefusalInTheHandshakeOnceWithTheClientAndTheRoute() throws Exception {
        ListAppender<ILoggingEvent> refusalLog = new ListAppender<>();
        refusalLog.start();
        Logger logger = (Logger) LoggerFactory.getLogger(TlsRefusals.class);
        logger.addAppender(refusalLog);
        try (TlsClient client = connect(clientContext(pki.client("bob")), PRIVATE)) {
            assertNull(client.exchange("ping"));
            assertRefused(Refusal.NOT_ALLOWED_ON_ROUTE);
        } finally {
            logger.detachAppender(refusalLog);
        }
        assertEquals(1, refusalLog.list.size(), () -> refusalLog.list.toString());
        ILoggingEvent line = refusalLog.list.get(0);
        assertEquals(Level.WARN, line.getLevel());
        assertTrue(line.getFormattedMessage().matches("event=tls_refused reason=not_allowed_on_route client_address=\\S+"
                + " sni=private\\.debug\\.localhost client=bob route=private detail=\"client 'bob' is not among the clients"
                + " allowed on route private \\[alice\\]; add it to the label debugproxy\\.clients .*\""), line.getFormattedMessage());
    }

    @Test
    void checksTheAllowListAgainWhenASessionIsResumed() throws Exception {
        SslContext alice = clientContext(pki.client("alice"));
        try (TlsClient first = connect(alice, PRIVATE)) {
            assertEquals("ping", first.exchange("ping"));
        }
        fixture.routes.publish(fixture.table(List.of("bob")));
        try (TlsClient again = connect(alice, PRIVATE)) {
            assertNull(again.exchange("pong"));
            // No alert: the trust manager did not run, so the session was resumed and judged after its handshake.
            assertFalse(again.failureMessages().contains("alert"), again::failureMessages);
        }
        Loopback.await(() -> listener.refusals().count(Refusal.NOT_ALLOWED_ON_ROUTE) == 1, "the allow-list refusal");
        assertEquals(1, listener.refusals().total(), () -> listener.refusals().snapshot().toString());
        assertEquals(4, upstream.bytes(), "only the first session's bytes reached the upstream");
    }

    @Test
    void refusesACertificateRevokedAfterItsFirstSession() throws Exception {
        SslContext alice = clientContext(pki.client("alice"));
        try (TlsClient first = connect(alice, API)) {
            assertEquals("ping", first.exchange("ping"));
        }
        pki.certs.revoke("alice", CertificateKind.CLIENT);
        try (TlsClient again = connect(alice, API)) {
            assertNull(again.exchange("pong"));
        }
        Loopback.await(() -> listener.refusals().count(Refusal.REVOKED) == 1, "the revocation refusal");
        assertEquals(4, upstream.bytes(), "only the first session's bytes reached the upstream");
    }

    // ---------------------------------------------------------------- refused: the handshake itself

    @Test
    void refusesAnUnknownSniNameWithAnUnrecognizedNameAlert() throws Exception {
        try (TlsClient client = connect(clientContext(pki.client("alice")), "nope.debug.localhost")) {
            assertFalse(client.handshakeCompleted());
            assertTrue(client.failureMessages().contains("unrecognized_name"), client.failureMessages());
        }
        assertRefused(Refusal.UNKNOWN_SNI);
    }

    @Test
    void refusesAClientHelloWithoutSniWithAHandshakeFailureAlert() throws Exception {
        // An engine created without a peer host sends no server_name extension.
        SSLEngine engine = clientContext(pki.client("alice")).newEngine(ByteBufAllocator.DEFAULT);
        ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), hello);
        try (Socket socket = Loopback.connect(fixture.address())) {
            socket.getOutputStream().write(hello.array(), 0, hello.position());
            byte[] answer = Loopback.readToEnd(socket.getInputStream());
            assertArrayEquals(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 40}, answer, "a fatal handshake_failure alert");
        }
        assertRefused(Refusal.NO_SNI);
    }

    @Test
    void refusesATls11ClientHello() throws Exception {
        try (Socket socket = Loopback.connect(fixture.address())) {
            socket.getOutputStream().write(ClientHellos.tls11(API));
            byte[] answer = Loopback.readToEnd(socket.getInputStream());
            assertTrue(answer.length > 0 && answer[0] == 0x15, "the server answers with an alert record");
        }
        assertRefused(Refusal.UNSUPPORTED_PROTOCOL);
    }

    @Test
    void refusesGarbageInsteadOfAClientHelloAtTheFirstByte() throws Exception {
        try (Socket socket = Loopback.connect(fixture.address())) {
            socket.getOutputStream().write("{\"method\":\"RPCServer.State\",\"params\":[],\"id\":0}\n"
                    .getBytes(StandardCharsets.UTF_8));
            assertEquals(0, Loopback.readToEnd(socket.getInputStream()).length, "closed without an answer");
        }
        assertRefused(Refusal.NOT_TLS);
    }

    @Test
    void refusesARecordHeaderClaimingMoreThanTlsAllowsWithoutWaitingForTheRecord() throws Exception {
        byte[] header = {22, 0x03, 0x01, (byte) 0xff, (byte) 0xff};
        byte[] junk = new byte[512];
        Arrays.fill(junk, (byte) 0x41);
        long start = System.nanoTime();
        try (Socket socket = Loopback.connect(fixture.address())) {
            socket.getOutputStream().write(header);
            socket.getOutputStream().write(junk);
            assertTrue(Loopback.closedByPeer(socket));
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis < ListenerFixture.HANDSHAKE_TIMEOUT.toMillis() / 2,
                "closed after " + elapsedMillis + " ms: the header alone must do, not the handshake deadline");
        assertRefused(Refusal.NOT_TLS);
    }

    @Test
    void refusesAClientHelloLongerThanTheCap() throws Exception {
        try (Socket socket = Loopback.connect(fixture.address())) {
            socket.getOutputStream().write(ClientHellos.claimingLength(TlsListenerSettings.DEFAULT_MAX_CLIENT_HELLO_BYTES + 1));
            assertTrue(Loopback.closedByPeer(socket));
        }
        assertRefused(Refusal.CLIENT_HELLO_TOO_LARGE);
    }
}
