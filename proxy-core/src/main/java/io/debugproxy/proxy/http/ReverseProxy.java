package io.debugproxy.proxy.http;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.route.HostnameRoutes;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.debugproxy.proxy.upstream.UpstreamPipeline;
import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The HTTP reverse proxy of one listener: what its connections share (host routing, forwarded
 * header policy, backend connection pools, settings). {@link #channelInitializer()} turns a client
 * connection into an HTTP proxy connection; {@link #close()} closes the pooled backend connections.
 *
 * <pre>{@code
 * ReverseProxy http = ReverseProxy.builder(routes)
 *         .trustedProxies(config.http()::isTrusted)
 *         .build();
 * pipeline.addLast(http.channelInitializer());
 * }</pre>
 */
public final class ReverseProxy implements AutoCloseable {

    private final RouteTablePublisher routes;
    private final HostnameRoutes hosts;
    private final HttpProxySettings settings;
    private final ForwardedHeaders forwarded;
    private final String scheme;
    private final Function<String, UpstreamPipeline> upstreams;
    private final ChannelGroup sessions;
    private final BackendPools pools;
    private final ProxyMetrics metrics;

    private ReverseProxy(Builder b) {
        this.routes = b.routes;
        this.hosts = new HostnameRoutes(b.routes);
        this.settings = b.settings;
        this.scheme = b.scheme;
        this.forwarded = new ForwardedHeaders(b.trustedProxies, b.scheme);
        this.upstreams = b.upstreams;
        this.sessions = b.sessions;
        this.pools = new BackendPools(b.settings);
        this.metrics = b.metrics;
    }

    public static Builder builder(RouteTablePublisher routes) {
        return new Builder(routes);
    }

    /** Sets up a client channel as an HTTP proxy connection (sharable; one per listener is enough). */
    public ChannelHandler channelInitializer() {
        return new HttpProxyInitializer(this);
    }

    /** Closes every pooled idle backend connection. Connections in use finish their exchange. */
    @Override
    public void close() {
        pools.closeAll();
    }

    /**
     * The usable route answering to the host of a {@code Host} header or {@code CONNECT} authority
     * ({@code name}, {@code name:port}, {@code [v6]:port}): port, trailing dot and case ignored.
     */
    Optional<RouteSpec> route(String hostAndPort) {
        HostHeader host = HostHeader.parse(hostAndPort);
        return host.isEmpty() ? Optional.empty() : hosts.route(host.name());
    }

    HttpProxySettings settings() {
        return settings;
    }

    ForwardedHeaders forwarded() {
        return forwarded;
    }

    String scheme() {
        return scheme;
    }

    BackendPools pools() {
        return pools;
    }

    ChannelGroup sessions() {
        return sessions;
    }

    ProxyMetrics metrics() {
        return metrics;
    }

    UpstreamPipeline upstreamFor(String route) {
        return upstreams.apply(route);
    }

    /** The Delve target of the route named {@code route} as it is now (a tunnel dials what is current). */
    Optional<HostPort> currentTarget(String route) {
        return routes.current().route(route).filter(RouteSpec::usable).map(RouteSpec::target);
    }

    /** Options of a {@link ReverseProxy}; every one has a default. */
    public static final class Builder {
        private final RouteTablePublisher routes;
        private HttpProxySettings settings = HttpProxySettings.defaults();
        private Predicate<InetAddress> trustedProxies = address -> false;
        private String scheme = "http";
        private Function<String, UpstreamPipeline> upstreams = route -> UpstreamPipeline.PLAIN;
        private ChannelGroup sessions;
        private ProxyMetrics metrics = new ProxyMetrics();

        private Builder(RouteTablePublisher routes) {
            this.routes = Objects.requireNonNull(routes, "routes");
        }

        public Builder settings(HttpProxySettings httpSettings) {
            this.settings = Objects.requireNonNull(httpSettings, "settings");
            return this;
        }

        /** Peers whose incoming forwarded headers are kept (default: nobody). */
        public Builder trustedProxies(Predicate<InetAddress> trusted) {
            this.trustedProxies = Objects.requireNonNull(trusted, "trusted");
            return this;
        }

        /** The scheme clients use to reach this listener, {@code http} (default) or {@code https}. */
        public Builder scheme(String clientScheme) {
            if (!clientScheme.equals("http") && !clientScheme.equals("https")) {
                throw new IllegalArgumentException("scheme must be http or https, got " + clientScheme);
            }
            this.scheme = clientScheme;
            return this;
        }

        /** How a {@code CONNECT} tunnel dials each route's Delve (default: plain TCP). */
        public Builder upstreams(Function<String, UpstreamPipeline> routeUpstreams) {
            this.upstreams = Objects.requireNonNull(routeUpstreams, "upstreams");
            return this;
        }

        /** Receives the backend and upstream channels of tunnels and WebSockets, so their owner can close them. */
        public Builder sessions(ChannelGroup group) {
            this.sessions = Objects.requireNonNull(group, "sessions");
            return this;
        }

        /** Counts requests by route and responses by route and status code (default: a registry nobody reads). */
        public Builder metrics(ProxyMetrics proxyMetrics) {
            this.metrics = Objects.requireNonNull(proxyMetrics, "metrics");
            return this;
        }

        public ReverseProxy build() {
            if (sessions == null) {
                sessions = new DefaultChannelGroup("http-sessions", GlobalEventExecutor.INSTANCE, true);
            }
            return new ReverseProxy(this);
        }
    }
}
