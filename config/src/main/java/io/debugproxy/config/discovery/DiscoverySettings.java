package io.debugproxy.config.discovery;

import io.debugproxy.config.ProxyConfig;
import io.debugproxy.config.traefik.RuleSyntax;

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
 * @param ruleSyntax       how Traefik reads a rule without a {@code ruleSyntax} label (its {@code core.defaultRuleSyntax})
 */
public record DiscoverySettings(String preferredNetwork, Set<String> proxyNetworks, String debugDomain,
                                boolean forwarders, RuleSyntax ruleSyntax) {

    public DiscoverySettings {
        preferredNetwork = preferredNetwork == null ? "" : preferredNetwork;
        proxyNetworks = Set.copyOf(proxyNetworks);
        Objects.requireNonNull(debugDomain, "debugDomain");
        Objects.requireNonNull(ruleSyntax, "ruleSyntax");
    }

    /** Settings for Traefik's default rule syntax, v3. */
    public DiscoverySettings(String preferredNetwork, Set<String> proxyNetworks, String debugDomain,
                             boolean forwarders) {
        this(preferredNetwork, proxyNetworks, debugDomain, forwarders, RuleSyntax.V3);
    }

    /** Settings without forwarders. */
    public DiscoverySettings(String preferredNetwork, Set<String> proxyNetworks, String debugDomain) {
        this(preferredNetwork, proxyNetworks, debugDomain, false);
    }

    /** The same settings for a Traefik whose {@code core.defaultRuleSyntax} is {@code syntax}. */
    public DiscoverySettings withRuleSyntax(RuleSyntax syntax) {
        return new DiscoverySettings(preferredNetwork, proxyNetworks, debugDomain, forwarders, syntax);
    }

    /** Settings from the configuration plus the networks discovery found the proxy on. */
    public static DiscoverySettings of(ProxyConfig config, Set<String> proxyNetworks) {
        return new DiscoverySettings(config.docker().network(), proxyNetworks, config.traefik().domain(),
                config.docker().forwarders(), config.traefik().ruleSyntax());
    }
}
