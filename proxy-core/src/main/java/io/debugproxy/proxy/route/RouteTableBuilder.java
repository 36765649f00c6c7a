package io.debugproxy.proxy.route;

import io.debugproxy.config.StaticRoute;
import io.debugproxy.config.discovery.ContainerInfo;
import io.debugproxy.config.discovery.ContainerRouteRules;
import io.debugproxy.config.discovery.DiscoveredRoute;
import io.debugproxy.config.discovery.RouteNaming;
import io.debugproxy.config.route.RouteSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds a whole new {@link RouteTable} from the static routes of the configuration and the
 * containers discovery currently sees. Pure: the same inputs give the same table.
 */
public final class RouteTableBuilder {

    private final List<StaticRoute> staticRoutes;
    private final String debugDomain;
    private final RouteNaming naming;

    public RouteTableBuilder(List<StaticRoute> staticRoutes, String debugDomain) {
        this.staticRoutes = List.copyOf(staticRoutes);
        this.debugDomain = debugDomain;
        this.naming = new RouteNaming(debugDomain);
    }

    /**
     * The table for these containers; {@code rules} carries the network context of the proxy. A
     * container in network mode {@code container:<id>} is dialed through the one among
     * {@code containers} whose network namespace it shares.
     */
    public RouteTable build(Collection<ContainerInfo> containers, ContainerRouteRules rules) {
        return build(containers, rules, RouteTable.empty());
    }

    /**
     * As above, replacing {@code previous}: a container's route keeps the name it has there (and
     * with it its port) when a newcomer would claim the same name; see {@link RouteNaming}.
     */
    public RouteTable build(Collection<ContainerInfo> containers, ContainerRouteRules rules, RouteTable previous) {
        return build(containers, rules, previous, Map.of());
    }

    /**
     * As above; {@code remembered} maps a container name to the route name it had before the proxy
     * restarted, which it gets back unless a route holding that name now keeps it.
     */
    public RouteTable build(Collection<ContainerInfo> containers, ContainerRouteRules rules, RouteTable previous,
                            Map<String, String> remembered) {
        Map<String, String> held = new HashMap<>();
        for (RouteSpec route : previous.routes()) {
            if (route.containerId() != null) {
                held.putIfAbsent(route.containerId(), route.name());
            }
        }
        List<RouteSpec> routes = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (StaticRoute route : staticRoutes) {
            routes.add(route.toRouteSpec(debugDomain));
            taken.add(route.name());
        }
        Function<String, Optional<ContainerInfo>> lookup = lookupIn(containers);
        List<DiscoveredRoute> discovered = rules.applyAll(containers, lookup);
        for (RouteSpec route : naming.assign(discovered, new RouteNaming.Holds(held, remembered))) {
            // A static route owns its name: the config file is the user's explicit word.
            RouteSpec unique = taken.contains(route.name()) ? route.withName(freeName(route, taken)) : route;
            taken.add(unique.name());
            routes.add(unique);
        }
        return RouteTable.of(routes);
    }

    /** Docker names the other container of {@code container:<ref>} by full id, but users may write a name. */
    private static Function<String, Optional<ContainerInfo>> lookupIn(Collection<ContainerInfo> containers) {
        return ref -> containers.stream().filter(c -> c.id().equals(ref)).findFirst()
                .or(() -> containers.stream().filter(c -> c.name().equals(ref)).findFirst())
                .or(() -> containers.stream().filter(c -> c.id().startsWith(ref)).findFirst());
    }

    private static String freeName(RouteSpec route, Set<String> taken) {
        String candidate = route.container() == null ? route.name() + "-2" : route.container().toLowerCase();
        int n = 2;
        String name = candidate;
        while (taken.contains(name)) {
            name = candidate + "-" + n++;
        }
        return name;
    }
}
