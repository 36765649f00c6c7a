package io.debugproxy.proxy.route;

import io.debugproxy.config.route.RouteSpec;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which usable route answers to a host name in the current route table, for HTTP host routing and
 * for SNI. Routes in error never answer. Names match in any case but otherwise exactly: a caller
 * holding a {@code Host} header takes its port and trailing dot off first. The index is rebuilt
 * once per published table; when two routes claim a name, {@link HostClaims} decides.
 * Thread-safe.
 */
public final class HostnameRoutes {

    private record Index(RouteTable table, Map<String, RouteSpec> byHost) {
    }

    private final RouteTablePublisher routes;
    private volatile Index index = new Index(null, Map.of());

    public HostnameRoutes(RouteTablePublisher routes) {
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    /** The usable route answering to {@code hostname} (any case, no port); empty for null. */
    public Optional<RouteSpec> route(String hostname) {
        if (hostname == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(current().byHost().get(hostname.toLowerCase(Locale.ROOT)));
    }

    /** Whether some usable route answers to {@code hostname}: the names the proxy may get certificates for. */
    public boolean serves(String hostname) {
        return route(hostname).isPresent();
    }

    private Index current() {
        RouteTable table = routes.current();
        Index known = index;
        if (known.table() == table) {
            return known;
        }
        // Racing threads may each rebuild the same index; both results are equal, so the last write is fine.
        Index rebuilt = new Index(table, HostClaims.owners(table));
        index = rebuilt;
        return rebuilt;
    }
}
