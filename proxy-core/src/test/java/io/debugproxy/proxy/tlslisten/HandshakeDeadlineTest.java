package io.debugproxy.proxy.tlslisten;

import static io.debugproxy.proxy.tlslisten.ListenerFixture.API;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.debugproxy.proxy.relay.Loopback;
import java.io.OutputStream;
import io.netty.handler.ssl.SslContext;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handshake deadline, made short so the tests are fast: a client that sends nothing, or trickles
 * its ClientHello, holds a socket for the deadline at most, and reaches nothing.
 */
class HandshakeDeadlineTest {

    private static final Duration DEADLINE = Duration.ofMillis(400);

    @TempDir
    Path temp;

    ListenerFixture fixture;

    @BeforeEach
    void startListener() throws Exception {
        fixture = new ListenerFixture(temp, DEADLINE);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void closesASilentClientWhenTheHandshakeDeadlinePasses() throws Exception {
        try (Socket socket = Loopback.connect(fixture.address())) {
            long start = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "closed by the listener");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= DEADLINE.toMillis() - 50 && elapsedMillis < DEADLINE.toMillis() + 1000,
                    "closed after " + elapsedMillis + " ms");
        }
        fixture.assertRefused(Refusal.HANDSHAKE_TIMEOUT);
    }

    @Test
    void closesAClientTricklingItsClientHelloWhenTheDeadlinePasses() throws Exception {
        byte[] hello = ClientHellos.tls11(API);
        try (Socket socket = Loopback.connect(fixture.address())) {
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < hello.length && System.nanoTime() - start < Duration.ofSeconds(5).toNanos(); i++) {
                    out.write(hello[i]);
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (java.io.IOException closed) {
                // the listener gave up on us
            }
            assertTrue(Loopback.closedByPeer(socket));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "the deadline covers the ClientHello");
        }
        fixture.assertRefused(Refusal.HANDSHAKE_TIMEOUT);
    }

    @Test
    void anAdmittedSessionIsNotCutOffByTheDeadlineWhenItIdles() throws Exception {
        SslContext alice = fixture.clientContext(fixture.pki.client("alice"));
        try (TlsClient warmUp = fixture.connect(alice, API)) {
            warmUp.handshakeCompleted(); // the JVM's first handshake may not make the short deadline
        }
        try (TlsClient client = fixture.connect(alice, API)) {
            assertEquals("ping", client.exchange("ping"));
            Thread.sleep(DEADLINE.toMillis() * 3);
            assertEquals("pong", client.exchange("pong"));
        }
    }
}
