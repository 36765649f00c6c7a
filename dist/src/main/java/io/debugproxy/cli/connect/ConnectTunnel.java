package io.debugproxy.cli.connect;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.relay.RelayInitializer;
import io.debugproxy.proxy.relay.RelaySettings;
import io.debugproxy.proxy.upstream.UpstreamPipeline;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The running {@code proxy connect}: a plain local listener whose every connection is relayed to the
 * proxy's TLS listener through {@code upstream} (mutual TLS with the route's SNI). Nothing is dialed
 * before a client connects: the proxy dials Delve as soon as a TLS session is admitted, and a
 * single-client Delve would lose its only connection to a probe.
 */
final class ConnectTunnel implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup sessions = new DefaultChannelGroup("connect", GlobalEventExecutor.INSTANCE, true);
    private Channel server;
    private HostPort address;

    /** Binds {@code listen}; returns the address bound (port 0 becomes the chosen port). */
    HostPort start(HostPort listen, String route, HostPort proxy, UpstreamPipeline upstream) {
        ChannelFuture bind = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new RelayInitializer(route, () -> Optional.of(proxy), upstream, sessions, RelaySettings.defaults()))
                .bind(listen.host(), listen.port())
                .awaitUninterruptibly();
        if (!bind.isSuccess()) {
            close();
            throw new IllegalStateException("cannot listen on " + listen + ": " + bind.cause().getMessage()
                    + "; pass another --listen address");
        }
        server = bind.channel();
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        address = new HostPort(bound.getAddress().getHostAddress(), bound.getPort());
        return address;
    }

    /** The local address bound by {@link #start}. */
    HostPort address() {
        return address;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().awaitUninterruptibly();
        }
        sessions.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
