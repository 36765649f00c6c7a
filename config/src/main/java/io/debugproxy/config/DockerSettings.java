package io.debugproxy.config;

import java.util.Objects;

/**
 * How to reach the Docker engine and which network to prefer for target addresses.
 *
 * @param host       Docker API endpoint, e.g. {@code unix:///var/run/docker.sock}
 * @param network    preferred network for target IPs; empty for none
 * @param forwarders     whether the proxy may create in-namespace forwarders (needs Docker API write access)
 * @param forwarderImage image the forwarder containers run ({@code proxy forward}): the proxy's own image
 */
public record DockerSettings(String host, String network, boolean forwarders, String forwarderImage) {

    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    /** The proxy's own image, as {@code dist/image/build-image.sh} tags it. */
    public static final String DEFAULT_FORWARDER_IMAGE = "debugproxy/proxy:dev";

    public DockerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(network, "network");
        if (host.isBlank()) {
            throw new IllegalArgumentException("docker host is empty");
        }
        forwarderImage = forwarderImage == null || forwarderImage.isBlank() ? DEFAULT_FORWARDER_IMAGE : forwarderImage.trim();
    }

    /** Settings with the default forwarder image. */
    public DockerSettings(String host, String network, boolean forwarders) {
        this(host, network, forwarders, DEFAULT_FORWARDER_IMAGE);
    }

    public DockerSettings withHost(String newHost) {
        return new DockerSettings(newHost, network, forwarders, forwarderImage);
    }

    public DockerSettings withForwarders(boolean on) {
        return new DockerSettings(host, network, on, forwarderImage);
    }
}
