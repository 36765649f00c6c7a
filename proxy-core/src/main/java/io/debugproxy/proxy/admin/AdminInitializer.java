package io.debugproxy.proxy.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.discovery.DockerStatus;
import io.debugproxy.proxy.metrics.ProxyMetrics;
import io.debugproxy.proxy.route.RouteTablePublisher;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.Function;

/**
 * <pre>
 *  socket ─► [idle-timeout] ─► [http-codec] ─► [aggregator] ─► [host-check] ─► [api]
 * </pre>
 */
final class AdminInitializer extends ChannelInitializer<SocketChannel> {

    /** Requests are bodiless GETs; anything bigger is refused by the aggregator with 413. */
    static final int MAX_REQUEST_BODY = 8 * 1024;
    static final int IDLE_TIMEOUT_SECONDS = 30;

    private final ChannelGroup connections;
    private final String bindHost;
    private final RouteTablePublisher routes;
    private final Function<String, Optional<HostPort>> listenAddress;
    private final ProxyMetrics metrics;
    private final Supplier<Optional<DockerStatus>> docker;
    private final Supplier<Optional<ProxySelf>> self;
    private final ObjectMapper json;

    AdminInitializer(ChannelGroup connections, String bindHost, RouteTablePublisher routes,
                     Function<String, Optional<HostPort>> listenAddress, ProxyMetrics metrics,
                     Supplier<Optional<DockerStatus>> docker, Supplier<Optional<ProxySelf>> self, ObjectMapper json) {
        this.connections = connections;
        this.bindHost = bindHost;
        this.routes = routes;
        this.listenAddress = listenAddress;
        this.metrics = metrics;
        this.docker = docker;
        this.self = self;
        this.json = json;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        connections.add(ch);
        ch.pipeline()
                .addLast("idle-timeout", new ReadTimeoutHandler(IDLE_TIMEOUT_SECONDS))
                .addLast("http-codec", new HttpServerCodec())
                .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BODY))
                .addLast("host-check", new HostHeaderGuard(bindHost))
                .addLast("api", new AdminApiHandler(routes, listenAddress, metrics, docker, self, json));
    }
}
