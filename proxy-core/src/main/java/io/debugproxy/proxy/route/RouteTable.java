package io.debugproxy.proxy.route;

import io.debugproxy.config.route.RouteSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of every known route, keyed by route name. Discovery builds a new
 * table on each change and publishes it whole; nothing mutates a live table.
 */
public final class RouteTable {

    private static final RouteTable EMPTY = new RouteTable(List.of());

    private final Map<String, RouteSpec> byName;

    private RouteTable(List<RouteSpec> routes) {
        Map<String, RouteSpec> map = new LinkedHashMap<>();
        routes.stream()
                .sorted(java.util.Comparator.comparing(RouteSpec::name))
                .forEach(r -> {
                    if (map.putIfAbsent(r.name(), r) != null) {
                        throw new IllegalArgumentException("duplicate route name: " + r.name());
                    }
                });
        this.byName = Collections.unmodifiableMap(map);
    }

    public static RouteTable empty() {
        return EMPTY;
    }

    /** A table of these routes, sorted by name; names must be unique. */
    public static RouteTable of(List<RouteSpec> routes) {
        return new RouteTable(routes);
    }

    public Optional<RouteSpec> route(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** All routes, sorted by name. */
    public List<RouteSpec> routes() {
        return List.copyOf(byName.values());
    }

    public int size() {
        return byName.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteTable other && other.byName.equals(byName);
    }

    @Override
    public int hashCode() {
        return byName.hashCode();
    }

    @Override
    public String toString() {
        return "RouteTable" + byName.keySet();
    }
}
