package io.debugproxy.proxy.mux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Answers every request of a debug client that cannot be routed with an error in its own protocol
 * ({@link ErrorReplies}), so the IDE or {@code dlv} shows the reason — whichever request it
 * happens to surface — instead of a bare disconnect. The connection is closed after
 * {@link #MAX_REPLIES} replies, after {@link #IDLE_TIMEOUT} without a request, or on bytes that are
 * no request of the protocol.
 */
final class RefuseDebugClient extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RefuseDebugClient.class);
    static final int MAX_REPLIES = 64;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final ErrorReplies replies;
    private final int maxRequestBytes;
    /** Bytes of requests not answered yet; owned by this handler. */
    private ByteBuf received;
    private int replied;
    private ScheduledFuture<?> idle;

    RefuseDebugClient(ErrorReplies replies, int maxRequestBytes) {
        this.replies = Objects.requireNonNull(replies, "replies");
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        armIdleTimer(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes) || replied >= MAX_REPLIES) {
            ReferenceCountUtil.release(msg);
            return;
        }
        received = received == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), received, bytes);
        try {
            ByteBuf reply;
            while (replied < MAX_REPLIES && (reply = replies.replyToNext(received, ctx.alloc())) != null) {
                replied++;
                ctx.write(reply, ctx.voidPromise()); // the channel owns the reply
            }
        } catch (IllegalArgumentException e) {
            log.debug("event=debug_client_garbled client={} reason=\"{}\"", ctx.channel().remoteAddress(), e.getMessage());
            closeAfterFlush(ctx);
            return;
        }
        received.discardReadBytes();
        if (replied >= MAX_REPLIES || received.readableBytes() > maxRequestBytes) {
            closeAfterFlush(ctx);
            return;
        }
        ctx.flush();
        armIdleTimer(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("event=debug_client_error client={} reason=\"{}\"", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void closeAfterFlush(ChannelHandlerContext ctx) {
        release();
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void armIdleTimer(ChannelHandlerContext ctx) {
        if (idle != null) {
            idle.cancel(false);
        }
        idle = ctx.executor().schedule(() -> ctx.close(), IDLE_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void release() {
        if (idle != null) {
            idle.cancel(false);
            idle = null;
        }
        if (received != null) {
            received.release();
            received = null;
        }
    }
}
