package io.debugproxy.proxy.relay;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.upstream.UpstreamPipeline;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns an accepted client connection into a relay session of one route.
 *
 * <pre>
 *  while dialing:   client channel: [dial-upstream]        (not reading)
 *  once connected:  client channel: [relay] ──writes──► upstream channel
 *                   upstream channel: [relay] ──writes──► client channel
 * </pre>
 *
 * The client channel does not read until the upstream is connected; both channels (client and
 * upstream) join {@code sessions} so their owner can close every session of the route at once.
 */
public final class RelayInitializer extends ChannelInitializer<SocketChannel> {

    private final String route;
    private final Supplier<Optional<HostPort>> target;
    private final UpstreamPipeline upstreamPipeline;
    private final ChannelGroup sessions;
    private final RelaySettings settings;

    /**
     * @param route    route name, for logs
     * @param target   evaluated once per connection, when the client arrives; empty when the
     *                 route has no usable target at that moment
     * @param sessions receives the client and upstream channel of every session
     */
    public RelayInitializer(String route, Supplier<Optional<HostPort>> target, ChannelGroup sessions,
                            RelaySettings settings) {
        this(route, target, UpstreamPipeline.PLAIN, sessions, settings);
    }

    /** As above, with {@code upstreamPipeline} set up on every upstream channel (e.g. mutual TLS). */
    public RelayInitializer(String route, Supplier<Optional<HostPort>> target, UpstreamPipeline upstreamPipeline,
                            ChannelGroup sessions, RelaySettings settings) {
        this.route = Objects.requireNonNull(route, "route");
        this.target = Objects.requireNonNull(target, "target");
        this.upstreamPipeline = Objects.requireNonNull(upstreamPipeline, "upstreamPipeline");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void initChannel(SocketChannel client) {
        configure(client.config(), settings);
        sessions.add(client);
        client.pipeline().addLast("dial-upstream", new DialUpstreamHandler(route, target, upstreamPipeline, sessions, settings));
    }

    /** Both sides of a relay: no read until told, half-close passed through, bounded write queue. */
    static void configure(ChannelConfig config, RelaySettings settings) {
        config.setAutoRead(false);
        config.setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        config.setWriteBufferWaterMark(settings.waterMark());
    }
}
