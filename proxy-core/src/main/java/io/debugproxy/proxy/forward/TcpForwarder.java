package io.debugproxy.proxy.forward;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.relay.RelayInitializer;
import io.debugproxy.proxy.relay.RelaySettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code proxy forward}: accepts on one or more addresses and relays each connection, byte for
 * byte, to one fixed address. Inside a target container's network namespace it makes a Delve
 * bound to {@code 127.0.0.1} reachable on the container's own IPs. The relay is the proxy's own
 * (same event loop for both sides, backpressure, half-close), and nothing is dialed before a
 * client arrives, so a single-client Delve is never used up by the forwarder itself.
 */
public final class TcpForwarder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpForwarder.class);

    private final EventLoopGroup group;
    private final List<HostPort> listen;
    private final HostPort to;
    private final RelaySettings relay;
    private final ChannelGroup channels = new DefaultChannelGroup("forward", GlobalEventExecutor.INSTANCE);

    public TcpForwarder(EventLoopGroup group, List<HostPort> listen, HostPort to, RelaySettings relay) {
        this.group = Objects.requireNonNull(group, "group");
        this.listen = List.copyOf(listen);
        this.to = Objects.requireNonNull(to, "to");
        this.relay = Objects.requireNonNull(relay, "relay");
        if (this.listen.isEmpty()) {
            throw new IllegalArgumentException("a forwarder needs at least one address to listen on");
        }
    }

    /**
     * Binds every listen address; returns the bound addresses.
     *
     * @throws IllegalStateException naming the address that could not be bound (all are released then)
     */
    public List<InetSocketAddress> start() {
        List<InetSocketAddress> bound = new ArrayList<>();
        for (HostPort address : listen) {
            ChannelFuture bind = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new RelayInitializer("forward", () -> Optional.of(to), channels, relay))
                    .bind(address.host(), address.port())
                    .awaitUninterruptibly();
            if (!bind.isSuccess()) {
                close();
                throw new IllegalStateException("cannot listen on " + address + ": " + bind.cause().getMessage(),
                        bind.cause());
            }
            Channel server = bind.channel();
            channels.add(server);
            bound.add((InetSocketAddress) server.localAddress());
            log.info("event=forward_listening listen={} to={}", address, to);
        }
        return bound;
    }

    /** Closes the listeners and every forwarded connection. */
    @Override
    public void close() {
        channels.close().awaitUninterruptibly();
    }
}
