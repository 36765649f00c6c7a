package io.debugproxy.proxy.route;

import io.debugproxy.config.route.RouteSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which route answers to each hostname of a table. One rule for the proxy's own SNI and Host
 * routing ({@link HostnameRoutes}) and for Traefik's file, so the two never disagree: among the
 * usable routes claiming a name, the first by route name wins; routes in error claim nothing.
 */
public final class HostClaims {

    private HostClaims() {
    }

    /** Each hostname of a usable route, lower case, with the route that answers to it. */
    public static Map<String, RouteSpec> owners(RouteTable table) {
        Map<String, RouteSpec> byHost = new HashMap<>();
        // Routes come sorted by name, so the first to claim a name keeps it.
        for (RouteSpec route : table.routes()) {
            if (route.usable()) {
                route.hosts().forEach(host -> byHost.putIfAbsent(host.toLowerCase(Locale.ROOT), route));
            }
        }
        return Map.copyOf(byHost);
    }

    /**
     * {@code table} where every usable route that shares a hostname with another one says so among
     * its warnings, naming the route that answers to it: the loser would otherwise simply never be
     * reached by that name, with nothing in {@code proxy routes} to tell why. Applying it twice adds
     * nothing.
     */
    public static RouteTable withConflictWarnings(RouteTable table) {
        Map<String, List<RouteSpec>> claimants = new LinkedHashMap<>();
        for (RouteSpec route : table.routes()) {
            if (route.usable()) {
                route.hosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).distinct().forEach(host ->
                        claimants.computeIfAbsent(host, h -> new ArrayList<>()).add(route));
            }
        }
        Map<String, List<String>> added = new HashMap<>();
        claimants.forEach((host, routes) -> {
            if (routes.size() < 2) {
                return;
            }
            String owner = routes.get(0).name();
            for (RouteSpec route : routes) {
                List<String> others = routes.stream().map(RouteSpec::name).filter(n -> !n.equals(route.name())).toList();
                added.computeIfAbsent(route.name(), n -> new ArrayList<>()).add("host " + host + " is also claimed by "
                        + (others.size() == 1 ? "route " : "routes ") + String.join(", ", others) + "; " + owner
                        + " answers to it (a hostname should name one route)");
            }
        });
        if (added.isEmpty()) {
            return table;
        }
        List<RouteSpec> out = new ArrayList<>();
        for (RouteSpec route : table.routes()) {
            List<String> mine = added.getOrDefault(route.name(), List.of());
            List<String> warnings = new ArrayList<>(route.warnings());
            mine.stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
            out.add(warnings.size() == route.warnings().size() ? route : route.withWarnings(warnings));
        }
        return RouteTable.of(out);
    }
}
