package io.debugproxy.config.traefik;

import java.util.Objects;

/**
 * A problem Traefik would have (or log) with a container's labels, or one debugproxy found.
 *
 * @param container the container name
 * @param label     the label key at fault, or empty when no single label is
 * @param message   one sentence for a human, naming the container and the label
 */
public record TraefikWarning(String container, String label, String message) {

    public TraefikWarning {
        Objects.requireNonNull(container, "container");
        label = label == null ? "" : label;
        Objects.requireNonNull(message, "message");
    }
}
