package io.debugproxy.proxy.doctor;

import java.util.Set;

/**
 * What the target checks need to know beyond the target itself.
 *
 * @param proxyContainer   name of the container the proxy runs in, or null when it runs on the Docker host
 * @param proxyNetworks    networks of that container (empty on the host)
 * @param engineNetworks   every network the engine has, to tell a missing compose prefix from a typo
 * @param forwarders       {@code docker.forwarders}: loopback-bound Delve is forwarded by the proxy
 * @param linuxEngine      the engine runs Linux containers natively (not Docker Desktop), where
 *                         {@code host.docker.internal} only exists when a container asks for it
 * @param preferredNetwork {@code docker.network}, or empty
 * @param runningProxy     admin address of the running proxy whose live routes the checks use, or
 *                         null when they use a configuration
 * @param forwarderProblem why the proxy cannot make forwarders although they are on (no image), or null
 */
public record DoctorContext(String proxyContainer, Set<String> proxyNetworks, Set<String> engineNetworks,
                            boolean forwarders, boolean linuxEngine, String preferredNetwork, String runningProxy,
                            String forwarderProblem) {

    public DoctorContext {
        proxyNetworks = Set.copyOf(proxyNetworks);
        engineNetworks = Set.copyOf(engineNetworks);
        preferredNetwork = preferredNetwork == null ? "" : preferredNetwork;
    }

    /** Checks against a configuration, without a preferred network. */
    public DoctorContext(String proxyContainer, Set<String> proxyNetworks, Set<String> engineNetworks,
                         boolean forwarders, boolean linuxEngine) {
        this(proxyContainer, proxyNetworks, engineNetworks, forwarders, linuxEngine, "", null, null);
    }

    public boolean proxyInContainer() {
        return proxyContainer != null;
    }

    /** True when the routes checked are those of a running proxy. */
    public boolean live() {
        return runningProxy != null;
    }
}
