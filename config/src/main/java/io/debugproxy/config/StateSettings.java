package io.debugproxy.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the proxy keeps state across restarts, such as port assignments.
 *
 * @param dir state directory, as written (relative paths are relative to the working directory)
 */
public record StateSettings(Path dir) {

    public StateSettings {
        Objects.requireNonNull(dir, "dir");
    }
}
