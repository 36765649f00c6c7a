package io.debugproxy.proxy.mux;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.http.ReverseProxy;
import io.debugproxy.proxy.relay.RelayInitializer;
import io.debugproxy.proxy.relay.RelaySettings;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.debugproxy.proxy.sniff.Protocol;
import io.debugproxy.proxy.sniff.ProtocolHandoff;
import io.debugproxy.proxy.upstream.UpstreamPipeline;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What serves a connection on the multiplexed port once its protocol is known.
 *
 * <ul>
 *   <li>TLS: the TLS listener's pipeline, when the proxy has one; else a TLS alert and close.</li>
 *   <li>HTTP: the reverse proxy (which also opens {@code CONNECT} tunnels).</li>
 *   <li>Delve JSON-RPC, DAP: a relay to the only usable route; with none or several, every request
 *       gets an error in the client's protocol that lists the routes and their own ports.</li>
 * </ul>
 */
final class MuxHandoff implements ProtocolHandoff {

    private static final Logger log = LoggerFactory.getLogger(MuxHandoff.class);

    /** Reason keys of the debug clients refused here: no usable route to default to, or several. */
    static final String NO_ROUTE = "no_route";
    static final String AMBIGUOUS_ROUTE = "ambiguous_route";

    private final RouteTablePublisher routes;
    private final Function<String, Optional<HostPort>> routePorts;
    private final Function<String, UpstreamPipeline> upstreams;
    private final ReverseProxy http;
    private final ChannelHandler tls;
    private final ChannelGroup sessions;
    private final RelaySettings relay;
    private final int maxRequestBytes;
    private final Consumer<String> refused;

    /**
     * @param tls     the TLS listener's channel initializer, or null when the proxy has no TLS pipeline
     * @param refused told a reason key for every connection refused here, for metrics
     */
    MuxHandoff(RouteTablePublisher routes, Function<String, Optional<HostPort>> routePorts,
               Function<String, UpstreamPipeline> upstreams, ReverseProxy http, ChannelHandler tls,
               ChannelGroup sessions, RelaySettings relay, int maxRequestBytes, Consumer<String> refused) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.routePorts = Objects.requireNonNull(routePorts, "routePorts");
        this.upstreams = Objects.requireNonNull(upstreams, "upstreams");
        this.http = Objects.requireNonNull(http, "http");
        this.tls = tls;
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.relay = Objects.requireNonNull(relay, "relay");
        this.maxRequestBytes = maxRequestBytes;
        this.refused = Objects.requireNonNull(refused, "refused");
    }

    @Override
    public ChannelHandler pipelineFor(Protocol protocol, Channel channel) {
        return switch (protocol) {
            case TLS -> tls != null ? tls : new TlsUnavailable(refused);
            case HTTP -> http.channelInitializer();
            case DELVE_JSON_RPC, DAP -> debugClient(protocol, channel);
        };
    }

    private ChannelHandler debugClient(Protocol protocol, Channel channel) {
        List<RouteSpec> usable = routes.current().routes().stream().filter(RouteSpec::usable).toList();
        if (usable.size() == 1) {
            String route = usable.get(0).name();
            log.info("event=mux_default_route protocol={} route={} client={}", protocol.key(), route, channel.remoteAddress());
            return new RelayInitializer(route, () -> currentTarget(route), upstreams.apply(route), sessions, relay);
        }
        refused.accept(usable.isEmpty() ? NO_ROUTE : AMBIGUOUS_ROUTE);
        log.info("event=mux_debug_client_refused protocol={} usable_routes={} client={} reason=\"{}\"", protocol.key(),
                usable.size(), channel.remoteAddress(), usable.isEmpty() ? "no usable route" : "more than one usable route");
        String message = DebugRoutesMessage.text(usable, routePorts);
        ErrorReplies replies = protocol == Protocol.DAP ? new DapErrorReplies(message) : new JsonRpcErrorReplies(message);
        return new RefuseDebugClient(replies, maxRequestBytes);
    }

    private Optional<HostPort> currentTarget(String route) {
        return routes.current().route(route).filter(RouteSpec::usable).map(RouteSpec::target);
    }
}
