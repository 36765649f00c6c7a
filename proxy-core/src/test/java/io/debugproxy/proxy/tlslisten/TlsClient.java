package io.debugproxy.proxy.tlslisten;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real Netty TLS client: connects with an SNI name, sends one line once its side of the handshake
 * is done, and reports what came back, the close, or the failure.
 */
public final class TlsClient implements AutoCloseable {

    public static final String CLOSED = "\u0000closed";
    private static final long WAIT_SECONDS = 10;

    private final Channel channel;
    private volatile SslHandler tls;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private volatile Throwable failure;

    public TlsClient(EventLoopGroup group, SslContext context, String sniName, int port) throws InterruptedException {
        channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        tls = context.newHandler(ch.alloc(), sniName, port);
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
                                if (failure == null) {
                                    failure = cause;
                                }
                                ctx.close();
                            }
                        });
                    }
                })
                .connect(InetAddress.getLoopbackAddress(), port).sync().channel();
    }

    /** Whether this side completed the handshake (under TLS 1.3 the server may still refuse the client after). */
    public boolean handshakeCompleted() throws InterruptedException {
        return tls.handshakeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS) && tls.handshakeFuture().isSuccess();
    }

    /** Sends {@code text} and returns the echo, or null when the connection closed without one. */
    public String exchange(String text) throws InterruptedException {
        if (!handshakeCompleted()) {
            return null;
        }
        channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        StringBuilder echo = new StringBuilder();
        while (echo.length() < text.length()) {
            String next = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (next == null || next.equals(CLOSED)) {
                return null;
            }
            echo.append(next);
        }
        return echo.toString();
    }

    /**
     * Sends {@code text}, then ends this side with a TLS close_notify only (no TCP FIN, as Go's
     * {@code tls.Conn.CloseWrite} does), and returns everything received until the connection
     * closed, or null when it stayed open.
     */
    public String sendThenCloseNotify(String text) throws InterruptedException {
        if (!handshakeCompleted()) {
            return null;
        }
        channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        tls.closeOutbound();
        StringBuilder all = new StringBuilder();
        while (true) {
            String next = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (next == null) {
                return null;
            }
            if (next.equals(CLOSED)) {
                return all.toString();
            }
            all.append(next);
        }
    }

    /** Waits until the connection is closed; false if it stays open. */
    public boolean awaitClosed() throws InterruptedException {
        return channel.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The first exception this client saw (handshake failure, or an alert read after the handshake), or null. */
    public Throwable failure() {
        return failure != null ? failure : tls.handshakeFuture().cause();
    }

    /** Messages of the failure's cause chain, for assertions. */
    public String failureMessages() {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure(); t != null; t = t.getCause()) {
            all.append(t).append(" | ");
        }
        return all.toString();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
    }
}
