package io.debugproxy.proxy.discovery;

import com.github.dockerjava.api.DockerClient;
import io.debugproxy.config.discovery.ContainerInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery against the local Docker engine: containers, events and the proxy's own networks. */
@ExtendWith(DockerTestEngine.Extension.class)
class DockerInventoryTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

    private final DockerClient docker;
    private final DockerTestEngine.Resources resources;
    private final String network;
    private final List<ContainerSnapshot> published = new CopyOnWriteArrayList<>();
    private final List<String> publishingThreads = new CopyOnWriteArrayList<>();
    private DockerInventory inventory;

    DockerInventoryTest(DockerTestEngine engine) {
        this.docker = engine.client();
        this.resources = engine.resources();
        this.network = DockerTestEngine.uniqueName("dp-test-net");
        resources.network(network);
    }

    @AfterEach
    void cleanUp() {
        if (inventory != null) {
            inventory.close();
        }
        resources.close();
    }

    private DockerInventory startInventory(Supplier<List<String>> ownIdCandidates) {
        inventory = new DockerInventory(DockerTestEngine.HOST, snapshot -> {
            publishingThreads.add(Thread.currentThread().getName());
            published.add(snapshot);
        }, FAST, Duration.ofSeconds(15), ownIdCandidates);
        inventory.start();
        Eventually.await("the inventory follows the engine", () -> inventory.status().connected(), inventory::status);
        return inventory;
    }

    private DockerInventory startInventory() {
        return startInventory(List::of);
    }

    private ContainerInfo awaitContainer(String id) {
        Eventually.await("container " + id + " is in the snapshot",
                () -> inventory.current().container(id).isPresent(), () -> inventory.current());
        return inventory.current().container(id).orElseThrow();
    }

    private String ipOf(String containerId, String networkName) {
        return docker.inspectContainerCmd(containerId).exec().getNetworkSettings().getNetworks().get(networkName).getIpAddress();
    }

    @Test
    void listsRunningContainerWithLabelsCommandAndAddress() {
        String name = DockerTestEngine.uniqueName("dp-test-api");
        String id = resources.run(name, network, Map.of("debugproxy.route", "api", "traefik.enable", "true"),
                "--listen=:2345", "--headless");

        startInventory();

        ContainerInfo info = awaitContainer(id);
        assertEquals(name, info.name());
        assertEquals("api", info.label("debugproxy.route"));
        assertEquals("true", info.label("traefik.enable"));
        assertEquals(List.of("/sleeper", "--listen=:2345", "--headless"), info.command());
        assertEquals(Map.of(network, ipOf(id, network)), info.networks());
        assertEquals(network, info.networkMode());
        assertEquals(List.of(2345, 8080), info.exposedPorts());
    }

    @Test
    void reportsConnectedStatusOnceFollowingEvents() {
        startInventory();

        DockerStatus status = inventory.status();
        assertTrue(status.connected());
        assertEquals(DockerTestEngine.HOST, status.dockerHost());
        assertTrue(status.lastError().isEmpty(), status.toString());
    }

    @Test
    void addsContainerThatStartsAfterTheListing() {
        startInventory();

        String id = resources.run(DockerTestEngine.uniqueName("dp-test-late"), network, Map.of());

        assertEquals(ipOf(id, network), awaitContainer(id).networks().get(network));
    }

    @Test
    void leavesOutContainersThatAreNotRunning() {
        String created = resources.create(DockerTestEngine.uniqueName("dp-test-created"), network, Map.of());
        String running = resources.run(DockerTestEngine.uniqueName("dp-test-running"), network, Map.of());

        startInventory();
        awaitContainer(running);

        assertTrue(inventory.current().container(created).isEmpty());
    }

    @Test
    void dropsContainerOnceItStops() {
        String id = resources.run(DockerTestEngine.uniqueName("dp-test-stop"), network, Map.of());
        startInventory();
        awaitContainer(id);

        docker.stopContainerCmd(id).withTimeout(5).exec();

        Eventually.await("the stopped container is gone", () -> inventory.current().container(id).isEmpty(),
                () -> inventory.current());
    }

    @Test
    void updatesNameWhenContainerIsRenamed() {
        String id = resources.run(DockerTestEngine.uniqueName("dp-test-old"), network, Map.of());
        startInventory();
        awaitContainer(id);
        String newName = DockerTestEngine.uniqueName("dp-test-new");

        docker.renameContainerCmd(id).withName(newName).exec();

        Eventually.await("the container has its new name",
                () -> inventory.current().container(id).map(ContainerInfo::name).orElse("").equals(newName),
                () -> inventory.current());
    }

    @Test
    void addsNetworkWhenContainerIsConnectedToIt() {
        String id = resources.run(DockerTestEngine.uniqueName("dp-test-conn"), network, Map.of());
        String second = DockerTestEngine.uniqueName("dp-test-net2");
        resources.network(second);
        startInventory();
        awaitContainer(id);

        docker.connectToNetworkCmd().withNetworkId(second).withContainerId(id).exec();

        Eventually.await("the container shows its second network",
                () -> inventory.current().container(id).map(c -> c.networks().containsKey(second)).orElse(false),
                () -> inventory.current());
        ContainerInfo info = inventory.current().container(id).orElseThrow();
        assertEquals(List.of(network, second).stream().sorted().toList(), List.copyOf(info.networks().keySet()));
        assertEquals(ipOf(id, second), info.networks().get(second));
    }

    @Test
    void dropsNetworkWhenContainerIsDisconnectedFromIt() {
        String id = resources.run(DockerTestEngine.uniqueName("dp-test-disc"), network, Map.of());
        String second = DockerTestEngine.uniqueName("dp-test-net2");
        resources.network(second);
        docker.connectToNetworkCmd().withNetworkId(second).withContainerId(id).exec();
        startInventory();
        assertTrue(awaitContainer(id).networks().containsKey(second));

        docker.disconnectFromNetworkCmd().withNetworkId(second).withContainerId(id).exec();

        Eventually.await("the second network is gone",
                () -> inventory.current().container(id).map(c -> c.networks().keySet().equals(Set.of(network))).orElse(false),
                () -> inventory.current());
    }

    @Test
    void publishesEachSnapshotInOrderOnTheDiscoveryThread() {
        startInventory();
        String first = resources.run(DockerTestEngine.uniqueName("dp-test-a"), network, Map.of());
        awaitContainer(first);
        String second = resources.run(DockerTestEngine.uniqueName("dp-test-b"), network, Map.of());
        awaitContainer(second);

        assertEquals(Set.of("debugproxy-docker-discovery"), Set.copyOf(publishingThreads));
        int firstSeen = indexOfFirstSnapshotWith(first);
        int secondSeen = indexOfFirstSnapshotWith(second);
        assertTrue(firstSeen < secondSeen, "snapshots out of order: " + published);
        assertTrue(published.get(published.size() - 1).container(first).isPresent());
        assertTrue(published.get(published.size() - 1).container(second).isPresent());
    }

    private int indexOfFirstSnapshotWith(String id) {
        for (int i = 0; i < published.size(); i++) {
            if (published.get(i).container(id).isPresent()) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void knowsTheProxyNetworksWhenItRunsInAContainer() {
        String proxy = resources.run(DockerTestEngine.uniqueName("dp-test-proxy"), network, Map.of());
        String second = DockerTestEngine.uniqueName("dp-test-net2");
        resources.network(second);

        startInventory(() -> List.of(proxy.substring(0, 12)));
        Eventually.await("the proxy's network is known", () -> inventory.proxyNetworks().equals(Set.of(network)),
                () -> inventory.current());

        docker.connectToNetworkCmd().withNetworkId(second).withContainerId(proxy).exec();

        Eventually.await("the proxy's second network is known",
                () -> inventory.proxyNetworks().equals(Set.of(network, second)), () -> inventory.current());
    }

    @Test
    void ignoresOwnIdCandidateThatOnlyMatchesAContainerName() {
        // Inspect resolves names too; a container named like a hostname must not pass for the proxy.
        String hexName = "0123456789ab";
        assertFalse(docker.listContainersCmd().withShowAll(true).exec().stream()
                .anyMatch(c -> c.getId().startsWith(hexName)), "test needs an unused id prefix");
        String impostor = resources.run(hexName, network, Map.of());

        startInventory(() -> List.of(hexName));
        awaitContainer(impostor);

        assertEquals(Set.of(), inventory.proxyNetworks());
    }
}
