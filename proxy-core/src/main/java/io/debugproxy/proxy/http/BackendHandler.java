package io.debugproxy.proxy.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Last handler of a backend connection. While a request is in flight on it, everything the
 * backend sends and every change of the connection goes to that {@link Exchange}; while it sits in
 * the pool it must stay silent (a backend that speaks unasked is closed) and it is closed after
 * the pool's idle timeout.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(BackendHandler.class);

    /** What a backend connection tells the request it carries. Called on the connection's event loop. */
    interface Exchange {
        /** A response object from the codec; the exchange owns it from here. */
        void backendRead(Object msg);

        void backendReadComplete();

        void backendWritabilityChanged();

        /** The connection closed while the exchange still held it. */
        void backendClosed();
    }

    private ChannelHandlerContext ctx;
    private Exchange exchange;
    private ScheduledFuture<?> idleTimer;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Hands the connection to {@code exchange}; stops the idle timer. */
    void attach(Exchange newExchange) {
        cancelIdleTimer();
        this.exchange = newExchange;
    }

    /** The exchange is over with this connection (finished or given up). */
    void detach() {
        this.exchange = null;
    }

    /** The connection went into the pool: it is closed if nobody takes it within {@code idleTimeout}. */
    void parked(Duration idleTimeout) {
        cancelIdleTimer();
        ctx.channel().config().setAutoRead(true); // notice a backend that closes the idle connection
        idleTimer = ctx.executor().schedule(() -> {
            if (exchange == null) {
                ctx.close();
            }
        }, idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (exchange == null) {
            ReferenceCountUtil.release(msg);
            log.debug("event=backend_spoke_unasked backend={}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        exchange.backendRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.backendReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.backendWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelIdleTimer();
        Exchange current = exchange;
        exchange = null;
        if (current != null) {
            current.backendClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("event=backend_io_error backend={} reason=\"{}\"", ctx.channel().remoteAddress(), cause.getMessage());
        } else {
            log.warn("event=backend_error backend={}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close(); // channelInactive tells the exchange
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelIdleTimer();
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }
}
