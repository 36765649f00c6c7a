package io.debugproxy.proxy.tlslisten;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose TLS handshake has not completed within the deadline, counted from
 * accept: one timer for the whole handshake, ClientHello included, so a silent client or one
 * trickling bytes holds a socket for that long at most. Leaves the pipeline once the handshake is
 * over. Must sit after the SNI/TLS handler, whose completion event it waits for.
 */
final class HandshakeDeadline extends ChannelInboundHandlerAdapter {

    private final Duration timeout;
    private final TlsRefusals refusals;
    private ScheduledFuture<?> timer;

    HandshakeDeadline(Duration timeout, TlsRefusals refusals) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent) {
            cancel();
            ctx.fireUserEventTriggered(evt);
            if (ctx.pipeline().context(this) != null) {
                ctx.pipeline().remove(this);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void start(ChannelHandlerContext ctx) {
        if (timer != null) {
            return;
        }
        timer = ctx.executor().schedule(() -> {
            refusals.refuse(ctx.channel(), Refusal.HANDSHAKE_TIMEOUT, null, null,
                    "no complete TLS handshake within " + timeout.toMillis() + " ms of connecting");
            ctx.close();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
