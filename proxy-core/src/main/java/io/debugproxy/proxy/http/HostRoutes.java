package io.debugproxy.proxy.http;

import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which usable route answers to a host name in the current route table: the name of a
 * {@code Host} header or a {@code CONNECT} authority, the port ignored, any case. The index is
 * rebuilt once per published table; when two routes claim a name, the first by route name wins.
 * Thread-safe.
 */
public final class HostRoutes {

    private record Index(RouteTable table, Map<String, RouteSpec> byHost) {
    }

    private final RouteTablePublisher routes;
    private volatile Index index = new Index(null, Map.of());

    public HostRoutes(RouteTablePublisher routes) {
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    /** The usable route answering to the host of {@code hostAndPort} ({@code name}, {@code name:port}, {@code [v6]:port}). */
    public Optional<RouteSpec> route(String hostAndPort) {
        HostHeader host = HostHeader.parse(hostAndPort);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(current().byHost().get(host.name()));
    }

    private Index current() {
        RouteTable table = routes.current();
        Index known = index;
        if (known.table() == table) {
            return known;
        }
        Map<String, RouteSpec> byHost = new HashMap<>();
        for (RouteSpec route : table.routes()) {
            if (route.usable()) {
                route.hosts().forEach(h -> byHost.putIfAbsent(h.toLowerCase(Locale.ROOT), route));
            }
        }
        Index rebuilt = new Index(table, Map.copyOf(byHost));
        index = rebuilt;
        return rebuilt;
    }
}
