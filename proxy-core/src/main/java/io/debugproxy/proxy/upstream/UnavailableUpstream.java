package io.debugproxy.proxy.upstream;

import io.debugproxy.config.route.HostPort;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands where the TLS handler would be when a route needs a TLS upstream that this proxy cannot
 * speak (no CA to issue its client certificate, no name to verify): closes the upstream as soon as it
 * connects, before any byte is written, saying why.
 */
final class UnavailableUpstream extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(UnavailableUpstream.class);

    private final String route;
    private final HostPort target;
    private final String reason;

    UnavailableUpstream(String route, HostPort target, String reason) {
        this.route = route;
        this.target = target;
        this.reason = reason;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        log.error("event=upstream_tls_unavailable route={} upstream={} reason=\"{}\"", route, target, reason);
        ctx.close();
    }
}
