package io.debugproxy.proxy.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.debugproxy.config.route.RouteSpec;

/**
 * How a route's target is dialed, as {@code /routes} shows it: {@code {"tls": false}}, or
 * {@code {"tls": true, "serverName": "..."}}.
 *
 * @param tls        the target is dialed with mutual TLS (the proxy's own client certificate)
 * @param serverName the name sent as SNI and verified in the target's certificate: the one configured,
 *                   else the route's first hostname; absent for plain TCP, where nothing is verified
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamView(boolean tls, String serverName) {

    static UpstreamView of(RouteSpec route) {
        // The effective name, not only an explicit one: it is what a failed handshake has to be compared with.
        return new UpstreamView(route.upstream().tls(), route.upstream().serverNameFor(route.hosts()).orElse(null));
    }
}
