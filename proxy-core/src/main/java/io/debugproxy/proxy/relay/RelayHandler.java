package io.debugproxy.proxy.relay;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;

/**
 * Copies everything its channel reads to the peer channel, one instance on each side.
 *
 * <ul>
 *   <li>Backpressure: when the peer's write queue passes the high water mark this side stops
 *       reading; when this side's own queue drains below the low water mark the peer reads
 *       again. Memory held per direction is bounded by the water marks plus one read.</li>
 *   <li>Half-close: end of input on this side becomes, once everything read has been flushed,
 *       end of output on the peer. A channel whose input and output both ended is closed.</li>
 *   <li>Failure or close of either side closes the other, after flushing what is queued.</li>
 * </ul>
 *
 * Both channels share one event loop, so the two handlers never race.
 */
public final class RelayHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RelayHandler.class);

    /** Set on a TLS channel whose peer sent close_notify: its input has ended though TCP's has not. */
    static final AttributeKey<Boolean> CLOSE_NOTIFY_RECEIVED =
            AttributeKey.valueOf(RelayHandler.class, "closeNotifyReceived");

    private final Channel peer;
    private boolean inputEnded;

    public RelayHandler(Channel peer) {
        this.peer = Objects.requireNonNull(peer, "peer");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // The client may have sent its FIN while the upstream was still being dialed. (Netty
        // reports an unconnected channel as shut down, hence the isActive check.)
        // The same goes for a close_notify that arrived then (DialUpstreamHandler marked it).
        if (ctx.channel() instanceof DuplexChannel self && self.isActive()
                && (self.isInputShutdown() || Boolean.TRUE.equals(self.attr(CLOSE_NOTIFY_RECEIVED).get()))) {
            inputEnded(self);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!peer.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        peer.write(msg, peer.voidPromise()); // the peer owns msg from here; a failure surfaces in its pipeline
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // This channel's write queue holds what the peer read; it drained, so the peer may read again.
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && ctx.channel() instanceof DuplexChannel self) {
            inputEnded(self);
        } else if (evt instanceof SslCloseCompletionEvent closed && closed.isSuccess()
                && ctx.channel() instanceof DuplexChannel self) {
            // A TLS peer may end its side with close_notify alone and keep reading (Go's
            // tls.Conn.CloseWrite does): that is its end of input, as a FIN would be.
            self.attr(CLOSE_NOTIFY_RECEIVED).set(Boolean.TRUE);
            inputEnded(self);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeOnFlush(peer);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // Resets and broken pipes are how debug sessions usually end.
            log.debug("event=relay_io_error channel={} reason=\"{}\"", ctx.channel(), cause.getMessage());
        } else {
            log.warn("event=relay_error channel={}", ctx.channel(), cause);
        }
        ctx.close(); // channelInactive closes the peer
    }

    private void inputEnded(DuplexChannel self) {
        if (inputEnded) {
            return; // close_notify, then the FIN that follows it: one end of input
        }
        inputEnded = true;
        if (peer instanceof DuplexChannel duplexPeer) {
            // Writes complete in order, so this completes once every byte read before the FIN went out.
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> {
                if (flushed.isSuccess()) {
                    duplexPeer.shutdownOutput().addListener(shut -> {
                        if (shut.isSuccess()) {
                            closeIfBothEnded(duplexPeer);
                        } else {
                            peer.close();
                        }
                    });
                } else {
                    peer.close();
                }
            });
        } else {
            closeOnFlush(peer);
        }
        closeIfBothEnded(self);
    }

    private static void closeIfBothEnded(DuplexChannel channel) {
        // Input ended means everything was read, so closing cannot turn into a reset that
        // would discard bytes still in flight to the other end.
        boolean inputDone = channel.isInputShutdown() || Boolean.TRUE.equals(channel.attr(CLOSE_NOTIFY_RECEIVED).get());
        if (inputDone && channel.isOutputShutdown()) {
            channel.close();
        }
    }

    /** Flushes what is queued on {@code channel}, then closes it. */
    static void closeOnFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
