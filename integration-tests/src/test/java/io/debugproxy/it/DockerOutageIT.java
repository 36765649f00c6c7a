package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import io.debugproxy.it.support.DelveContainer;
import io.debugproxy.it.support.ProxyProcess;
import io.debugproxy.it.support.SampleImage;
import io.debugproxy.it.support.UnixSocketRelay;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * A running {@code proxy serve} whose Docker connection is lost (a relay in front of the engine's
 * socket is cut, as in a daemon restart) while containers start and stop, then comes back.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DockerOutageIT {

  private static final Duration ROUTE_WAIT = Duration.ofSeconds(30);
  private static final Path ENGINE_SOCKET = Path.of("/var/run/docker.sock");

  private final DockerClient docker = DockerClientFactory.instance().client();

  @TempDir
  Path work;

  private ProxyProcess proxy;
  private UnixSocketRelay relay;

  @BeforeAll
  static void image() {
    SampleImage.tag();
  }

  @AfterEach
  void cleanUp() throws IOException {
    if (proxy != null) {
      proxy.close();
    }
    if (relay != null) {
      relay.close();
    }
  }

  @Test
  void routesCatchUpAfterTheEngineComesBack_withoutDuplicateListenersOrAnExit() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    relay = UnixSocketRelay.inFrontOf(ENGINE_SOCKET);
    try (Network network = Network.newNetwork();
         DelveContainer staying = new DelveContainer().withNetwork(network).withName("dp-it-staying-" + suffix);
         DelveContainer leaving = new DelveContainer().withNetwork(network).withName("dp-it-leaving-" + suffix);
         DelveContainer arriving = new DelveContainer().withNetwork(network).withName("dp-it-arriving-" + suffix)) {
      staying.start();
      leaving.start();
      proxy = ProxyProcess.configure(work, "docker: { host: " + relay.dockerHost() + " }\n").start();
      JsonNode stayingBefore = proxy.awaitRoute(staying.name(), DockerOutageIT::ready, ROUTE_WAIT);
      JsonNode leavingBefore = proxy.awaitRoute(leaving.name(), DockerOutageIT::ready, ROUTE_WAIT);

      relay.cut();
      awaitLog("event=docker_unreachable");
      ProxyProcess.CommandResult health = ProxyProcess.cli(work, "health", "--admin", proxy.adminAddress());
      assertEquals(0, health.exitCode(), "the routes it has still work: " + health);
      assertTrue(health.stdout().contains("\"connected\":false"), "/health says discovery lost the engine: " + health);
      ProxyProcess.CommandResult table = ProxyProcess.cli(work, "routes", "--admin", proxy.adminAddress());
      assertTrue(table.stdout().contains(staying.name()), table.toString());
      assertTrue(table.stderr().contains("not connected to the Docker engine at " + relay.dockerHost()),
          "proxy routes warns that the table may be stale: " + table);
      arriving.start();
      docker.stopContainerCmd(leaving.id()).withTimeout(2).exec();
      relay.restore();

      JsonNode arrived = proxy.awaitRoute(arriving.name(), DockerOutageIT::ready, ROUTE_WAIT);
      proxy.awaitNoRoute(leaving.name(), ROUTE_WAIT);
      awaitLog("event=docker_connected.*reconnect=true");
      JsonNode stayingAfter = proxy.awaitRoute(staying.name(), DockerOutageIT::ready, ROUTE_WAIT);

      assertEquals(arriving.ipAddress() + ":2345", arrived.path("target").asText(), arrived.toString());
      assertEquals(stayingBefore.path("listen").asText(), stayingAfter.path("listen").asText(),
          "the route that stayed keeps its listener");
      assertNotListening(leavingBefore.path("listen").asText());
      assertListenersUnique();
      for (String route : List.of(stayingAfter.path("name").asText(), arrived.path("name").asText())) {
        assertEquals(1, logLines("event=route_listening route=" + route + " ").size(),
            "one listener bound for " + route + ":\n" + proxy.log());
      }
      assertEquals(1, logLines("event=docker_unreachable").size(), "the outage is logged once:\n" + proxy.log());
      assertEquals(0, proxy.stop(), "the proxy kept running through the outage and stops cleanly");
    }
  }

  private void assertListenersUnique() {
    Set<String> seen = new HashSet<>();
    for (JsonNode route : proxy.routes()) {
      String listen = route.path("listen").asText(null);
      if (listen != null) {
        assertTrue(seen.add(listen), "two routes on " + listen + ": " + proxy.routes());
      }
    }
  }

  private static void assertNotListening(String listen) throws IOException {
    int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      throw new AssertionError("port " + port + " still accepts after its route disappeared");
    } catch (ConnectException expected) {
      // the listener is gone
    }
  }

  private List<String> logLines(String fragment) {
    return proxy.log().lines().filter(l -> l.contains(fragment)).toList();
  }

  private void awaitLog(String regex) throws InterruptedException {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
    long deadline = System.nanoTime() + ROUTE_WAIT.toNanos();
    while (proxy.log().lines().noneMatch(l -> p.matcher(l).find())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no log line matching /" + regex + "/ within " + ROUTE_WAIT + ":\n" + proxy.log());
      }
      Thread.sleep(50);
    }
  }

  private static boolean ready(JsonNode route) {
    return route.path("status").asText().equals("ok") && route.path("listen").isTextual();
  }
}
