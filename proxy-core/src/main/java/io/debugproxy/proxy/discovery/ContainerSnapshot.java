package io.debugproxy.proxy.discovery;

import io.debugproxy.config.discovery.ContainerInfo;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything discovery knows at one moment: the running containers and the networks the proxy
 * itself is attached to. Immutable; each change yields a new snapshot.
 *
 * @param containers    running containers by full id, sorted by id
 * @param proxyNetworks networks of the proxy's own container, sorted; empty when the proxy does
 *                      not run in a container of this Docker engine
 */
public record ContainerSnapshot(Map<String, ContainerInfo> containers, Set<String> proxyNetworks) {

    private static final ContainerSnapshot EMPTY = new ContainerSnapshot(Map.of(), Set.of());

    public ContainerSnapshot {
        containers = Collections.unmodifiableMap(new TreeMap<>(containers));
        proxyNetworks = Collections.unmodifiableSet(new TreeSet<>(proxyNetworks));
    }

    public static ContainerSnapshot empty() {
        return EMPTY;
    }

    public Optional<ContainerInfo> container(String id) {
        return Optional.ofNullable(containers.get(id));
    }

    /** The running container with this name (without leading slash), if any. */
    public Optional<ContainerInfo> containerNamed(String name) {
        return containers.values().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public int size() {
        return containers.size();
    }
}
