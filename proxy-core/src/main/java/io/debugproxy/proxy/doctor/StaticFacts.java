package io.debugproxy.proxy.doctor;

import io.debugproxy.config.route.HostPort;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What doctor learned about one static route (a route of the configuration, not of a container),
 * the input of {@link StaticChecks}. Learned without connecting to Delve.
 *
 * @param name            route name
 * @param configured      Delve's address as the configuration writes it, or null when only the running
 *                        proxy's table was read
 * @param dialed          the address the proxy dials (after the host gateway rewrite), or null when the
 *                        route is in error
 * @param note            how it is dialed when that is not plain, or null
 * @param error           why the running proxy has the route in error, or null
 * @param tls             dialed with mutual TLS
 * @param resolved        for a host name: what it resolves to where the proxy runs (empty list: it does
 *                        not resolve); empty when it was not looked up
 * @param network         the Docker network whose subnet holds the dialed address, or null
 * @param proxyExtraHosts {@code HostConfig.ExtraHosts} of the proxy's container (empty outside one)
 */
public record StaticFacts(String name, HostPort configured, HostPort dialed, String note, String error, boolean tls,
                          Optional<List<String>> resolved, String network, List<String> proxyExtraHosts) {

    public StaticFacts {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resolved, "resolved");
        resolved = resolved.map(List::copyOf);
        proxyExtraHosts = List.copyOf(proxyExtraHosts);
    }

    /** The address the route is about: what the proxy dials, else what the configuration says. */
    public HostPort address() {
        return dialed != null ? dialed : configured;
    }
}
