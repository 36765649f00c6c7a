package io.debugproxy.proxy.sniff;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * First handler of a connection on the multiplexed port: reads until {@link ProtocolSniffer}
 * recognizes the protocol, then puts the pipeline {@link ProtocolHandoff} chooses in its own place
 * and replays exactly the bytes it read, as one buffer, into it.
 *
 * <pre>
 *  before:  [sniff] ◄── bytes (kept, at most maxBytes)
 *  after:   [what the handoff chose] ◄── the same bytes, then everything that follows
 * </pre>
 *
 * No protocol within the timeout, too many bytes without one, bytes of no known protocol, or a
 * client that leaves first: the connection is closed and counted in {@link SniffRejections}.
 * Nothing is ever written to the client from here.
 */
public final class SniffHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SniffHandler.class);

    private final SniffSettings settings;
    private final ProtocolHandoff handoff;
    private final SniffRejections rejections;
    /** Bytes read so far; this handler owns them until they are replayed or released. */
    private ByteBuf seen;
    private ScheduledFuture<?> deadline;
    private boolean decided;

    public SniffHandler(SniffSettings settings, ProtocolHandoff handoff, SniffRejections rejections) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handoff = Objects.requireNonNull(handoff, "handoff");
        this.rejections = Objects.requireNonNull(rejections, "rejections");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            startDeadline(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startDeadline(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (decided || !(msg instanceof ByteBuf bytes)) {
            // Only after a rejection, before the close completes: nobody wants these bytes.
            ReferenceCountUtil.release(msg);
            return;
        }
        // The cumulator takes ownership of both and hands back one buffer with every byte in order.
        seen = seen == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), seen, bytes);
        SniffVerdict verdict = ProtocolSniffer.classify(seen);
        if (verdict instanceof SniffVerdict.Detected detected) {
            handOff(ctx, detected.protocol());
        } else if (verdict instanceof SniffVerdict.Unrecognized) {
            reject(ctx, SniffRejection.UNKNOWN_PROTOCOL);
        } else if (seen.readableBytes() >= settings.maxBytes()) {
            reject(ctx, SniffRejection.TOO_MANY_BYTES);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Swallowed until a protocol is chosen: the next pipeline gets its own read-complete with the replay.
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!decided) {
            decided = true;
            rejections.reject(ctx.channel(), SniffRejection.CLOSED, seen);
            cleanUp();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("event=sniff_error client_address={} reason=\"{}\"", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cleanUp();
    }

    private void handOff(ChannelHandlerContext ctx, Protocol protocol) {
        decided = true;
        cancelDeadline();
        ByteBuf replay = seen;
        seen = null;
        ChannelHandler next;
        try {
            next = Objects.requireNonNull(handoff.pipelineFor(protocol, ctx.channel()), "pipeline for " + protocol);
        } catch (RuntimeException e) {
            replay.release();
            throw e;
        }
        ctx.pipeline().addAfter(ctx.name(), protocol.key(), next);
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(replay); // ownership passes to the chosen pipeline: exactly the bytes read
        ctx.fireChannelReadComplete();
    }

    private void reject(ChannelHandlerContext ctx, SniffRejection reason) {
        decided = true;
        rejections.reject(ctx.channel(), reason, seen);
        cleanUp();
        ctx.close();
    }

    private void startDeadline(ChannelHandlerContext ctx) {
        if (deadline != null || decided) {
            return;
        }
        deadline = ctx.executor().schedule(() -> {
            if (!decided) {
                reject(ctx, SniffRejection.TIMEOUT);
            }
        }, settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    private void cleanUp() {
        cancelDeadline();
        if (seen != null) {
            seen.release();
            seen = null;
        }
    }
}
