package io.debugproxy.proxy.relay;

import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.route.RouteTable;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.AttributeKey;

import java.util.ArrayList;
import java.util.List;

/**
 * Which route a relayed channel belongs to. A listener that serves many routes (the mux port,
 * the TLS listener) keeps all its sessions in one group; when a route leaves the table, the
 * sessions of that route are found by this mark and closed, as a per-route port closes its own.
 */
public final class RouteSessions {

    private static final AttributeKey<String> ROUTE = AttributeKey.valueOf(RouteSessions.class, "route");

    private RouteSessions() {
    }

    /** Marks {@code channel} (a client or upstream side) as relaying for {@code route}. */
    static void mark(Channel channel, String route) {
        channel.attr(ROUTE).set(route);
    }

    /** The route {@code channel} relays for, or null when it is not (yet) a relay session. */
    public static String routeOf(Channel channel) {
        return channel.attr(ROUTE).get();
    }

    /**
     * The client connections in {@code sessions} that relay for a route: accepted channels (an
     * upstream channel has no parent) with a route mark. Connections still sniffing, in their TLS
     * handshake or carrying plain HTTP requests are not debug sessions.
     */
    public static List<Channel> relayingClients(ChannelGroup sessions) {
        List<Channel> clients = new ArrayList<>();
        for (Channel channel : sessions) {
            if (channel.parent() != null && routeOf(channel) != null) {
                clients.add(channel);
            }
        }
        return clients;
    }

    /**
     * Closes every channel of {@code sessions} whose route is no longer usable in {@code table}.
     *
     * @return the routes whose sessions were closed, one entry per closed channel
     */
    public static List<String> closeRoutesGoneFrom(ChannelGroup sessions, RouteTable table) {
        List<String> closed = new ArrayList<>();
        for (Channel channel : sessions) {
            String route = routeOf(channel);
            if (route != null && table.route(route).filter(RouteSpec::usable).isEmpty()) {
                closed.add(route);
                channel.close();
            }
        }
        return closed;
    }
}
