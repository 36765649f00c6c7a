package io.debugproxy.proxy.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The end of a client connection the proxy closes while the client may still be sending, e.g.
 * after answering 400 or 414 to a request it did not read whole. Closing a socket with unread
 * bytes makes the kernel send a reset, which can destroy the answer before the client reads it;
 * so, once the answer is flushed, the proxy's side is shut down (the client sees the end of the
 * response), and what the client still sends is read and dropped until it closes its side too or
 * {@link #LINGER} has passed. Sits before the HTTP codec, so nothing more is decoded.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {

    /** nginx's {@code lingering_timeout}: long enough for a request in flight to drain. */
    static final Duration LINGER = Duration.ofSeconds(5);

    private ScheduledFuture<?> deadline;

    private LingeringClose() {
    }

    /** Flushes what was written to {@code client} so far, then ends the connection as described above. */
    static void closeAfterFlush(Channel client) {
        if (!client.isActive()) {
            return;
        }
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFuture flushed) -> {
            ChannelPipeline pipeline = client.pipeline();
            if (pipeline.get(LingeringClose.class) != null) {
                return;
            }
            if (!flushed.isSuccess() || !(client instanceof DuplexChannel duplex) || duplex.isInputShutdown()
                    || !client.isActive()) {
                client.close(); // nothing more will come, or nothing can be done about it
                return;
            }
            ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
            if (codec != null) {
                pipeline.addBefore(codec.name(), "lingering-close", new LingeringClose());
            } else {
                pipeline.addFirst("lingering-close", new LingeringClose());
            }
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Runnable giveUp = ctx::close;
        deadline = ctx.executor().schedule(giveUp, LINGER.toNanos(), TimeUnit.NANOSECONDS);
        ((DuplexChannel) ctx.channel()).shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            }
        });
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Nothing was passed on, so there is nothing to complete.
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent || evt == ChannelInputShutdownReadComplete.INSTANCE) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deadline.cancel(false);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        deadline.cancel(false);
    }
}
