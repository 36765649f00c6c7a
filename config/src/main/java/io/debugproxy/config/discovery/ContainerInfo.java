package io.debugproxy.config.discovery;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What discovery knows about one container, independent of any Docker client library:
 * the input of the label rules.
 *
 * @param id           full container id
 * @param name         container name without the leading slash
 * @param labels       container labels
 * @param command      the process command line: entrypoint followed by cmd
 * @param networks     network name to the container's IPv4 address on it (insertion order kept)
 * @param networkMode  Docker network mode ({@code bridge}, {@code host}, {@code container:<id>}, a name)
 * @param exposedPorts TCP ports the container exposes, ascending
 */
public record ContainerInfo(
        String id,
        String name,
        Map<String, String> labels,
        List<String> command,
        Map<String, String> networks,
        String networkMode,
        List<Integer> exposedPorts) {

    public ContainerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        command = List.copyOf(command);
        networks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(networks));
        networkMode = networkMode == null ? "" : networkMode;
        exposedPorts = exposedPorts.stream().sorted().toList();
    }

    public String label(String key) {
        return labels.get(key);
    }
}
