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
 * @param upstream    how the target is dialed: plain TCP, or mutual TLS re-originated by the proxy
 * @param error       why the route cannot be used, or null when it is usable
 * @param note        how the target is reached when that is not obvious from {@code target} (through a
 *                    forwarder, through the Docker host's gateway), for people reading the table; or null
 * @param warnings    problems that did not stop the route but that its owner should fix (a
 *                    {@code traefik.docker.network} naming a network the container is not on, ...); in order
 * @param appHosts    those of {@code hosts} learned from the service's own Traefik routers (HTTP Host, TCP
 *                    HostSNI) rather than given for debugging: the proxy answers to them too, but in Traefik they belong to the
 *                    service, so the proxy never claims them there (see {@link #debugHosts()})
 */
public record RouteSpec(
        String name,
        String container,
        String containerId,
        HostPort target,
        List<String> hosts,
        HostPort http,
        List<String> clients,
        Upstream upstream,
        String error,
        String note,
        List<String> warnings,
        List<String> appHosts) {

    public RouteSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(upstream, "upstream");
        hosts = List.copyOf(hosts);
        clients = List.copyOf(clients);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        appHosts = appHosts == null ? List.of() : List.copyOf(appHosts);
        if (!hosts.containsAll(appHosts)) {
            throw new IllegalArgumentException("route " + name + ": app hosts " + appHosts + " are not all among its"
                    + " hosts " + hosts);
        }
        if (target == null && error == null) {
            throw new IllegalArgumentException("route " + name + " has neither a target nor an error");
        }
    }

    /** A usable route dialed over plain TCP ({@link #withUpstream} changes that). */
    public static RouteSpec ok(String name, String container, String containerId, HostPort target,
                               List<String> hosts, HostPort http, List<String> clients) {
        return new RouteSpec(name, container, containerId, target, hosts, http, clients, Upstream.PLAIN, null, null,
                List.of(), List.of());
    }

    /** A route whose definition is broken; shown with its reason, never dialed. */
    public static RouteSpec failed(String name, String container, String containerId, String error) {
        return new RouteSpec(name, container, containerId, null, List.of(), null, List.of(), Upstream.PLAIN, error, null,
                List.of(), List.of());
    }

    public boolean usable() {
        return error == null;
    }

    /** {@code ok} or {@code error}, as printed by {@code proxy routes}. */
    public String status() {
        return error == null ? "ok" : "error";
    }

    public RouteSpec withName(String newName) {
        return new RouteSpec(newName, container, containerId, target, hosts, http, clients, upstream, error, note,
                warnings, appHosts);
    }

    public RouteSpec withUpstream(Upstream newUpstream) {
        return new RouteSpec(name, container, containerId, target, hosts, http, clients, newUpstream, error, note,
                warnings, appHosts);
    }

    /** The same route dialing {@code newTarget}, with a note saying why (e.g. "through the Docker host"). */
    public RouteSpec withTarget(HostPort newTarget, String newNote) {
        return new RouteSpec(name, container, containerId, newTarget, hosts, http, clients, upstream, error, newNote,
                warnings, appHosts);
    }

    public RouteSpec withNote(String newNote) {
        return new RouteSpec(name, container, containerId, target, hosts, http, clients, upstream, error, newNote,
                warnings, appHosts);
    }

    /** The same route with these warnings instead of its own. */
    public RouteSpec withWarnings(List<String> newWarnings) {
        return new RouteSpec(name, container, containerId, target, hosts, http, clients, upstream, error, note,
                newWarnings, appHosts);
    }

    /**
     * The same route where {@code newAppHosts}, those of its hosts that the service's own Traefik routers
     * name, are marked as such; names it does not answer to are ignored.
     */
    public RouteSpec withAppHosts(List<String> newAppHosts) {
        List<String> known = newAppHosts.stream().filter(hosts::contains).distinct().toList();
        return new RouteSpec(name, container, containerId, target, hosts, http, clients, upstream, error, note,
                warnings, known);
    }

    /**
     * The hostnames given for debugging: {@code <route>.<traefik.domain>} and the ones named by
     * {@code debugproxy.hosts} or a static route's {@code hosts}. Only these go into Traefik's file:
     * a TCP router with TLS passthrough for a name the service's own HTTP router serves would take
     * the service's HTTPS away from it, since Traefik matches TCP routers first.
     */
    public List<String> debugHosts() {
        return appHosts.isEmpty() ? hosts : hosts.stream().filter(h -> !appHosts.contains(h)).toList();
    }
}
