package io.debugproxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real handshakes over loopback between Netty channels built from {@link TlsContexts}. */
class TlsHandshakeTest {
    private static final String SUCCESS = "handshake succeeded";
    private static final long TIMEOUT_SECONDS = 10;
    private static final String CLOSED = "\u0000closed";

    @TempDir
    Path temp;

    private EventLoopGroup group;
    private Channel server;
    private CertsDirectory certs;
    private CertificateAuthority ca;
    private final BlockingQueue<Object> serverOutcomes = new LinkedBlockingQueue<>();

    @BeforeEach
    void createCaAndEventLoop() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        certs = CertsDirectory.at(temp);
        certs.init(CaOptions.defaults(), false);
        ca = certs.loadAuthority();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close().sync();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Records the server's handshake outcome and echoes whatever arrives after it. */
    private final class ServerProbe extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent completion) {
                serverOutcomes.add(completion.isSuccess() ? SUCCESS : completion.cause());
            } else if (event instanceof SniCompletionEvent sni && !sni.isSuccess()) {
                serverOutcomes.add(sni.cause());
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ctx.writeAndFlush(message);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            serverOutcomes.add(cause);
            ctx.close();
        }
    }

    private int startServer(Supplier<ChannelHandler> tls) throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(tls.get(), new ServerProbe());
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private int startSniServer(TlsContexts contexts) throws InterruptedException {
        SniServerContexts mapping = contexts.server(OnDemandServerCertificates.builder(ca).build());
        return startServer(() -> new SniHandler(mapping));
    }

    /** Connects, completes the client side of the handshake, sends "ping" and returns what comes back. */
    private static final class Client {
        final Channel channel;
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        /** Kept here: a channel closed by a failed handshake no longer has it in its pipeline. */
        volatile SslHandler tls;

        Client(EventLoopGroup group, SslContext context, String host, int port) throws InterruptedException {
            channel = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            tls = context.newHandler(ch.alloc(), host, port);
                            ch.pipeline().addLast(tls, new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object message) {
                                    ByteBuf buffer = (ByteBuf) message;
                                    received.add(buffer.toString(StandardCharsets.UTF_8));
                                    buffer.release();
                                }

                                @Override
                                public void channelInactive(ChannelHandlerContext ctx) {
                                    received.add(CLOSED);
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    ctx.close();
                                }
                            });
                        }
                    })
                    .connect(InetAddress.getLoopbackAddress(), port).sync().channel();
        }

        /** The client's own handshake failure, with the messages of its cause chain. */
        String handshakeFailure() throws InterruptedException {
            assertFalse(handshakeSucceeded(), "the client accepted the handshake");
            return messages(tls.handshakeFuture().cause());
        }

        boolean handshakeSucceeded() throws InterruptedException {
            return tls.handshakeFuture().await(TIMEOUT_SECONDS, TimeUnit.SECONDS) && tls.handshakeFuture().isSuccess();
        }

        /** What the server echoes, or null once the connection is closed without an answer. */
        String echo(String text) throws InterruptedException {
            channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
            String reply = received.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return CLOSED.equals(reply) ? null : reply;
        }

        X509Certificate serverCertificate() throws Exception {
            return (X509Certificate) tls.engine().getSession().getPeerCertificates()[0];
        }
    }

    private TlsIdentity client(String name) {
        certs.issue(LeafRequest.client(name, Duration.ofDays(30)), IssueOptions.defaults());
        return certs.loadIdentity(CertificateKind.CLIENT, name);
    }

    private Object serverOutcome() throws InterruptedException {
        Object outcome = serverOutcomes.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertTrue(outcome != null, "the server reported no handshake outcome");
        return outcome;
    }

    /** The server's handshake failure, with the messages of its whole cause chain. */
    private String serverFailure() throws InterruptedException {
        Object outcome = serverOutcome();
        assertInstanceOf(Throwable.class, outcome, "the server accepted the handshake");
        return messages((Throwable) outcome);
    }

    private static String messages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" / ");
        }
        return messages.toString();
    }

    private static void assertMentions(String expected, String messages) {
        assertTrue(messages.contains(expected), "expected '" + expected + "' in: " + messages);
    }

    @Test
    void clientWithACertificateFromTheCaCompletesTheHandshakeAndExchangesData() throws Exception {
        TlsContexts contexts = TlsContexts.trusting(ca.certificate(), certs.revocationList());
        int port = startSniServer(contexts);

        Client client = new Client(group, contexts.client(client("alice")), "api.debug.localhost", port);

        assertTrue(client.handshakeSucceeded());
        assertEquals(SUCCESS, serverOutcome());
        assertEquals("ping", client.echo("ping"));
        assertEquals(List.of("DNS:api.debug.localhost"), CertificateSummary.subjectAlternativeNames(client.serverCertificate()));
        SslHandler ssl = client.channel.pipeline().get(SslHandler.class);
        assertEquals("TLSv1.3", ssl.engine().getSession().getProtocol());
    }

    @Test
    void serverRefusesAClientWithoutACertificate() throws Exception {
        int port = startSniServer(TlsContexts.trusting(ca.certificate()));
        SslContext anonymous = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(ca.certificate()).protocols(TlsContexts.PROTOCOLS).build();

        Client client = new Client(group, anonymous, "api.debug.localhost", port);
        client.handshakeSucceeded();

        assertMentions("Empty client certificate chain", serverFailure());
        assertEquals(null, client.echo("ping"));
    }

    @Test
    void serverRefusesAClientHelloOfferingOnlyTls11() throws Exception {
        int port = startSniServer(TlsContexts.trusting(ca.certificate()));

        byte[] reply;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            socket.getOutputStream().write(tls11ClientHello("api.debug.localhost"));
            socket.getOutputStream().flush();
            reply = readUntilClosed(socket.getInputStream());
        }

        assertMentions("TLSv1.1 is not enabled", serverFailure());
        assertTrue(reply.length == 0 || reply[0] == 0x15, "expected a TLS alert or nothing, got record type " + reply[0]);
        assertFalse(reply.length > 0 && reply[0] == 0x16, "the server must not answer with a ServerHello");
    }

    @Test
    void serverRefusesAClientCertificateFromAnotherCa() throws Exception {
        int port = startSniServer(TlsContexts.trusting(ca.certificate()));
        CertificateAuthority other = CertificateAuthority.create(CaOptions.defaults());
        TlsIdentity stranger = other.issue(LeafRequest.client("mallory", Duration.ofDays(1)));
        SslContext strangerContext = TlsContexts.trusting(ca.certificate()).client(stranger);

        Client client = new Client(group, strangerContext, "api.debug.localhost", port);
        client.handshakeSucceeded();

        assertMentions("does not chain with any of the trust anchors", serverFailure());
        assertEquals(null, client.echo("ping"));
    }

    @Test
    void serverRefusesARevokedClientCertificateDuringTheHandshake() throws Exception {
        TlsContexts contexts = TlsContexts.trusting(ca.certificate(), certs.revocationList());
        int port = startSniServer(contexts);
        TlsIdentity alice = client("alice");
        certs.revoke("alice", CertificateKind.CLIENT);

        Client client = new Client(group, contexts.client(alice), "api.debug.localhost", port);
        client.handshakeSucceeded();

        assertMentions("has been revoked", serverFailure());
        assertEquals(null, client.echo("ping"));
    }

    @Test
    void serverRefusesAServerAuthOnlyCertificateAsClientIdentity() throws Exception {
        TlsContexts contexts = TlsContexts.trusting(ca.certificate());
        int port = startSniServer(contexts);
        TlsIdentity serverIdentity = ca.issue(LeafRequest.server("laptop.localhost", List.of(), List.of(), Duration.ofDays(1)));

        Client client = new Client(group, contexts.client(serverIdentity), "api.debug.localhost", port);
        client.handshakeSucceeded();

        assertMentions("TLS client authentication", serverFailure());
        assertEquals(null, client.echo("ping"));
    }

    @Test
    void aHandshakeClientCheckRefusalFailsTheServersHandshakeWithItsException() throws Exception {
        TlsContexts contexts = TlsContexts.trusting(ca.certificate(), Revocations.none(), (chain, session) -> {
            throw new CertificateException("bob may not use this name");
        });
        int port = startSniServer(contexts);

        Client client = new Client(group, contexts.client(client("bob")), "api.debug.localhost", port);
        client.handshakeSucceeded();

        assertMentions("CertificateException: bob may not use this name", serverFailure());
        assertEquals(null, client.echo("ping"));
    }

    @Test
    void aHandshakeClientCheckSeesTheServerNameTheClientAskedFor() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        TlsContexts contexts = TlsContexts.trusting(ca.certificate(), Revocations.none(), (chain, session) ->
                ((ExtendedSSLSession) session).getRequestedServerNames()
                        .forEach(name -> asked.add(((SNIHostName) name).getAsciiName())));
        int port = startSniServer(contexts);

        Client client = new Client(group, contexts.client(client("alice")), "api.debug.localhost", port);

        assertTrue(client.handshakeSucceeded());
        assertEquals("ping", client.echo("ping"));
        assertEquals(List.of("api.debug.localhost"), asked);
    }

    @Test
    void serverRefusesAnSniNameThatNoRouteServes() throws Exception {
        TlsContexts contexts = TlsContexts.trusting(ca.certificate());
        SniServerContexts mapping = contexts.server(OnDemandServerCertificates.builder(ca)
                .allowedNames(name -> name.equals("api.debug.localhost")).build());
        int port = startServer(() -> new SniHandler(mapping));

        Client client = new Client(group, contexts.client(client("alice")), "other.debug.localhost", port);

        assertFalse(client.handshakeSucceeded());
        assertMentions("no debug route serves", serverFailure());
    }

    @Test
    void clientRefusesAServerWhoseCertificateDoesNotNameTheHost() throws Exception {
        TlsContexts contexts = TlsContexts.trusting(ca.certificate());
        TlsIdentity apiOnly = ca.issue(LeafRequest.server("api.debug.localhost", List.of(), List.of(), Duration.ofDays(1)));
        SslContext fixed = contexts.server(apiOnly);
        int port = startServer(() -> new SniHandler(name -> fixed));

        Client client = new Client(group, contexts.client(client("alice")), "db.debug.localhost", port);

        assertMentions("db.debug.localhost", client.handshakeFailure());
    }

    @Test
    void clientRefusesAForgedServerCertificateOutsideTheNameConstraints() throws Exception {
        TlsContexts contexts = TlsContexts.trusting(ca.certificate());
        SslContext forged = contexts.server(Forge.serverLeaf(ca, "bank.example.com"));
        int port = startServer(() -> new SniHandler(name -> forged));

        Client client = new Client(group, contexts.client(client("alice")), "bank.example.com", port);

        assertMentions("name constraints", client.handshakeFailure());
    }

    private static byte[] readUntilClosed(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // A reset after the alert is an acceptable way for the server to end the connection.
        }
        return out.toByteArray();
    }

    /** A minimal ClientHello whose highest version is TLS 1.1, with CBC suites only, as an old client sends. */
    private static byte[] tls11ClientHello(String sniName) {
        byte[] name = sniName.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        writeShort(extensions, 0x0000);
        writeShort(extensions, name.length + 5);
        writeShort(extensions, name.length + 3);
        extensions.write(0);
        writeShort(extensions, name.length);
        extensions.writeBytes(name);
        writeShort(extensions, 0x000a);
        writeShort(extensions, 4);
        writeShort(extensions, 2);
        writeShort(extensions, 0x0017);
        writeShort(extensions, 0x000b);
        writeShort(extensions, 2);
        extensions.write(1);
        extensions.write(0);

        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        writeShort(hello, 0x0302);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        hello.writeBytes(random);
        hello.write(0);
        writeShort(hello, 6);
        writeShort(hello, 0xc009);
        writeShort(hello, 0xc013);
        writeShort(hello, 0x002f);
        hello.write(1);
        hello.write(0);
        writeShort(hello, extensions.size());
        hello.writeBytes(extensions.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);
        writeShort(record, 0x0302);
        writeShort(record, hello.size() + 4);
        record.write(0x01);
        record.write(0);
        writeShort(record, hello.size());
        record.writeBytes(hello.toByteArray());
        return record.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value & 0xff);
    }
}
