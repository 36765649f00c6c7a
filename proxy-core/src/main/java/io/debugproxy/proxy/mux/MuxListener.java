package io.debugproxy.proxy.mux;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.http.HttpProxySettings;
import io.debugproxy.proxy.http.ReverseProxy;
import io.debugproxy.proxy.metrics.InstrumentedInitializer;
import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.listen.DrainableListener;
import io.debugproxy.proxy.relay.RelaySettings;
import io.debugproxy.proxy.relay.RouteSessions;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.debugproxy.proxy.sniff.SniffRejection;
import io.debugproxy.proxy.sniff.SniffRejections;
import io.debugproxy.proxy.sniff.SniffSettings;
import io.debugproxy.proxy.upstream.UpstreamPipeline;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The multiplexed plain port ({@code listeners.mux}): one address for TLS, HTTP (with
 * {@code CONNECT} tunnels), Delve JSON-RPC and DAP, told apart by their first bytes. See
 * {@link MuxInitializer} for the pipelines.
 *
 * <pre>{@code
 * MuxListener mux = MuxListener.builder(group, routes)
 *         .address(config.listeners().mux().address())
 *         .trustedProxies(config.http()::isTrusted)
 *         .routePorts(routeListeners::listenAddress)
 *         .metrics(metrics)
 *         .build();
 * HostPort bound = mux.start();
 * ...
 * mux.stop();
 * }</pre>
 */
public final class MuxListener implements DrainableListener {

    /** Listener name in logs and metrics. */
    public static final String NAME = "mux";

    private static final Logger log = LoggerFactory.getLogger(MuxListener.class);

    private final EventLoopGroup group;
    private final RouteTablePublisher routes;
    private final HostPort address;
    private final Class<? extends ServerChannel> serverChannel;
    private final SniffSettings sniff;
    private final ProxyMetrics metrics;
    private final SniffRejections rejections;
    private final ReverseProxy http;
    private final MuxHandoff handoff;
    private final boolean tls;
    private final ChannelGroup sessions = new DefaultChannelGroup("mux-sessions", GlobalEventExecutor.INSTANCE, true);
    private Channel serverChannelInstance;
    private boolean stopped;

    private MuxListener(Builder b) {
        this.group = b.group;
        this.routes = b.routes;
        this.address = b.address;
        this.serverChannel = b.serverChannel;
        this.sniff = b.sniff;
        this.metrics = b.metrics;
        this.rejections = new SniffRejections(NAME, b.metrics::handshakeFailed);
        RelaySettings relay = b.relay;
        this.http = ReverseProxy.builder(b.routes)
                .settings(b.http.withRelay(relay))
                .trustedProxies(b.trustedProxies)
                .upstreams(b.upstreams)
                .sessions(sessions)
                .metrics(b.metrics)
                .build();
        this.tls = b.tlsPipeline != null;
        this.handoff = new MuxHandoff(b.routes, b.routePorts, b.upstreams, http, b.tlsPipeline, sessions, relay,
                b.sniff.maxBytes(), reason -> b.metrics.handshakeFailed(NAME, reason));
    }

    public static Builder builder(EventLoopGroup group, RouteTablePublisher routes) {
        return new Builder(group, routes);
    }

    /**
     * Binds and returns the address bound (port 0 becomes the chosen port).
     *
     * @throws IllegalStateException naming the address and the setting to change when it cannot be bound
     */
    public synchronized HostPort start() {
        if (serverChannelInstance != null || stopped) {
            throw new IllegalStateException("the multiplexed listener can be started once");
        }
        ChannelFuture bind = new ServerBootstrap()
                .group(group)
                .channel(serverChannel)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new InstrumentedInitializer(metrics.connections(NAME, "-"),
                        new MuxInitializer(sniff, handoff, rejections, sessions)))
                .bind(address.host().isEmpty() ? "0.0.0.0" : address.host(), address.port())
                .awaitUninterruptibly();
        if (!bind.isSuccess()) {
            throw new IllegalStateException("the multiplexed port cannot listen on " + address + ": "
                    + bind.cause().getMessage() + "; choose another address with listeners.mux.address", bind.cause());
        }
        serverChannelInstance = bind.channel();
        metrics.declareHandshakeFailures(NAME, refusalReasons());
        routes.subscribe(this::closeSessionsOfRoutesGone);
        InetSocketAddress bound = (InetSocketAddress) serverChannelInstance.localAddress();
        HostPort listening = new HostPort(bound.getAddress().getHostAddress(), bound.getPort());
        log.info("event=mux_listening listen={} tls={} sniff_timeout_ms={} sniff_max_bytes={}", listening,
                tls ? "enabled" : "not_enabled", sniff.timeout().toMillis(), sniff.maxBytes());
        return listening;
    }

    /** Every reason this port counts in {@code debugproxy_handshake_failures_total}. */
    static List<String> refusalReasons() {
        List<String> reasons = new ArrayList<>();
        for (SniffRejection rejection : SniffRejection.values()) {
            reasons.add(rejection.key());
        }
        reasons.addAll(List.of(MuxHandoff.NO_ROUTE, MuxHandoff.AMBIGUOUS_ROUTE, TlsUnavailable.REASON));
        return reasons;
    }

    /** A route that left the table takes its Delve sessions on this port with it, as its own port does. */
    private void closeSessionsOfRoutesGone(RouteTable table) {
        List<String> closed = RouteSessions.closeRoutesGoneFrom(sessions, table);
        if (!closed.isEmpty()) {
            log.info("event=mux_sessions_closed routes={} channels={} reason=\"route left the table\"",
                    new TreeSet<>(closed), closed.size());
        }
    }

    @Override
    public synchronized void stopAccepting() {
        if (serverChannelInstance != null) {
            serverChannelInstance.close().awaitUninterruptibly();
        }
    }

    /**
     * Delve sessions relayed from this port (JSON-RPC, DAP, CONNECT tunnels; TLS sessions handed to
     * the TLS pipeline too). HTTP connections are not waited for: a request may sit at a breakpoint.
     */
    @Override
    public Collection<Channel> openSessions() {
        return RouteSessions.relayingClients(sessions);
    }

    /** Stops accepting, closes every connection it accepted and every pooled backend connection. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        stopAccepting();
        http.close();
        sessions.close().awaitUninterruptibly();
        log.info("event=mux_stopped listen={}", address);
    }

    /** Connections closed before their protocol was recognized, by reason. */
    public SniffRejections rejections() {
        return rejections;
    }

    /** Options of a {@link MuxListener}; every one has a default. */
    public static final class Builder {
        private final EventLoopGroup group;
        private final RouteTablePublisher routes;
        private HostPort address = new HostPort("127.0.0.1", 2345);
        private Class<? extends ServerChannel> serverChannel = NioServerSocketChannel.class;
        private SniffSettings sniff = SniffSettings.defaults();
        private HttpProxySettings http = HttpProxySettings.defaults();
        private RelaySettings relay = RelaySettings.defaults();
        private Predicate<InetAddress> trustedProxies = a -> false;
        private Function<String, Optional<HostPort>> routePorts = route -> Optional.empty();
        private Function<String, UpstreamPipeline> upstreams = route -> UpstreamPipeline.PLAIN;
        private ProxyMetrics metrics = new ProxyMetrics();
        private ChannelHandler tlsPipeline;

        private Builder(EventLoopGroup group, RouteTablePublisher routes) {
            this.group = Objects.requireNonNull(group, "group");
            this.routes = Objects.requireNonNull(routes, "routes");
        }

        /** Where to listen (default 127.0.0.1:2345); an empty host means every interface. */
        public Builder address(HostPort bindAddress) {
            this.address = Objects.requireNonNull(bindAddress, "address");
            return this;
        }

        /** Server channel class matching the event loop group's transport (default NIO). */
        public Builder serverChannel(Class<? extends ServerChannel> channelClass) {
            this.serverChannel = Objects.requireNonNull(channelClass, "serverChannel");
            return this;
        }

        public Builder sniff(SniffSettings sniffSettings) {
            this.sniff = Objects.requireNonNull(sniffSettings, "sniff");
            return this;
        }

        /** HTTP limits and timeouts; their relay part is replaced by {@link #relay}. */
        public Builder http(HttpProxySettings httpSettings) {
            this.http = Objects.requireNonNull(httpSettings, "http");
            return this;
        }

        /** Connect timeout and water marks of relayed and proxied connections. */
        public Builder relay(RelaySettings relaySettings) {
            this.relay = Objects.requireNonNull(relaySettings, "relay");
            return this;
        }

        /** Peers whose forwarded headers are kept, e.g. {@code config.http()::isTrusted} (default: nobody). */
        public Builder trustedProxies(Predicate<InetAddress> trusted) {
            this.trustedProxies = Objects.requireNonNull(trusted, "trustedProxies");
            return this;
        }

        /** A route's own plain port by route name, listed to debug clients that cannot be routed here. */
        public Builder routePorts(Function<String, Optional<HostPort>> ports) {
            this.routePorts = Objects.requireNonNull(ports, "routePorts");
            return this;
        }

        /** How each route's Delve is dialed (default: plain TCP), e.g. {@code routeUpstreams::forRouteNamed}. */
        public Builder upstreams(Function<String, UpstreamPipeline> routeUpstreams) {
            this.upstreams = Objects.requireNonNull(routeUpstreams, "upstreams");
            return this;
        }

        /**
         * Counts connections and bytes (listener {@code mux}, route {@code -}: a connection may carry
         * requests for several routes), HTTP requests and responses by route, and refusals (as
         * handshake failures).
         */
        public Builder metrics(ProxyMetrics proxyMetrics) {
            this.metrics = Objects.requireNonNull(proxyMetrics, "metrics");
            return this;
        }

        /**
         * The seam to the TLS listener: the (sharable) handler that sets up a connection whose first
         * bytes are a TLS ClientHello, exactly as the TLS listener sets up one it accepted; it gets the
         * ClientHello bytes as its first read. Without one, TLS clients get an alert and are closed.
         */
        public Builder tlsPipeline(ChannelHandler initializer) {
            this.tlsPipeline = Objects.requireNonNull(initializer, "tlsPipeline");
            return this;
        }

        public MuxListener build() {
            return new MuxListener(this);
        }
    }
}
