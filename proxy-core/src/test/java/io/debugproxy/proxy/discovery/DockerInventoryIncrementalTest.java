package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HealthCheck;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What discovery asks the engine, seen through a relay in front of its socket: one listing per
 * connection, and afterwards only the containers that events name are inspected again.
 */
@ExtendWith(DockerTestEngine.Extension.class)
class DockerInventoryIncrementalTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(400));
    private static final String LIST = "GET /containers/json";

    private final DockerClient docker;
    private final DockerTestEngine.Resources resources;
    private final String network;
    private final Path dir;
    private final UnixSocketRelay relay;
    private final DockerInventory inventory;

    DockerInventoryIncrementalTest(DockerTestEngine engine) throws IOException {
        this.docker = engine.client();
        this.resources = engine.resources();
        this.network = DockerTestEngine.uniqueName("dp-test-net");
        resources.network(network);
        // Short path: Unix socket paths are limited to about 100 bytes.
        this.dir = Files.createTempDirectory(Path.of("/tmp"), "dpi");
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

    private void startAndAwaitConnected() {
        inventory.start();
        Eventually.await("the inventory follows the engine", () -> inventory.status().connected(), inventory::status);
    }

    /** Requests relayed so far, without the API version prefix docker-java may add. */
    private List<String> asked() {
        return relay.requests().stream().map(r -> r.replaceFirst(" /v1\\.\\d+/", " /")).toList();
    }

    /** Ids of the containers inspected so far ({@code GET /containers/<id>/json}), each once. */
    private List<String> inspected() {
        return asked().stream()
                .filter(r -> r.startsWith("GET /containers/") && r.endsWith("/json") && !r.equals(LIST))
                .map(r -> r.substring("GET /containers/".length(), r.length() - "/json".length()))
                .distinct()
                .toList();
    }

    @Test
    void listsOncePerConnection_andNotAgainWhileFollowingEvents() {
        String bystander = resources.run(DockerTestEngine.uniqueName("dp-test-still"), network, Map.of());
        startAndAwaitConnected();
        assertEquals(1, asked().stream().filter(LIST::equals).count(), asked().toString());
        relay.clearRequests();

        String late = resources.run(DockerTestEngine.uniqueName("dp-test-late"), network, Map.of());
        Eventually.await("the new container is in the snapshot",
                () -> inventory.current().container(late).isPresent(), inventory::current);
        docker.stopContainerCmd(late).withTimeout(5).exec();
        Eventually.await("the stopped container is gone",
                () -> inventory.current().container(late).isEmpty(), inventory::current);

        assertTrue(asked().stream().noneMatch(LIST::equals), "no listing while following events: " + asked());
        assertTrue(inventory.current().container(bystander).isPresent());
    }

    @Test
    void inspectsTheContainerAnEventNames_andLeavesTheOthersAlone() {
        // The engine may be shared with other work, so only this test's own containers are checked.
        String bystander = resources.run(DockerTestEngine.uniqueName("dp-test-other"), network, Map.of());
        startAndAwaitConnected();
        relay.clearRequests();

        String late = resources.run(DockerTestEngine.uniqueName("dp-test-late"), network, Map.of());
        Eventually.await("the new container is in the snapshot",
                () -> inventory.current().container(late).isPresent(), inventory::current);

        assertTrue(inspected().contains(late), asked().toString());
        assertFalse(inspected().contains(bystander), "a container no event names is not inspected again: " + asked());
    }

    @Test
    void dropsAContainerThatStopsWithoutInspectingIt() {
        String id = resources.run(DockerTestEngine.uniqueName("dp-test-stopping"), network, Map.of());
        startAndAwaitConnected();
        Eventually.await("the container is listed", () -> inventory.current().container(id).isPresent(),
                inventory::current);
        relay.clearRequests();

        docker.stopContainerCmd(id).withTimeout(5).exec();

        Eventually.await("the stopped container is gone", () -> inventory.current().container(id).isEmpty(),
                inventory::current);
        assertFalse(inspected().contains(id), "its die event says enough: " + asked());
    }

    @Test
    void relistsEverythingAfterAReconnect() throws IOException {
        startAndAwaitConnected();
        relay.cut();
        Eventually.await("the outage is noticed", () -> !inventory.status().connected(), inventory::status);
        relay.clearRequests();

        relay.restore();

        Eventually.await("the inventory follows the engine again", () -> inventory.status().connected(), inventory::status);
        assertTrue(asked().contains(LIST), asked().toString());
    }

    @Test
    void followsHealthStatusEvents() {
        // A check whose program does not exist fails at once: the container turns unhealthy. (Never
        // use a check that outlives its timeout: the engine then blocks every inspect of the container.)
        HealthCheck check = new HealthCheck().withTest(List.of("CMD", "/no-such-check"))
                .withInterval(Duration.ofSeconds(2).toNanos()).withTimeout(Duration.ofSeconds(1).toNanos())
                .withRetries(1);
        String id = resources.create(DockerTestEngine.uniqueName("dp-test-health"), network, Map.of(),
                cmd -> cmd.withHealthcheck(check));
        docker.startContainerCmd(id).exec();
        startAndAwaitConnected();
        Eventually.await("the container is listed", () -> inventory.current().container(id).isPresent(),
                inventory::current);
        relay.clearRequests();

        Eventually.await("the health change makes discovery inspect the container again",
                () -> inspected().contains(id),
                () -> docker.inspectContainerCmd(id).exec().getState().getHealth().getStatus() + " " + asked());
    }
}
