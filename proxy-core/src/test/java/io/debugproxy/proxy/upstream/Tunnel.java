package io.debugproxy.proxy.upstream;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.relay.RelayInitializer;
import io.debugproxy.proxy.relay.RelaySettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/** A plain loopback port relaying every connection to {@code target} through an upstream pipeline: what {@code proxy connect} runs. */
final class Tunnel implements AutoCloseable {

    private final Channel server;

    Tunnel(EventLoopGroup group, HostPort target, UpstreamPipeline pipeline) throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new RelayInitializer("test", () -> Optional.of(target), pipeline,
                        new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), RelaySettings.defaults()))
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }

    HostPort address() {
        return new HostPort("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
