package io.debugproxy.proxy.admin;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;

import java.util.List;
import java.util.Optional;

/**
 * One element of {@code GET /routes} and {@code proxy routes --json}; addresses are
 * {@code host:port} text, absent values are null.
 *
 * @param listen   the route's own plain port, or null when it has no listener
 * @param clients  client certificate names allowed to debug the route; empty means any client of the CA
 * @param upstream how the target is dialed (plain TCP or mutual TLS), or null when the route's definition
 *                 is broken and nothing is dialed
 * @param note     how the target is reached when that is not plain (a forwarder, the Docker host), or null
 * @param warnings problems that did not stop the route but should be fixed; empty when there are none
 */
@JsonPropertyOrder({"name", "container", "target", "listen", "hosts", "http", "clients", "upstream", "status", "error",
        "note", "warnings"})
public record RouteView(String name, String container, String target, String listen, List<String> hosts,
                        String http, List<String> clients, UpstreamView upstream, String status, String error,
                        String note, List<String> warnings) {

    public RouteView {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        clients = clients == null ? List.of() : List.copyOf(clients);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public static RouteView of(RouteSpec route, Optional<HostPort> listen) {
        // "ok" promises a port the IDE can use; a usable route without one is not ok yet.
        boolean listening = listen.isPresent() || !route.usable();
        return new RouteView(route.name(), route.container(), text(route.target()),
                listen.map(HostPort::toString).orElse(null), route.hosts(), text(route.http()), route.clients(),
                upstream(route), listening ? route.status() : "error",
                listening ? route.error() : NO_PORT, route.note(), route.warnings());
    }

    /** The route as derived offline ({@code proxy explain}): no proxy runs, so no port and no port check. */
    public static RouteView derived(RouteSpec route) {
        return new RouteView(route.name(), route.container(), text(route.target()), null, route.hosts(),
                text(route.http()), route.clients(), upstream(route), route.status(), route.error(), route.note(),
                route.warnings());
    }

    static final String NO_PORT = "no local port is listening for this route (yet): its port is being bound,"
            + " is in use by another process, or the port range is full; the proxy log says which";

    private static String text(HostPort address) {
        return address == null ? null : address.toString();
    }

    // A broken route carries a placeholder upstream; showing {"tls": false} for it would state a fact nobody chose.
    private static UpstreamView upstream(RouteSpec route) {
        return route.usable() ? UpstreamView.of(route) : null;
    }
}
