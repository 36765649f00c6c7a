package io.debugproxy.proxy.http;

import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.upstream.UpstreamPipeline;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Answers a {@code CONNECT} once the tunnel's fate is known, on a client channel whose HTTP codec
 * is gone: {@code 200 Connection Established} when the upstream connection is up (then it leaves
 * the pipeline and the relay carries raw bytes), {@code 502 Bad Gateway} when the channel is closed
 * before that (the upstream could not be reached).
 *
 * <pre>
 *  client channel: [connect-reply] [dial-upstream]        upstream channel: [...] [tunnel-established] [relay]
 *                        ▲                                                           │ connected
 *                        └───────────────────── established() ◄──────────────────────┘
 * </pre>
 */
final class TunnelReply extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(TunnelReply.class);
    private static final byte[] ESTABLISHED =
            "HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String BAD_GATEWAY_TEXT = "502 Bad Gateway: the debug target could not be reached.\n";
    private static final byte[] BAD_GATEWAY = ("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: " + BAD_GATEWAY_TEXT.length() + "\r\nConnection: close\r\n\r\n"
            + BAD_GATEWAY_TEXT).getBytes(StandardCharsets.US_ASCII);

    private final String route;
    private final ProxyMetrics metrics;
    private ChannelHandlerContext ctx;
    private boolean answered;

    TunnelReply(String route, ProxyMetrics metrics) {
        this.route = Objects.requireNonNull(route, "route");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** {@code delegate}, plus a handler on the upstream channel that calls {@link #established()} once connected. */
    UpstreamPipeline announcing(UpstreamPipeline delegate) {
        return (upstream, target) -> {
            delegate.prepare(upstream, target);
            upstream.pipeline().addLast("tunnel-established", new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext upstreamCtx) {
                    established();
                    upstreamCtx.pipeline().remove(this);
                    upstreamCtx.fireChannelActive();
                }
            });
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The upstream is connected: tell the client and step aside. Runs on the client's event loop. */
    void established() {
        if (answered || ctx.isRemoved()) {
            return;
        }
        answered = true;
        metrics.httpResponse(route, 200);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ESTABLISHED));
        log.info("event=connect_tunnel_established route={} client={}", route, ctx.channel().remoteAddress());
        ctx.pipeline().remove(this);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (answered || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        answered = true;
        metrics.httpResponse(route, 502);
        log.warn("event=http_error status=502 route={} client={} reason=\"CONNECT tunnel: the debug target could"
                + " not be reached\"", route, ctx.channel().remoteAddress());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(BAD_GATEWAY)).addListener(f -> ctx.close(promise));
    }
}
