package io.debugproxy.config;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.Hostnames;
import io.debugproxy.config.route.RouteNames;
import io.debugproxy.config.route.RouteSpec;
import io.debugproxy.config.route.Upstream;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A route written in the config file rather than discovered.
 *
 * @param name     route name, {@code [a-z0-9][a-z0-9-_.]*}
 * @param delve    where Delve listens (or, with a TLS upstream, the TLS listener that leads to it)
 * @param hosts    extra hostnames, lower case (the default {@code <name>.<domain>} is added by {@link #toRouteSpec})
 * @param http     HTTP backend of the same service, or null for none
 * @param clients  client certificate names allowed to debug it (empty: any client of the CA)
 * @param upstream how {@code delve} is dialed: plain TCP, or mutual TLS (e.g. another debugproxy's TLS listener)
 */
public record StaticRoute(String name, HostPort delve, List<String> hosts, HostPort http, List<String> clients,
                          Upstream upstream) {

    public StaticRoute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(delve, "delve");
        Objects.requireNonNull(upstream, "upstream");
        if (!RouteNames.isValid(name)) {
            throw new IllegalArgumentException("invalid route name '" + name + "'");
        }
        requireDialable(delve);
        if (http != null) {
            requireDialable(http);
        }
        hosts = hosts.stream().map(Hostnames::normalize).toList();
        clients = List.copyOf(clients);
    }

    /** A route whose Delve is dialed over plain TCP. */
    public StaticRoute(String name, HostPort delve, List<String> hosts, HostPort http, List<String> clients) {
        this(name, delve, hosts, http, clients, Upstream.PLAIN);
    }

    /**
     * Checks that an address can be dialed: a host and a non-zero port.
     *
     * @throws IllegalArgumentException when it cannot
     */
    static void requireDialable(HostPort address) {
        if (address.host().isEmpty()) {
            throw new IllegalArgumentException("'" + address + "' has no host to dial");
        }
        if (address.port() == 0) {
            throw new IllegalArgumentException("'" + address + "' has port 0, which cannot be dialed");
        }
    }

    /** The route this definition produces, answering to {@code <name>.<debugDomain>} and {@link #hosts}. */
    public RouteSpec toRouteSpec(String debugDomain) {
        Set<String> all = new LinkedHashSet<>();
        RouteNames.defaultHost(name, debugDomain).ifPresent(all::add);
        all.addAll(hosts);
        return RouteSpec.ok(name, null, null, delve, List.copyOf(all), http, clients).withUpstream(upstream);
    }
}
