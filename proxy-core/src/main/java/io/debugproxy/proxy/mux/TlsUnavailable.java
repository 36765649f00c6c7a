package io.debugproxy.proxy.mux;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Stands in for the TLS pipeline on a multiplexed port that has none (the proxy has no CA, so
 * there is no TLS listener either): answers the ClientHello with a fatal {@code handshake_failure}
 * alert (the one thing a TLS client understands at that point) and closes.
 */
final class TlsUnavailable extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(TlsUnavailable.class);
    /** TLS record: alert (21), TLS 1.0 record version, length 2, fatal (2), handshake_failure (40). */
    private static final byte[] HANDSHAKE_FAILURE_ALERT = {21, 3, 1, 0, 2, 2, 40};

    /** Reason key of the refusal, for metrics. */
    static final String REASON = "tls_not_enabled";

    private final Consumer<String> count;

    /** @param count told the reason key of the refusal, for metrics */
    TlsUnavailable(Consumer<String> count) {
        this.count = count;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        count.accept(REASON);
        // The mux has no TLS pipeline exactly when the proxy has no CA, and then listeners.tls is off too.
        log.info("event=protocol_refused listener={} reason=tls_not_enabled client_address={} hint=\"TLS needs the"
                + " proxy's CA, on this port as on listeners.tls: create one with `proxy certs init`, then restart"
                + " proxy serve\"", MuxListener.NAME, ctx.channel().remoteAddress());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(HANDSHAKE_FAILURE_ALERT.clone())).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }
}
