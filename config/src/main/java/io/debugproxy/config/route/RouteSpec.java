package io.debugproxy.config.route;

import java.util.List;
import java.util.Objects;

/**
 * One debug route as discovery or static configuration defines it: where Delve is, which
 * hostnames name it, and, when the definition is broken, why. Immutable.
 *
 * @param name        route name, unique in a table (e.g. the compose service name)
 * @param container   container name the route came from, or null for a static route
 * @param containerId container id, or null for a static route
 * @param target      address dialed for Delve, or null when the route is in error
 * @param hosts       hostnames the route answers to (SNI / Host), lower case
 * @param http        HTTP backend of the same service, or null
 * @param clients     client certificate names allowed to debug it (empty: any client of the CA)
 * @param error       why the route cannot be used, or null when it is usable
 */
public record RouteSpec(
        String name,
        String container,
        String containerId,
        HostPort target,
        List<String> hosts,
        HostPort http,
        List<String> clients,
        String error) {

    public RouteSpec {
        Objects.requireNonNull(name, "name");
        hosts = List.copyOf(hosts);
        clients = List.copyOf(clients);
        if (target == null && error == null) {
            throw new IllegalArgumentException("route " + name + " has neither a target nor an error");
        }
    }

    /** A usable route. */
    public static RouteSpec ok(String name, String container, String containerId, HostPort target,
                               List<String> hosts, HostPort http, List<String> clients) {
        return new RouteSpec(name, container, containerId, target, hosts, http, clients, null);
    }

    /** A route whose definition is broken; shown with its reason, never dialed. */
    public static RouteSpec failed(String name, String container, String containerId, String error) {
        return new RouteSpec(name, container, containerId, null, List.of(), null, List.of(), error);
    }

    public boolean usable() {
        return error == null;
    }

    /** {@code ok} or {@code error}, as printed by {@code proxy routes}. */
    public String status() {
        return error == null ? "ok" : "error";
    }

    public RouteSpec withName(String newName) {
        return new RouteSpec(newName, container, containerId, target, hosts, http, clients, error);
    }
}
