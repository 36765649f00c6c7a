package io.debugproxy.proxy.upstream;

import io.debugproxy.config.route.HostPort;
import io.netty.channel.Channel;

/**
 * What an upstream channel needs in front of the relay, set up when it is created: nothing for
 * plain TCP (Delve), a TLS client handler for a TLS upstream. Called on the channel's event loop,
 * before it connects.
 */
@FunctionalInterface
public interface UpstreamPipeline {

    /** Plain TCP: the relay handler alone. */
    UpstreamPipeline PLAIN = (upstream, target) -> { };

    /** Adds handlers to {@code upstream}'s pipeline; the relay handler is added after them. */
    void prepare(Channel upstream, HostPort target);
}
