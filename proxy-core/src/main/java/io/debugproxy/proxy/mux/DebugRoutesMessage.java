package io.debugproxy.proxy.mux;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.config.route.RouteSpec;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The sentence a debug client gets when the multiplexed port cannot pick a route for it: why, and
 * which port to use instead for each route.
 */
final class DebugRoutesMessage {

    private DebugRoutesMessage() {
    }

    /**
     * @param usable     the usable routes of the current table (not exactly one)
     * @param routePorts a route's own plain port by route name
     */
    static String text(List<RouteSpec> usable, Function<String, Optional<HostPort>> routePorts) {
        if (usable.isEmpty()) {
            return "debugproxy: no debug route is available, so this connection cannot reach a Delve server;"
                    + " `proxy routes` shows what discovery found and why a route is missing or in error.";
        }
        StringBuilder text = new StringBuilder("debugproxy: ")
                .append(usable.size())
                .append(" debug routes are available, so this port cannot tell which one you mean;")
                .append(" connect to the route's own port instead:");
        String separator = " ";
        for (RouteSpec route : usable) {
            text.append(separator).append(route.name()).append(" at ")
                    .append(routePorts.apply(route.name()).map(HostPort::toString).orElse("(no port yet)"));
            separator = ", ";
        }
        text.append(" (or send HTTP CONNECT <route host>:2345 to this port");
        // Any port does: the tunnel goes to the route's Delve whatever the client names.
        usable.stream().flatMap(route -> route.hosts().stream()).findFirst()
                .ifPresent(host -> text.append(", e.g. CONNECT ").append(host).append(":2345"));
        return text.append(").").toString();
    }
}
