package io.debugproxy.proxy.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery without a Docker engine to talk to: it must wait, retry and report, never fail. */
class DockerInventoryUnreachableTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200));

    @TempDir
    Path dir;

    private DockerInventory inventoryAt(Path socket, AtomicInteger snapshots) {
        return new DockerInventory("unix://" + socket, s -> snapshots.incrementAndGet(), FAST, Duration.ofSeconds(15), List::of);
    }

    @Test
    void keepsRetryingAndReportsWhyWhenTheEngineIsUnreachableAtStart() {
        AtomicInteger snapshots = new AtomicInteger();
        try (DockerInventory inventory = inventoryAt(dir.resolve("missing.sock"), snapshots)) {
            inventory.start();

            Eventually.await("the failure is reported", () -> inventory.status().lastError().isPresent(), inventory::status);

            assertFalse(inventory.status().connected());
            assertTrue(inventory.status().lastError().orElseThrow().contains("No such file"), inventory.status().toString());
            assertEquals(0, snapshots.get());
            assertEquals(ContainerSnapshot.empty(), inventory.current());
            assertEquals(Set.of(), inventory.proxyNetworks());
        }
    }

    @Test
    void closeStopsTheDiscoveryThreadPromptly() {
        DockerInventory inventory = inventoryAt(dir.resolve("missing.sock"), new AtomicInteger());
        inventory.start();
        Eventually.await("a first attempt failed", () -> inventory.status().lastError().isPresent(), inventory::status);

        assertTimeoutPreemptively(Duration.ofSeconds(3), inventory::close);

        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("debugproxy-docker-discovery") && t.isAlive()));
    }

    @Test
    void closeWithoutStartIsHarmless() {
        DockerInventory inventory = inventoryAt(dir.resolve("missing.sock"), new AtomicInteger());

        inventory.close();

        assertFalse(inventory.status().connected());
        assertThrows(IllegalStateException.class, inventory::start);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://docker.example", "not a uri", ""})
    void rejectsDockerHostItCannotUse(String host) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DockerInventory(host, s -> { }));

        assertTrue(e.getMessage().contains("unix:///"), e.getMessage());
    }

    @Test
    void rejectsStartingTwice() {
        try (DockerInventory inventory = inventoryAt(dir.resolve("missing.sock"), new AtomicInteger())) {
            inventory.start();

            assertThrows(IllegalStateException.class, inventory::start);
        }
    }
}
