package io.debugproxy.proxy.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.discovery.DockerStatus;
import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.Function;

/** The admin HTTP API ({@code GET /routes}, {@code GET /health}, {@code GET /metrics}), loopback-bound by default. */
public final class AdminServer {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final EventLoopGroup group;
    private final RouteTablePublisher routes;
    private final Function<String, Optional<HostPort>> listenAddress;
    private final AdminServerSettings settings;
    private final ProxyMetrics metrics;
    private final Supplier<Optional<DockerStatus>> docker;
    private final Supplier<Optional<ProxySelf>> self;
    private final ChannelGroup connections =
            new DefaultChannelGroup("admin", GlobalEventExecutor.INSTANCE, true);
    private Channel serverChannel;
    private HostPort boundAddress;
    private boolean stopped;

    /**
     * @param listenAddress a route's own plain port by route name, e.g. {@code routeListeners::listenAddress}
     */
    public AdminServer(EventLoopGroup group, RouteTablePublisher routes,
                       Function<String, Optional<HostPort>> listenAddress, AdminServerSettings settings) {
        this(group, routes, listenAddress, settings, new ProxyMetrics());
    }

    /** As above, with {@code GET /metrics} rendering {@code metrics}. */
    public AdminServer(EventLoopGroup group, RouteTablePublisher routes,
                       Function<String, Optional<HostPort>> listenAddress, AdminServerSettings settings,
                       ProxyMetrics metrics) {
        this(group, routes, listenAddress, settings, metrics, Optional::empty);
    }

    /**
     * As above, with {@code GET /health} also telling whether discovery follows the Docker engine.
     *
     * @param docker discovery's state, empty while discovery has not started
     */
    public AdminServer(EventLoopGroup group, RouteTablePublisher routes,
                       Function<String, Optional<HostPort>> listenAddress, AdminServerSettings settings,
                       ProxyMetrics metrics, Supplier<Optional<DockerStatus>> docker) {
        this(group, routes, listenAddress, settings, metrics, docker, Optional::empty);
    }

    /**
     * As above, with {@code GET /health} also saying where the proxy runs and how it reaches
     * loopback-bound Delve, for {@code proxy doctor}.
     */
    public AdminServer(EventLoopGroup group, RouteTablePublisher routes,
                       Function<String, Optional<HostPort>> listenAddress, AdminServerSettings settings,
                       ProxyMetrics metrics, Supplier<Optional<DockerStatus>> docker, Supplier<Optional<ProxySelf>> self) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.self = Objects.requireNonNull(self, "self");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.group = Objects.requireNonNull(group, "group");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.listenAddress = Objects.requireNonNull(listenAddress, "listenAddress");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Binds and returns the address bound (the actual port when the configured one is 0).
     *
     * @throws IllegalStateException when the address cannot be bound, naming it
     */
    public synchronized HostPort start() {
        if (serverChannel != null || stopped) {
            throw new IllegalStateException("admin server can be started once; it is "
                    + (stopped ? "stopped" : "running on " + boundAddress));
        }
        HostPort address = settings.address();
        ChannelFuture bind = new ServerBootstrap()
                .group(group)
                .channel(settings.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new AdminInitializer(connections, address.host(), routes, listenAddress,
                        metrics, docker, self, new ObjectMapper()))
                .bind(address.host(), address.port())
                .awaitUninterruptibly();
        if (!bind.isSuccess()) {
            throw new IllegalStateException("cannot bind the admin API to " + address + ": "
                    + bind.cause().getMessage() + "; choose another address with --admin", bind.cause());
        }
        serverChannel = bind.channel();
        boundAddress = new HostPort(address.host(), ((InetSocketAddress) serverChannel.localAddress()).getPort());
        log.info("event=admin_listening listen={}", boundAddress);
        return boundAddress;
    }

    /** Stops accepting and closes open admin connections; returns when closed. Idempotent. */
    public synchronized void stop() {
        stopped = true;
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
            connections.close().awaitUninterruptibly();
            log.info("event=admin_stopped listen={}", boundAddress);
            serverChannel = null;
        }
    }

    /** The bound address while started. */
    public synchronized Optional<HostPort> address() {
        return Optional.ofNullable(serverChannel == null ? null : boundAddress);
    }
}
