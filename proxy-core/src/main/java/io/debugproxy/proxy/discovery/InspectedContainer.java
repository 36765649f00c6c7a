package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.InternetProtocol;
import io.debugproxy.config.discovery.ContainerInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Turns docker-java's inspect response into the library-free {@link ContainerInfo} model. */
final class InspectedContainer {

    private InspectedContainer() {
    }

    /** The container as discovery sees it, or empty when it is not running. */
    static Optional<ContainerInfo> toContainerInfo(InspectContainerResponse inspect) {
        if (!isRunning(inspect)) {
            return Optional.empty();
        }
        ContainerConfig config = inspect.getConfig();
        return Optional.of(new ContainerInfo(
                inspect.getId(),
                name(inspect.getName()),
                labels(config),
                command(inspect.getPath(), inspect.getArgs()),
                networks(inspect),
                inspect.getHostConfig() == null ? "" : inspect.getHostConfig().getNetworkMode(),
                tcpPorts(config)));
    }

    // The engine reports a container waiting to be restarted as running; it has no process, and
    // usually no address, until its next "start" event.
    private static boolean isRunning(InspectContainerResponse inspect) {
        InspectContainerResponse.ContainerState state = inspect.getState();
        return state != null && Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getRestarting());
    }

    private static String name(String raw) {
        if (raw == null) {
            return "";
        }
        return raw.startsWith("/") ? raw.substring(1) : raw;
    }

    private static Map<String, String> labels(ContainerConfig config) {
        if (config == null || config.getLabels() == null) {
            return Map.of();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        config.getLabels().forEach((k, v) -> {
            if (k != null && v != null) {
                labels.put(k, v);
            }
        });
        return labels;
    }

    // Path + Args is what the process was started with: entrypoint followed by cmd.
    private static List<String> command(String path, String[] args) {
        List<String> command = new ArrayList<>();
        if (path != null && !path.isEmpty()) {
            command.add(path);
        }
        if (args != null) {
            Arrays.stream(args).filter(Objects::nonNull).forEach(command::add);
        }
        return command;
    }

    // Sorted by name so the order does not depend on the engine; networks where the container
    // has no IPv4 address (host, none, IPv6-only) are left out: there is nothing to dial there.
    private static Map<String, String> networks(InspectContainerResponse inspect) {
        if (inspect.getNetworkSettings() == null || inspect.getNetworkSettings().getNetworks() == null) {
            return Map.of();
        }
        Map<String, String> networks = new TreeMap<>();
        for (Map.Entry<String, ContainerNetwork> e : inspect.getNetworkSettings().getNetworks().entrySet()) {
            String ip = e.getValue() == null ? null : e.getValue().getIpAddress();
            if (e.getKey() != null && ip != null && !ip.isEmpty()) {
                networks.put(e.getKey(), ip);
            }
        }
        return networks;
    }

    private static List<Integer> tcpPorts(ContainerConfig config) {
        if (config == null || config.getExposedPorts() == null) {
            return List.of();
        }
        return Arrays.stream(config.getExposedPorts())
                .filter(p -> p != null && p.getProtocol() == InternetProtocol.TCP)
                .map(ExposedPort::getPort)
                .distinct()
                .toList();
    }
}
