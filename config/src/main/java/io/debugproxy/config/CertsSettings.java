package io.debugproxy.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the CA and issued certificates live.
 *
 * @param dir certificates directory, as written (relative paths are relative to the working directory)
 */
public record CertsSettings(Path dir) {

    public CertsSettings {
        Objects.requireNonNull(dir, "dir");
    }
}
