package io.debugproxy.config.traefik;

import java.util.Objects;

/**
 * The static options of Traefik that change what its Docker provider builds from labels.
 *
 * @param exposedByDefault containers without {@code traefik.enable} are exposed (Traefik's default: true)
 * @param defaultRule      Go template of the rule given to a router without one (Traefik's default:
 *                         {@value #DEFAULT_RULE})
 * @param network          {@code providers.docker.network}: network used when a container has no
 *                         {@code traefik.docker.network} label; empty for none
 * @param hostAddress      the address Traefik dials for containers in {@code host} network mode. Traefik
 *                         resolves {@code host.docker.internal}, then {@code host.containers.internal}, and
 *                         falls back to 127.0.0.1; offline, that lookup cannot be made, so it is a setting
 * @param ruleSyntax       {@code core.defaultRuleSyntax}: how Traefik reads the rule of a router without a
 *                         {@code ruleSyntax} label (Traefik v3's default: v3)
 */
public record DockerProviderSettings(boolean exposedByDefault, String defaultRule, String network, String hostAddress,
                                     RuleSyntax ruleSyntax) {

    /** Traefik's default rule: the normalised service name as the only host. */
    public static final String DEFAULT_RULE = "Host(`{{ normalize .Name }}`)";

    public DockerProviderSettings {
        Objects.requireNonNull(defaultRule, "defaultRule");
        network = network == null ? "" : network;
        Objects.requireNonNull(hostAddress, "hostAddress");
        Objects.requireNonNull(ruleSyntax, "ruleSyntax");
    }

    /** Traefik's own defaults. */
    public static DockerProviderSettings defaults() {
        return new DockerProviderSettings(true, DEFAULT_RULE, "", "127.0.0.1", RuleSyntax.V3);
    }

    public DockerProviderSettings withExposedByDefault(boolean value) {
        return new DockerProviderSettings(value, defaultRule, network, hostAddress, ruleSyntax);
    }

    public DockerProviderSettings withDefaultRule(String value) {
        return new DockerProviderSettings(exposedByDefault, value, network, hostAddress, ruleSyntax);
    }

    public DockerProviderSettings withNetwork(String value) {
        return new DockerProviderSettings(exposedByDefault, defaultRule, value, hostAddress, ruleSyntax);
    }

    public DockerProviderSettings withHostAddress(String value) {
        return new DockerProviderSettings(exposedByDefault, defaultRule, network, value, ruleSyntax);
    }

    public DockerProviderSettings withRuleSyntax(RuleSyntax value) {
        return new DockerProviderSettings(exposedByDefault, defaultRule, network, hostAddress, value);
    }
}
