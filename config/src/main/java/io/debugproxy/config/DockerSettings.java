package io.debugproxy.config;

import java.util.Objects;

/**
 * How to reach the Docker engine and which network to prefer for target addresses.
 *
 * @param host       Docker API endpoint, e.g. {@code unix:///var/run/docker.sock}
 * @param network    preferred network for target IPs; empty for none
 * @param forwarders whether the proxy may create in-namespace forwarders (needs Docker API write access)
 */
public record DockerSettings(String host, String network, boolean forwarders) {

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    public DockerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(network, "network");
        if (host.isBlank()) {
            throw new IllegalArgumentException("docker host is empty");
        }
    }

    public DockerSettings withHost(String newHost) {
        return new DockerSettings(newHost, network, forwarders);
    }
}
