package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.debugproxy.it.support.DelveContainer;
import io.debugproxy.it.support.DlvCli;
import io.debugproxy.it.support.ProxyProcess;
import io.debugproxy.it.support.SampleImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * Which address a real {@code proxy serve} dials for containers whose networking is not simply
 * one network: several networks with {@code traefik.docker.network}, a label missing the compose
 * project's prefix, and a container that shares another one's network namespace.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DiscoveryNetworksIT {

  private static final Duration ROUTE_WAIT = Duration.ofSeconds(20);

  private final DockerClient docker = DockerClientFactory.instance().client();
  private final Deque<String> networks = new ArrayDeque<>();

  @TempDir
  Path work;

  private ProxyProcess proxy;

  @BeforeAll
  static void image() {
    SampleImage.tag();
  }

  @AfterEach
  void cleanUp() {
    if (proxy != null) {
      proxy.close();
    }
    while (!networks.isEmpty()) {
      try {
        docker.removeNetworkCmd(networks.pop()).exec();
      } catch (NotFoundException e) {
        // already gone
      }
    }
  }

  @Test
  void containerOnTwoNetworks_isDialedOnTheOneTraefikDockerNetworkNames() {
    String suffix = suffix();
    // "a" sorts first, so only the label can make the proxy choose "b".
    String first = network("dpit-a-" + suffix, Map.of());
    String labelled = network("dpit-b-" + suffix, Map.of());
    String name = "dp-it-twonets-" + suffix;
    try (DelveContainer api = new DelveContainer().withNetworkMode(first).withName(name)
        .withLabel("traefik.docker.network", labelled)) {
      api.start();
      docker.connectToNetworkCmd().withNetworkId(labelled).withContainerId(api.id()).exec();
      proxy = ProxyProcess.configure(work, "").start();

      JsonNode route = proxy.awaitRoute(name,
          r -> ready(r) && r.path("target").asText().equals(api.ipAddressOn(labelled) + ":2345"), ROUTE_WAIT);

      assertTrue(!api.ipAddressOn(first).equals(api.ipAddressOn(labelled)), route.toString());
      assertEquals(0, route.path("warnings").size(), route.toString());
    }
  }

  @Test
  void labelWithoutTheComposeProjectPrefix_fallsBackToTheContainersNetworkAndWarns() {
    String project = "dpit" + suffix();
    String backend = network(project + "_backend", Map.of("com.docker.compose.project", project,
        "com.docker.compose.network", "backend"));
    String name = project + "-api-1";
    try (DelveContainer api = new DelveContainer().withNetworkMode(backend).withName(name)
        .withLabel("com.docker.compose.project", project)
        .withLabel("com.docker.compose.service", "api")
        .withLabel("traefik.docker.network", "backend")) {
      api.start();
      proxy = ProxyProcess.configure(work, "").start();

      JsonNode route = proxy.awaitRoute(name, DiscoveryNetworksIT::ready, ROUTE_WAIT);

      assertEquals(api.ipAddressOn(backend) + ":2345", route.path("target").asText(), route.toString());
      assertEquals(1, route.path("warnings").size(), route.toString());
      String warning = route.path("warnings").get(0).asText();
      assertTrue(warning.contains("traefik.docker.network") && warning.contains("'backend'")
          && warning.contains("did you mean '" + backend + "'"), warning);
      List<String> logged = proxy.log().lines()
          .filter(l -> l.contains("event=route_warning") && l.contains("container=" + name)).toList();
      assertEquals(1, logged.size(), proxy.log());
    }
  }

  @Test
  void containerSharingAnotherOnesNetworkNamespace_isDialedAtThatOnesAddress() throws Exception {
    String suffix = suffix();
    String net = network("dpit-ns-" + suffix, Map.of());
    String sharerName = "dp-it-sharer-" + suffix;
    // The namespace owner runs its own Delve on another port and is no debug target itself.
    try (DelveContainer owner = new DelveContainer().withNetworkMode(net).withName("dp-it-owner-" + suffix)
            .withLabel("debugproxy.enable", "false")
            .withEnv("SAMPLE_ADDR", ":8081")
            .withDlvArgs(List.of("exec", "/app", "--headless", "--listen=:2346", "--api-version=2",
                "--accept-multiclient", "--continue"))) {
      owner.start();
      try (DelveContainer sharer = new DelveContainer().withNetworkMode("container:" + owner.id())
          .withName(sharerName)) {
        sharer.start();
        proxy = ProxyProcess.configure(work, "").start();

        JsonNode route = proxy.awaitRoute(sharerName, DiscoveryNetworksIT::ready, ROUTE_WAIT);

        assertEquals(owner.ipAddressOn(net) + ":2345", route.path("target").asText(), route.toString());
        assertTrue(route.path("note").asText().contains(owner.name()), route.toString());
        try (DlvCli dlv = DlvCli.connect(route.path("listen").asText())) {
          dlv.awaitPrompt();
          String set = dlv.command("break " + SampleImage.greetingBreakpoint());
          assertTrue(set.contains("set at"), set + "\n" + dlv.transcript().log());
          dlv.command("clearall");
        }
      }
    }
  }

  private String network(String name, Map<String, String> labels) {
    Map<String, String> all = new java.util.HashMap<>(labels);
    all.put(DelveContainer.LABEL, "true");
    all.put(DelveContainer.SESSION_LABEL, DelveContainer.SESSION);
    docker.createNetworkCmd().withName(name).withDriver("bridge").withLabels(all).exec();
    networks.push(name);
    return name;
  }

  private static boolean ready(JsonNode route) {
    return route.path("status").asText().equals("ok") && route.path("listen").isTextual();
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 6);
  }
}
