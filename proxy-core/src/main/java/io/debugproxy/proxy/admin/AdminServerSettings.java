package io.debugproxy.proxy.admin;

import io.debugproxy.config.route.HostPort;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.util.Objects;

/**
 * Where the admin API listens.
 *
 * @param address       bind address; its host is also accepted in the {@code Host} header
 * @param serverChannel server channel class matching the event loop group's transport
 */
public record AdminServerSettings(HostPort address, Class<? extends ServerChannel> serverChannel) {

    public static final HostPort DEFAULT_ADDRESS = new HostPort("127.0.0.1", 9180);

    public AdminServerSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(serverChannel, "serverChannel");
    }

    /** 127.0.0.1:9180, NIO transport. */
    public static AdminServerSettings defaults() {
        return new AdminServerSettings(DEFAULT_ADDRESS, NioServerSocketChannel.class);
    }

    public AdminServerSettings withAddress(HostPort bind) {
        return new AdminServerSettings(bind, serverChannel);
    }

    public AdminServerSettings withServerChannel(Class<? extends ServerChannel> channelClass) {
        return new AdminServerSettings(address, channelClass);
    }
}
