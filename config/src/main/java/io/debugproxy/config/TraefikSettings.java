package io.debugproxy.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the proxy cooperates with Traefik.
 *
 * @param dynamicConfig file the proxy writes for Traefik's file provider; empty to write none
 * @param entryPoint    Traefik entry point the generated TCP routers attach to
 * @param domain        debug domain: a route's default hostname is {@code <route>.<domain>}
 */
public record TraefikSettings(String dynamicConfig, String entryPoint, String domain) {

    public TraefikSettings {
        Objects.requireNonNull(dynamicConfig, "dynamicConfig");
        Objects.requireNonNull(entryPoint, "entryPoint");
        Objects.requireNonNull(domain, "domain");
    }

    public Optional<Path> dynamicConfigFile() {
        return dynamicConfig.isEmpty() ? Optional.empty() : Optional.of(Path.of(dynamicConfig));
    }
}
