package io.debugproxy.proxy.forward;

import io.debugproxy.config.discovery.ContainerInfo;
import io.debugproxy.config.discovery.ContainerRouteRules;
import io.debugproxy.config.discovery.DelveCommandLine;
import io.debugproxy.config.discovery.DelveInvocation;
import io.debugproxy.config.discovery.DiscoveredRoute;
import io.debugproxy.config.route.HostPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The forwarder one target needs: listen on each of the container's IPs at Delve's port, relay to
 * Delve's loopback address. Two specs are equal exactly when the same helper serves both.
 *
 * @param targetId   full id of the target container
 * @param targetName its name, for the helper's name and logs
 * @param listen     the container's IPs at Delve's port, sorted
 * @param to         Delve's loopback address inside the container
 */
public record ForwarderSpec(String targetId, String targetName, List<HostPort> listen, HostPort to) {

    public ForwarderSpec {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(targetName, "targetName");
        listen = List.copyOf(listen);
        Objects.requireNonNull(to, "to");
    }

    /**
     * The forwarder {@code container} needs: when its route is usable only thanks to a forwarder
     * (Delve on loopback at a known port), else empty.
     */
    public static Optional<ForwarderSpec> of(ContainerInfo container, ContainerRouteRules rules) {
        Optional<DelveInvocation> dlv = DelveCommandLine.parse(container.command());
        if (dlv.isEmpty() || !dlv.get().servesDebugApi() || !dlv.get().listensOnLoopbackOnly()
                || dlv.get().listen().port() == 0) {
            return Optional.empty();
        }
        Optional<DiscoveredRoute> route = rules.apply(container);
        if (route.isEmpty() || !route.get().usable()) {
            return Optional.empty();
        }
        int port = dlv.get().listen().port();
        List<HostPort> listen = new ArrayList<>();
        for (String ip : new TreeSet<>(container.networks().values())) {
            listen.add(new HostPort(ip, port));
        }
        if (listen.isEmpty()) {
            return Optional.empty();
        }
        // Go's net.Listen resolves "localhost" to 127.0.0.1 first; dial the literal Delve bound.
        String host = dlv.get().listen().host().equalsIgnoreCase("localhost") ? "127.0.0.1" : dlv.get().listen().host();
        return Optional.of(new ForwarderSpec(container.id(), container.name(), listen, new HostPort(host, port)));
    }

    /** Arguments of {@code proxy forward} for this spec. */
    public List<String> command() {
        return command(false);
    }

    /**
     * Arguments of {@code proxy forward} for this spec; with {@code anyPort}, listening on the same
     * IPs at ports the kernel picks (Delve's port there is taken, e.g. by another proxy's forwarder).
     */
    public List<String> command(boolean anyPort) {
        List<String> cmd = new ArrayList<>();
        cmd.add("forward");
        for (HostPort l : listen) {
            cmd.add("--listen");
            cmd.add(anyPort ? new HostPort(l.host(), 0).toString() : l.toString());
        }
        cmd.add("--to");
        cmd.add(to.toString());
        return cmd;
    }
}
