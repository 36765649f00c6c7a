package io.debugproxy.config.discovery;

import io.debugproxy.config.ProxyConfig;

import java.util.Objects;
import java.util.Set;

/**
 * What the label rules need to know about the proxy itself.
 *
 * @param preferredNetwork network whose IP is dialed when the container has no {@code traefik.docker.network}; empty for none
 * @param proxyNetworks    networks the proxy's own container is attached to (empty when it runs on the host)
 * @param debugDomain      a route's default hostname is {@code <route>.<debugDomain>}
 * @param forwarders       whether a Delve listening on loopback inside its container is reached through a
 *                         forwarder container ({@code docker.forwarders}) instead of being an error
 */
public record DiscoverySettings(String preferredNetwork, Set<String> proxyNetworks, String debugDomain,
                                boolean forwarders) {

    public DiscoverySettings {
        preferredNetwork = preferredNetwork == null ? "" : preferredNetwork;
        proxyNetworks = Set.copyOf(proxyNetworks);
        Objects.requireNonNull(debugDomain, "debugDomain");
    }

    /** Settings without forwarders. */
    public DiscoverySettings(String preferredNetwork, Set<String> proxyNetworks, String debugDomain) {
        this(preferredNetwork, proxyNetworks, debugDomain, false);
    }

    /** Settings from the configuration plus the networks discovery found the proxy on. */
    public static DiscoverySettings of(ProxyConfig config, Set<String> proxyNetworks) {
        return new DiscoverySettings(config.docker().network(), proxyNetworks, config.traefik().domain(),
                config.docker().forwarders());
    }
}
