package io.debugproxy.proxy.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.util.Objects;

/**
 * First handler of an accepted client channel: counts the connection while it is open and the
 * bytes read from and written to the client. It only looks; every message passes on unchanged.
 */
public final class ConnectionMetricsHandler extends ChannelDuplexHandler {

    private final ProxyMetrics.ConnectionCounter counter;
    private boolean counted;

    public ConnectionMetricsHandler(ProxyMetrics.ConnectionCounter counter) {
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            opened();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        opened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (counted) {
            counted = false;
            counter.closed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        counter.bytesIn(size(msg));
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        counter.bytesOut(size(msg));
        ctx.write(msg, promise);
    }

    private void opened() {
        if (!counted) {
            counted = true;
            counter.opened();
        }
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        return 0;
    }
}
