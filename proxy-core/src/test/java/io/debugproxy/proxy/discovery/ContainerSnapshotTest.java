package io.debugproxy.proxy.discovery;

import io.debugproxy.config.discovery.ContainerInfo;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContainerSnapshotTest {

    private static ContainerInfo container(String id, String name) {
        return new ContainerInfo(id, name, Map.of(), List.of("/sleeper"), Map.of("net", "10.0.0.2"), "net", List.of());
    }

    @Test
    void containersAreSortedByIdAndProxyNetworksByName() {
        ContainerSnapshot snapshot = new ContainerSnapshot(
                Map.of("bbb", container("bbb", "b"), "aaa", container("aaa", "a")), Set.of("zeta", "alpha"));

        assertEquals(List.of("aaa", "bbb"), List.copyOf(snapshot.containers().keySet()));
        assertEquals(List.of("alpha", "zeta"), List.copyOf(snapshot.proxyNetworks()));
    }

    @Test
    void isNotChangedByLaterChangesToItsInputs() {
        Map<String, ContainerInfo> containers = new HashMap<>(Map.of("aaa", container("aaa", "a")));
        Set<String> networks = new HashSet<>(Set.of("net"));
        ContainerSnapshot snapshot = new ContainerSnapshot(containers, networks);

        containers.clear();
        networks.clear();

        assertEquals(1, snapshot.size());
        assertEquals(Set.of("net"), snapshot.proxyNetworks());
    }

    @Test
    void cannotBeModified() {
        ContainerSnapshot snapshot = new ContainerSnapshot(Map.of("aaa", container("aaa", "a")), Set.of());

        assertThrows(UnsupportedOperationException.class, () -> snapshot.containers().remove("aaa"));
        assertThrows(UnsupportedOperationException.class, () -> snapshot.proxyNetworks().add("x"));
    }

    @Test
    void findsContainerByName() {
        ContainerSnapshot snapshot = new ContainerSnapshot(Map.of("aaa", container("aaa", "api-1")), Set.of());

        assertEquals("aaa", snapshot.containerNamed("api-1").orElseThrow().id());
        assertTrue(snapshot.containerNamed("web-1").isEmpty());
    }
}
