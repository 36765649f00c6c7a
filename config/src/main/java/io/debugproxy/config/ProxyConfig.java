package io.debugproxy.config;

import io.debugproxy.config.route.HostPort;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The whole {@code proxy serve} configuration; every value has a default (see
 * {@link ConfigLoader#defaults()}). The {@code with...} methods apply command-line overrides.
 */
public record ProxyConfig(
        DockerSettings docker,
        ListenerSettings listeners,
        AdminSettings admin,
        CertsSettings certs,
        StateSettings state,
        HttpSettings http,
        TraefikSettings traefik,
        List<StaticRoute> routes) {

    public ProxyConfig {
        Objects.requireNonNull(docker, "docker");
        Objects.requireNonNull(listeners, "listeners");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(certs, "certs");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(traefik, "traefik");
        routes = List.copyOf(routes);
        Set<String> names = new HashSet<>();
        for (StaticRoute route : routes) {
            if (!names.add(route.name())) {
                throw new ConfigException("static route name '" + route.name() + "' is used twice; route names must be unique");
            }
        }
    }

    public ProxyConfig withDockerHost(String host) {
        return new ProxyConfig(docker.withHost(host), listeners, admin, certs, state, http, traefik, routes);
    }

    /** @throws ConfigException when the address is not loopback and the config does not acknowledge that */
    public ProxyConfig withAdminAddress(HostPort address) {
        return new ProxyConfig(docker, listeners, admin.withAddress(address), certs, state, http, traefik, routes);
    }

    /**
     * @throws IllegalArgumentException when {@code address} is not a host or IP literal (ports come from the range)
     * @throws ConfigException          when the address is not loopback and the config does not acknowledge that
     */
    public ProxyConfig withRoutesAddress(String address) {
        return withListeners(listeners.withRoutes(listeners.routes().withAddress(address)));
    }

    public ProxyConfig withPorts(PortRange ports) {
        return withListeners(listeners.withRoutes(listeners.routes().withPorts(ports)));
    }

    /** @throws ConfigException when the address is not loopback and the config does not acknowledge that */
    public ProxyConfig withMuxAddress(HostPort address) {
        return withListeners(listeners.withMux(listeners.mux().withAddress(address)));
    }

    public ProxyConfig withTlsAddress(HostPort address) {
        return withListeners(listeners.withTls(listeners.tls().withAddress(address)));
    }

    public ProxyConfig withStateDir(Path dir) {
        return new ProxyConfig(docker, listeners, admin, certs, new StateSettings(dir), http, traefik, routes);
    }

    public ProxyConfig withCertsDir(Path dir) {
        return new ProxyConfig(docker, listeners, admin, new CertsSettings(dir), state, http, traefik, routes);
    }

    private ProxyConfig withListeners(ListenerSettings newListeners) {
        return new ProxyConfig(docker, newListeners, admin, certs, state, http, traefik, routes);
    }
}
