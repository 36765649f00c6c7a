package io.debugproxy.proxy.sniff;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;

/**
 * Chooses what serves a connection once its protocol is known. The handler returned (usually a
 * {@link io.netty.channel.ChannelInitializer}) is added where the {@link SniffHandler} was, and
 * receives the bytes the sniffer read, unchanged, as its first read.
 */
@FunctionalInterface
public interface ProtocolHandoff {

    /** Called once per connection, on its event loop. */
    ChannelHandler pipelineFor(Protocol protocol, Channel channel);
}
