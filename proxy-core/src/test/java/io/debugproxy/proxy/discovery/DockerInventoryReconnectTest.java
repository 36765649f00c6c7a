package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery through a Unix socket relay that is cut and restored, as when the engine restarts. */
@ExtendWith(DockerTestEngine.Extension.class)
class DockerInventoryReconnectTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));

    private final DockerClient docker;
    private final DockerTestEngine.Resources resources;
    private final String network;
    private final Path dir;
    private final UnixSocketRelay relay;
    private final DockerInventory inventory;

    DockerInventoryReconnectTest(DockerTestEngine engine) throws IOException {
        this.docker = engine.client();
        this.resources = engine.resources();
        this.network = DockerTestEngine.uniqueName("dp-test-net");
        resources.network(network);
        // Short path: Unix socket paths are limited to about 100 bytes.
        this.dir = Files.createTempDirectory(Path.of("/tmp"), "dpr");
        this.relay = new UnixSocketRelay(dir.resolve("d.sock"), Path.of(DockerTestEngine.SOCKET));
        this.relay.restore();
        this.inventory = new DockerInventory(relay.dockerHost(), s -> { }, FAST, Duration.ofSeconds(15), List::of);
    }

    @AfterEach
    void cleanUp() throws IOException {
        inventory.close();
        relay.close();
        Files.deleteIfExists(dir);
        resources.close();
    }

    @Test
    void relistsAfterReconnectSoChangesDuringTheGapAreSeen() throws IOException {
        String before = resources.run(DockerTestEngine.uniqueName("dp-test-before"), network, Map.of());
        String stopped = resources.run(DockerTestEngine.uniqueName("dp-test-stopped"), network, Map.of());
        inventory.start();
        Eventually.await("both containers are listed",
                () -> inventory.current().container(before).isPresent() && inventory.current().container(stopped).isPresent(),
                inventory::current);

        relay.cut();
        Eventually.await("the outage is noticed", () -> !inventory.status().connected(), inventory::status);
        String during = resources.run(DockerTestEngine.uniqueName("dp-test-during"), network, Map.of());
        docker.stopContainerCmd(stopped).withTimeout(5).exec();
        relay.restore();

        Eventually.await("the container started during the gap shows up and the stopped one is gone",
                () -> inventory.current().container(during).isPresent() && inventory.current().container(stopped).isEmpty(),
                inventory::current);
        assertTrue(inventory.current().container(before).isPresent());
        Eventually.await("the inventory follows the engine again", () -> inventory.status().connected(), inventory::status);
    }

    @Test
    void reportsTheOutageWhileTheEngineIsUnreachable() throws IOException {
        inventory.start();
        Eventually.await("the inventory follows the engine", () -> inventory.status().connected(), inventory::status);

        relay.cut();

        Eventually.await("the outage is reported",
                () -> !inventory.status().connected() && inventory.status().lastError().isPresent(), inventory::status);
        assertEquals(relay.dockerHost(), inventory.status().dockerHost());
    }

    @Test
    void listsContainersOnceAnEngineUnreachableAtStartComesUp() throws IOException {
        String running = resources.run(DockerTestEngine.uniqueName("dp-test-early"), network, Map.of());
        relay.cut();
        inventory.start();
        Eventually.await("the failure is reported", () -> inventory.status().lastError().isPresent(), inventory::status);

        relay.restore();

        Eventually.await("the running container is listed", () -> inventory.current().container(running).isPresent(),
                inventory::current);
        Eventually.await("the inventory follows the engine", () -> inventory.status().connected(), inventory::status);
    }

    @Test
    void followsEventsAgainAfterReconnecting() throws IOException {
        inventory.start();
        Eventually.await("the inventory follows the engine", () -> inventory.status().connected(), inventory::status);
        relay.cut();
        Eventually.await("the outage is noticed", () -> !inventory.status().connected(), inventory::status);
        relay.restore();
        Eventually.await("the inventory follows the engine again", () -> inventory.status().connected(), inventory::status);

        String late = resources.run(DockerTestEngine.uniqueName("dp-test-late"), network, Map.of());

        Eventually.await("a container started after the reconnect shows up",
                () -> inventory.current().container(late).isPresent(), inventory::current);
    }
}
