package io.debugproxy.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * The line {@code proxy routes} adds under its table when the proxy's {@code /health} says
 * discovery has lost the Docker engine: the table then shows the last state it saw.
 */
final class DiscoveryWarning {

    private DiscoveryWarning() {
    }

    /** The warning for a {@code /health} body, or empty when discovery is in sync (or the body says nothing). */
    static Optional<String> from(JsonNode health) {
        JsonNode docker = health.path("docker");
        if (!docker.isObject() || docker.path("connected").asBoolean(true)) {
            return Optional.empty();
        }
        StringBuilder line = new StringBuilder("warning: the proxy is not connected to the Docker engine at ")
                .append(docker.path("host").asText("?"))
                .append(" (since ").append(docker.path("since").asText("?")).append(')');
        if (docker.path("lastError").isTextual()) {
            line.append(": ").append(docker.path("lastError").asText());
        }
        line.append("; routes above are as last seen, and it reconnects by itself");
        return Optional.of(line.toString());
    }
}
