package io.debugproxy.config;

import io.debugproxy.config.traefik.RuleSyntax;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the proxy cooperates with Traefik.
 *
 * @param dynamicConfig file the proxy writes for Traefik's file provider; empty to write none
 * @param entryPoint    Traefik entry point the generated TCP routers attach to
 * @param domain        debug domain: a route's default hostname is {@code <route>.<domain>}
 * @param ruleSyntax    the Traefik's {@code core.defaultRuleSyntax}: how it reads a router rule without
 *                      a {@code ruleSyntax} label, which decides the hostnames a route takes from it
 */
public record TraefikSettings(String dynamicConfig, String entryPoint, String domain, RuleSyntax ruleSyntax) {

    public TraefikSettings {
        Objects.requireNonNull(dynamicConfig, "dynamicConfig");
        Objects.requireNonNull(entryPoint, "entryPoint");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(ruleSyntax, "ruleSyntax");
    }

    /** Settings for a Traefik with its default rule syntax, v3. */
    public TraefikSettings(String dynamicConfig, String entryPoint, String domain) {
        this(dynamicConfig, entryPoint, domain, RuleSyntax.V3);
    }

    public Optional<Path> dynamicConfigFile() {
        return dynamicConfig.isEmpty() ? Optional.empty() : Optional.of(Path.of(dynamicConfig));
    }
}
