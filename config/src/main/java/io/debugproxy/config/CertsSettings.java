package io.debugproxy.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the CA and issued certificates live.
 *
 * @param dir        certificates directory, as written (relative paths are relative to the working directory)
 * @param clientName the name on the client certificate the proxy presents to TLS upstreams (another
 *                   debugproxy): what that proxy's allow-lists ({@code debugproxy.clients}) see
 */
public record CertsSettings(Path dir, String clientName) {

    /** Name of the proxy's own client certificate unless the config file says otherwise. */
    public static final String DEFAULT_CLIENT_NAME = "debugproxy";

    public CertsSettings {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(clientName, "clientName");
    }

    public CertsSettings(Path dir) {
        this(dir, DEFAULT_CLIENT_NAME);
    }
}
