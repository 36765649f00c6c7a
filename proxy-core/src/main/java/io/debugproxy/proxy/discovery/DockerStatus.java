package io.debugproxy.proxy.discovery;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether discovery is currently in sync with the Docker engine, for {@code proxy doctor} and
 * the admin API.
 *
 * @param dockerHost the engine address discovery talks to
 * @param connected  true while containers are listed and the event stream is followed
 * @param since      when {@code connected} last changed (or discovery started)
 * @param lastError  the most recent reason the engine could not be reached, kept after recovery
 */
public record DockerStatus(String dockerHost, boolean connected, Instant since, Optional<String> lastError) {

    public DockerStatus {
        Objects.requireNonNull(dockerHost, "dockerHost");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastError, "lastError");
    }

    static DockerStatus starting(String dockerHost, Instant now) {
        return new DockerStatus(dockerHost, false, now, Optional.empty());
    }

    DockerStatus connectedAt(Instant now) {
        return connected ? this : new DockerStatus(dockerHost, true, now, lastError);
    }

    DockerStatus unreachableAt(Instant now, String reason) {
        return new DockerStatus(dockerHost, false, connected ? now : since, Optional.of(reason));
    }

    DockerStatus stoppedAt(Instant now) {
        return connected ? new DockerStatus(dockerHost, false, now, lastError) : this;
    }
}
