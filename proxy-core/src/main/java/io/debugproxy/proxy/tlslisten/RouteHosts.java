package io.debugproxy.proxy.tlslisten;

import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.proxy.route.RouteTable;
import io.debugproxy.proxy.route.RouteTablePublisher;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which usable route answers to a hostname (SNI), in the current route table. The index is rebuilt
 * once per published table; when two routes claim a name, the first by route name wins.
 * Thread-safe.
 */
public final class RouteHosts {

    private record Index(RouteTable table, Map<String, RouteSpec> byHost) {
    }

    private final RouteTablePublisher routes;
    private volatile Index index = new Index(null, Map.of());

    public RouteHosts(RouteTablePublisher routes) {
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    /** The usable route answering to {@code host} (any case), if any. */
    public Optional<RouteSpec> route(String host) {
        if (host == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(current().byHost().get(host.toLowerCase(Locale.ROOT)));
    }

    /** Whether some usable route answers to {@code host}: the names the proxy may get certificates for. */
    public boolean serves(String host) {
        return route(host).isPresent();
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
                route.hosts().forEach(host -> byHost.putIfAbsent(host.toLowerCase(Locale.ROOT), route));
            }
        }
        Index rebuilt = new Index(table, Map.copyOf(byHost));
        index = rebuilt;
        return rebuilt;
    }
}
