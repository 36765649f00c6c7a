package io.debugproxy.proxy.listen;

import io.debugproxy.proxy.relay.RelaySettings;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.util.Objects;

/**
 * How route listeners bind and relay.
 *
 * @param bindAddress   address every route port binds to; loopback unless deliberately widened
 * @param serverChannel server channel class matching the event loop group's transport
 * @param relay         relay tuning for the sessions accepted
 */
public record RouteListenerSettings(String bindAddress, Class<? extends ServerChannel> serverChannel,
                                    RelaySettings relay) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    public RouteListenerSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(serverChannel, "serverChannel");
        Objects.requireNonNull(relay, "relay");
    }

    /** 127.0.0.1, NIO transport, default relay settings. */
    public static RouteListenerSettings defaults() {
        return new RouteListenerSettings(DEFAULT_BIND_ADDRESS, NioServerSocketChannel.class, RelaySettings.defaults());
    }

    public RouteListenerSettings withBindAddress(String address) {
        return new RouteListenerSettings(address, serverChannel, relay);
    }

    public RouteListenerSettings withServerChannel(Class<? extends ServerChannel> channelClass) {
        return new RouteListenerSettings(bindAddress, channelClass, relay);
    }

    public RouteListenerSettings withRelay(RelaySettings relaySettings) {
        return new RouteListenerSettings(bindAddress, serverChannel, relaySettings);
    }
}
