package io.debugproxy.proxy.listen;

import io.debugproxy.config.route.HostPort;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import java.util.ArrayList;
import java.util.List;

/** One route's open server channel and the sessions (client and upstream channels) it accepted. */
record RouteListener(String route, HostPort address, Channel serverChannel, ChannelGroup sessions) {

    /** Open debug sessions: client connections, each of which has (or is dialing) one upstream channel too. */
    List<Channel> openSessions() {
        List<Channel> clients = new ArrayList<>();
        for (Channel channel : sessions) {
            if (channel.parent() == serverChannel) {
                clients.add(channel);
            }
        }
        return clients;
    }

    /** Stops accepting, then closes every session; returns when all are closed. */
    void close() {
        serverChannel.close().awaitUninterruptibly();
        sessions.close().awaitUninterruptibly();
    }
}
