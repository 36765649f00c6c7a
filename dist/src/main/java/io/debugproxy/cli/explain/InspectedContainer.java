package io.debugproxy.cli.explain;

import io.debugproxy.config.discovery.ContainerInfo;

import java.util.Objects;

/**
 * One container of a {@code docker inspect} document, seen two ways, because Traefik and
 * debugproxy's discovery read the same inspect data differently: Traefik falls back to a
 * network's IPv6 address when it has no IPv4 one and keeps networks without an address,
 * while discovery keeps only networks with an IPv4 address to dial.
 *
 * @param traefikView   the container as Traefik's Docker provider reads it
 * @param discoveryView the container as debugproxy's discovery reads it
 * @param running       whether the engine reported it running
 * @param health        {@code State.Health.Status} ({@code starting}, {@code healthy}, {@code unhealthy}),
 *                      empty when the container has no health check
 */
record InspectedContainer(ContainerInfo traefikView, ContainerInfo discoveryView, boolean running, String health) {

    InspectedContainer {
        Objects.requireNonNull(traefikView, "traefikView");
        Objects.requireNonNull(discoveryView, "discoveryView");
        health = health == null ? "" : health;
    }

    /** Traefik leaves out containers whose health check has not passed (unless allowEmptyServices is set). */
    boolean hiddenByHealth() {
        return !health.isEmpty() && !health.equals("healthy");
    }

    String name() {
        return traefikView.name();
    }
}
