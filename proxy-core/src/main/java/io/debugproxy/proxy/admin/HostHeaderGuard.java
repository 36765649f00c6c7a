package io.debugproxy.proxy.admin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Refuses requests whose {@code Host} is not a loopback name or the literal bind address, so a
 * web page whose DNS name was rebound to 127.0.0.1 cannot read the route table from a browser.
 * Refusals are a bare 403 with no hint of what would have been accepted.
 */
final class HostHeaderGuard extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HostHeaderGuard.class);
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}");
    private static final Set<String> WILDCARDS = Set.of("", "0.0.0.0", "::", "0:0:0:0:0:0:0:0");

    private final Set<String> allowedHosts;

    /** @param bindHost the configured bind host, accepted unless it is a wildcard address */
    HostHeaderGuard(String bindHost) {
        String bind = bindHost.toLowerCase(Locale.ROOT);
        Stream<String> loopback = Stream.of("localhost", "127.0.0.1", "::1");
        this.allowedHosts = (WILDCARDS.contains(bind) ? loopback : Stream.concat(loopback, Stream.of(bind)))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && !allowed(request)) {
            log.warn("event=admin_request_refused reason=\"host not allowed\" client={}", ctx.channel().remoteAddress());
            try {
                JsonResponses.send(ctx, request, HttpResponseStatus.FORBIDDEN, JsonResponses.error("forbidden"), false);
            } finally {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private boolean allowed(HttpRequest request) {
        List<String> values = request.headers().getAll(HttpHeaderNames.HOST);
        return values.size() == 1 && hostOf(values.get(0)).filter(allowedHosts::contains).isPresent();
    }

    /** The host of a Host header value ({@code name}, {@code name:port}, {@code [v6]:port}), lower case. */
    static Optional<String> hostOf(String header) {
        String value = header.trim().toLowerCase(Locale.ROOT);
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = value.substring(1, close);
            port = value.substring(close + 1);
        } else {
            int colon = value.indexOf(':');
            if (colon >= 0 && value.indexOf(':', colon + 1) >= 0) {
                return Optional.empty(); // an unbracketed IPv6 literal is not a valid Host
            }
            host = colon < 0 ? value : value.substring(0, colon);
            port = colon < 0 ? "" : value.substring(colon);
        }
        if (host.isEmpty() || !(port.isEmpty() || PORT.matcher(port).matches())) {
            return Optional.empty();
        }
        return Optional.of(host);
    }
}
