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
 * @param offline          the containers come from given input ({@code proxy explain}), not from a running engine:
 *                         one that is absent is missing from the input rather than not running
 */
public record DiscoverySettings(String preferredNetwork, Set<String> proxyNetworks, String debugDomain,
                                boolean forwarders, RuleSyntax ruleSyntax, boolean offline) {

    public DiscoverySettings {
        preferredNetwork = preferredNetwork == null ? "" : preferredNetwork;
        proxyNetworks = Set.copyOf(proxyNetworks);
        Objects.requireNonNull(debugDomain, "debugDomain");
        Objects.requireNonNull(ruleSyntax, "ruleSyntax");
    }

    /** Settings for Traefik's default rule syntax, v3. */
    public DiscoverySettings(String preferredNetwork, Set<String> proxyNetworks, String debugDomain,
                             boolean forwarders) {
        this(preferredNetwork, proxyNetworks, debugDomain, forwarders, RuleSyntax.V3, false);
    }

    /** Settings from the configuration, for a running engine. */
    public DiscoverySettings(String preferredNetwork, Set<String> proxyNetworks, String debugDomain,
                             boolean forwarders, RuleSyntax ruleSyntax) {
        this(preferredNetwork, proxyNetworks, debugDomain, forwarders, ruleSyntax, false);
    }

    /** Settings without forwarders. */
    public DiscoverySettings(String preferredNetwork, Set<String> proxyNetworks, String debugDomain) {
        this(preferredNetwork, proxyNetworks, debugDomain, false);
    }

    /** The same settings for a Traefik whose {@code core.defaultRuleSyntax} is {@code syntax}. */
    public DiscoverySettings withRuleSyntax(RuleSyntax syntax) {
        return new DiscoverySettings(preferredNetwork, proxyNetworks, debugDomain, forwarders, syntax, offline);
    }

    /** The same settings for containers read from given input instead of a running engine. */
    public DiscoverySettings offlineInput() {
        return new DiscoverySettings(preferredNetwork, proxyNetworks, debugDomain, forwarders, ruleSyntax, true);
    }

    /** Settings from the configuration plus the networks discovery found the proxy on. */
    public static DiscoverySettings of(ProxyConfig config, Set<String> proxyNetworks) {
        return new DiscoverySettings(config.docker().network(), proxyNetworks, config.traefik().domain(),
                config.docker().forwarders(), config.traefik().ruleSyntax());
    }
}
