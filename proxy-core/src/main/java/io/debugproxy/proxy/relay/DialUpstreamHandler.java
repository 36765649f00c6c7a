package io.debugproxy.proxy.relay;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.upstream.UpstreamPipeline;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.function.Supplier;

/**
 * First handler of a client channel: when the client is there, asks for the route's current
 * target, dials it on the client's own event loop, and on success hands both channels to
 * {@link RelayHandler}. Nothing is dialed before a client arrives: a Delve server accepts
 * a single client, and a probe would use it up.
 */
public final class DialUpstreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(DialUpstreamHandler.class);

    private final String route;
    private final Supplier<Optional<HostPort>> target;
    private final UpstreamPipeline upstreamPipeline;
    private final ChannelGroup sessions;
    private final RelaySettings settings;

    /**
     * Bytes a handler before this one fired while the upstream was still connecting (a protocol
     * sniffer replaying what it peeked at). This handler owns them until they are written
     * upstream or released.
     */
    private final Queue<Object> pending = new ArrayDeque<>();
    private boolean dialed;
    private Channel upstream;

    public DialUpstreamHandler(String route, Supplier<Optional<HostPort>> target, ChannelGroup sessions,
                               RelaySettings settings) {
        this(route, target, UpstreamPipeline.PLAIN, sessions, settings);
    }

    /** As above, with {@code upstreamPipeline} set up on the upstream channel ahead of the relay (e.g. TLS). */
    public DialUpstreamHandler(String route, Supplier<Optional<HostPort>> target, UpstreamPipeline upstreamPipeline,
                               ChannelGroup sessions, RelaySettings settings) {
        this.route = Objects.requireNonNull(route, "route");
        this.target = Objects.requireNonNull(target, "target");
        this.upstreamPipeline = Objects.requireNonNull(upstreamPipeline, "upstreamPipeline");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Added to a channel that is already connected (accepted channel during registration,
        // or a sniffer handing over): dial now; otherwise channelActive does.
        if (ctx.channel().isActive()) {
            dial(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        dial(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        pending.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslCloseCompletionEvent closed && closed.isSuccess()) {
            // The client ended its side before the upstream was there; the relay acts on it once it is.
            ctx.channel().attr(RelayHandler.CLOSE_NOTIFY_RECEIVED).set(Boolean.TRUE);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (upstream != null) {
            upstream.close();
        }
        releasePending();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("event=client_error route={} client={} reason=\"{}\"", route, ctx.channel().remoteAddress(),
                cause.toString());
        ctx.close();
    }

    private void dial(ChannelHandlerContext ctx) {
        if (dialed) {
            return;
        }
        dialed = true;
        Channel client = ctx.channel();
        RouteSessions.mark(client, route);
        Optional<HostPort> resolved = target.get();
        if (resolved.isEmpty()) {
            log.warn("event=upstream_unavailable route={} client={} reason=\"route has no usable target\"",
                    route, client.remoteAddress());
            client.close();
            return;
        }
        HostPort to = resolved.get();
        // A host name is resolved by Netty's default resolver, which blocks this event loop;
        // discovery hands out IP literals, so only static routes naming a host pay for it.
        ChannelFuture connect = new Bootstrap()
                .group(client.eventLoop())
                .channel(client.getClass())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, settings.waterMark())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel upstreamChannel) {
                        upstreamPipeline.prepare(upstreamChannel, to);
                        upstreamChannel.pipeline().addLast("relay", new RelayHandler(client));
                    }
                })
                .connect(to.host(), to.port());
        upstream = connect.channel();
        RouteSessions.mark(upstream, route);
        sessions.add(upstream);
        connect.addListener((ChannelFuture f) -> connected(ctx, to, f));
    }

    private void connected(ChannelHandlerContext ctx, HostPort to, ChannelFuture connect) {
        Channel client = ctx.channel();
        if (!client.isActive()) {
            // The client left (or its session was closed) while dialing; nobody to report to.
            upstream.close();
            releasePending();
            return;
        }
        if (!connect.isSuccess()) {
            log.warn("event=upstream_connect_failed route={} target={} client={} reason=\"{}\"",
                    route, to, client.remoteAddress(), reason(connect.cause()));
            releasePending();
            client.close();
            return;
        }
        log.info("event=relay_started route={} target={} client={}", route, to, client.remoteAddress());
        client.closeFuture().addListener(f ->
                log.info("event=relay_closed route={} target={} client={}", route, to, client.remoteAddress()));
        Object msg;
        while ((msg = pending.poll()) != null) {
            upstream.write(msg, upstream.voidPromise()); // ownership passes to the upstream channel
        }
        upstream.flush();
        ctx.pipeline().replace(this, "relay", new RelayHandler(upstream));
        upstream.config().setAutoRead(true);
        if (upstream.isWritable()) {
            client.config().setAutoRead(true);
        } // else the upstream's RelayHandler resumes the client once the replayed bytes drained
    }

    private void releasePending() {
        Object msg;
        while ((msg = pending.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    private static String reason(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.replace('"', '\'');
    }
}
