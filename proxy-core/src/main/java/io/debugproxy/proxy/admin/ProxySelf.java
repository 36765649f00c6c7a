package io.debugproxy.proxy.admin;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code GET /health} says about the proxy itself, so that {@code proxy doctor} checks the
 * proxy that runs rather than a guess: where it runs and how it reaches loopback-bound Delve.
 *
 * @param placeKnown     true once discovery has asked the engine whether the proxy runs in one of its containers
 * @param container      name of the container the proxy runs in; null when it runs outside (or the place is unknown)
 * @param networks       networks of that container, sorted; empty outside a container
 * @param forwarders     {@code docker.forwarders}
 * @param forwarderImage {@code docker.forwarderImage}
 */
public record ProxySelf(boolean placeKnown, String container, Set<String> networks, boolean forwarders,
                        String forwarderImage) {

    public ProxySelf {
        networks = Set.copyOf(new TreeSet<>(networks));
        Objects.requireNonNull(forwarderImage, "forwarderImage");
    }
}
