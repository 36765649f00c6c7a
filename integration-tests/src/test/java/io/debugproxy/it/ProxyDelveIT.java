package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import io.debugproxy.it.support.DelveContainer;
import io.debugproxy.it.support.DlvCli;
import io.debugproxy.it.support.HttpGet;
import io.debugproxy.it.support.ProxyProcess;
import io.debugproxy.it.support.SampleImage;
import io.debugproxy.it.support.Transcript.StopLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * The walking skeleton end to end: a Go service under Delve in a container, discovered by a real
 * {@code proxy serve} process, debugged with the real {@code dlv connect} through the route's
 * local port; nothing of the container is published.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ProxyDelveIT {

  private static final Duration ROUTE_WAIT = Duration.ofSeconds(20);
  private static final Duration BLOCKED = Duration.ofSeconds(90);
  private static Network network;

  @TempDir
  Path work;

  private ProxyProcess proxy;

  @BeforeAll
  static void image() {
    SampleImage.tag();
    network = Network.newNetwork();
  }

  @AfterAll
  static void closeNetwork() {
    if (network != null) {
      network.close();
    }
  }

  @AfterEach
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void breakpointHitsThroughTheRoutePort_andTheServiceKeepsRunning() throws Exception {
    String name = uniqueName("api");
    try (DelveContainer sample = new DelveContainer().withNetwork(network).withName(name)) {
      sample.start();
      proxy = ProxyProcess.configure(work, "").start();
      JsonNode route = proxy.awaitRoute(name, ProxyDelveIT::ready, ROUTE_WAIT);
      assertEquals(sample.ipAddress() + ":2345", route.path("target").asText(), route.toString());
      assertEquals(name + ".debug.localhost", route.path("hosts").get(0).asText(), route.toString());
      String listen = route.path("listen").asText();
      assertTrue(listen.startsWith("127.0.0.1:"), "route ports bind loopback only: " + listen);

      debugOnce(sample, listen, "proxied");
      assertEquals("hello, after\n", HttpGet.get(sample.httpUrl("/hello?name=after")).body());
      assertTrue(sample.runningNow());
    }
  }

  @Test
  void containerRestartWithNewIp_keepsTheSameLocalPort() throws Exception {
    String name = uniqueName("restart");
    DockerClient docker = DockerClientFactory.instance().client();
    try (DelveContainer sample = new DelveContainer().withNetwork(network).withName(name)) {
      sample.start();
      proxy = ProxyProcess.configure(work, "").start();
      JsonNode before = proxy.awaitRoute(name, ProxyDelveIT::ready, ROUTE_WAIT);
      String oldTarget = before.path("target").asText();

      docker.stopContainerCmd(sample.id()).withTimeout(2).exec();
      proxy.awaitNoRoute(name, ROUTE_WAIT);
      // Take the freed address so that the restarted container has to get another one.
      try (GenericContainer<?> squatter = new DelveContainer().withNetwork(network).withName(uniqueName("squat"))) {
        squatter.start();
        docker.startContainerCmd(sample.id()).exec();
        JsonNode after = proxy.awaitRoute(name,
            r -> ready(r) && !r.path("target").asText().equals(oldTarget), ROUTE_WAIT);
        assertEquals(before.path("listen").asText(), after.path("listen").asText(), "same route, same local port");
        String newIp = docker.inspectContainerCmd(sample.id()).exec().getNetworkSettings().getNetworks()
            .values().iterator().next().getIpAddress();
        assertEquals(newIp + ":2345", after.path("target").asText());
        sample.awaitLog("(?s).*API server listening at:.*API server listening at:.*", Duration.ofSeconds(30));
        debugOnce(sample, after.path("listen").asText(), "restarted");
      }
    }
  }

  @Test
  void singleClientDelve_isNotProbed_andServesTheIdeThroughTheProxy() throws Exception {
    String name = uniqueName("single");
    try (DelveContainer sample = new DelveContainer().withNetwork(network).withName(name)
        .withDlvArgs(SampleImage.SINGLE_CLIENT_ARGS)) {
      sample.start();
      proxy = ProxyProcess.configure(work, "").start();
      JsonNode route = proxy.awaitRoute(name, ProxyDelveIT::ready, ROUTE_WAIT);
      // Give a prober every chance to steal Delve's only connection before the IDE arrives.
      Thread.sleep(2000);
      try (DlvCli dlv = DlvCli.connect(route.path("listen").asText())) {
        dlv.awaitPrompt();
        String set = dlv.command("break " + SampleImage.greetingBreakpoint());
        assertTrue(set.startsWith("Breakpoint 1 set at"), set + "\n" + dlv.transcript().log());
        dlv.send("continue");
        CompletableFuture<HttpGet.Response> hello =
            HttpGet.asyncWhenUp(sample.httpUrl("/hello?name=single"), BLOCKED, Duration.ofSeconds(60));
        StopLocation at = StopLocation.require(dlv.awaitPrompt());
        assertEquals("main.helloHandler", at.function(), at.toString());
        assertEquals("\"hello, single\"", dlv.command("print greeting"));
        dlv.command("clearall");
        dlv.send("continue");
        assertEquals("hello, single\n", hello.get(30, TimeUnit.SECONDS).body());
      }
    }
  }

  @Test
  void invalidLabel_givesAnErrorRoute_andLeavesOtherRoutesAlone() throws Exception {
    String bad = uniqueName("bad");
    String good = uniqueName("good");
    try (DelveContainer broken = new DelveContainer().withNetwork(network).withName(bad)
            .withLabel("debugproxy.delve.port", "abc");
         DelveContainer fine = new DelveContainer().withNetwork(network).withName(good)) {
      broken.start();
      fine.start();
      proxy = ProxyProcess.configure(work, "").start();
      JsonNode err = proxy.awaitRoute(bad, r -> r.path("status").asText().equals("error"), ROUTE_WAIT);
      assertTrue(err.path("error").asText().contains("debugproxy.delve.port"), err.toString());
      assertTrue(err.path("error").asText().contains("abc"), err.toString());
      assertTrue(err.path("listen").isNull(), "an error route gets no port: " + err);
      JsonNode ok = proxy.awaitRoute(good, ProxyDelveIT::ready, ROUTE_WAIT);
      debugOnce(fine, ok.path("listen").asText(), "fine");

      ProxyProcess.CommandResult table = ProxyProcess.cli(work, "routes", "--admin", proxy.adminAddress());
      assertEquals(0, table.exitCode(), table.stderr());
      assertTrue(table.stdout().contains(bad) && table.stdout().contains("error"), table.stdout());
      assertTrue(table.stdout().contains(good) && table.stdout().contains(ok.path("listen").asText()), table.stdout());
    }
  }

  @Test
  void proxyRestart_keepsEachRoutesPort_andStopsOnSigterm() throws Exception {
    String name = uniqueName("persist");
    try (DelveContainer sample = new DelveContainer().withNetwork(network).withName(name)) {
      sample.start();
      proxy = ProxyProcess.configure(work, "").start();
      String first = proxy.awaitRoute(name, ProxyDelveIT::ready, ROUTE_WAIT)
          .path("listen").asText();
      assertEquals(0, proxy.stop(), "SIGTERM is a clean exit");
      proxy.start();
      String second = proxy.awaitRoute(name, ProxyDelveIT::ready, ROUTE_WAIT)
          .path("listen").asText();
      assertEquals(first, second);
      assertFalse(proxy.log().contains("Exception"), proxy.log());
    }
  }

  @Test
  void routeDisappears_closesItsPortAndOpenSessions() throws Exception {
    String name = uniqueName("gone");
    DockerClient docker = DockerClientFactory.instance().client();
    try (DelveContainer sample = new DelveContainer().withNetwork(network).withName(name)) {
      sample.start();
      proxy = ProxyProcess.configure(work, "").start();
      String listen = proxy.awaitRoute(name, ProxyDelveIT::ready, ROUTE_WAIT)
          .path("listen").asText();
      try (DlvCli dlv = DlvCli.connect(listen)) {
        dlv.awaitPrompt();
        // Delve stays up; only the route goes: without a network the container has no address.
        docker.disconnectFromNetworkCmd().withNetworkId(network.getId()).withContainerId(sample.id()).exec();
        proxy.awaitRoute(name, r -> r.path("status").asText().equals("error"), ROUTE_WAIT);
        // The client notices the closed connection at its next request.
        dlv.command("breakpoints");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        // Delve's client says "unexpected EOF" or "connection is shut down" depending on timing.
        String closed = "(?s).*Command failed: (unexpected EOF|connection is shut down).*";
        while (!dlv.transcript().stderr().matches(closed) && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        dlv.transcript().assertMatches(closed);
      }
      int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
        throw new AssertionError("port " + port + " still accepts after its route disappeared");
      } catch (java.net.ConnectException expected) {
        // the listener is gone
      }
    }
  }

  /** One full IDE session through {@code listen}: break, trigger, inspect, continue, detach. */
  private static void debugOnce(DelveContainer sample, String listen, String who) throws Exception {
    try (DlvCli dlv = DlvCli.connect(listen)) {
      dlv.awaitPrompt();
      String set = dlv.command("break " + SampleImage.greetingBreakpoint());
      assertTrue(set.contains("set at"), set + "\n" + dlv.transcript().log());
      dlv.send("continue");
      CompletableFuture<HttpGet.Response> hello = HttpGet.asyncWhenUp(sample.httpUrl("/hello?name=" + who), Duration.ofSeconds(30), BLOCKED);
      StopLocation at = StopLocation.require(dlv.awaitPrompt());
      assertEquals("main.helloHandler", at.function(), at.toString());
      assertEquals(SampleImage.greetingLine(), at.line(), at.toString());
      assertEquals("\"hello, " + who + "\"", dlv.command("print greeting"));
      assertFalse(hello.isDone(), "the handler is held at the breakpoint");
      dlv.command("clearall");
      dlv.send("continue");
      assertEquals("hello, " + who + "\n", hello.get(30, TimeUnit.SECONDS).body());
      assertEquals(0, dlv.quitLeavingTargetRunning(), dlv.transcript().log());
    }
  }

  /** Usable and listening: what a user waits for before pointing the IDE at it. */
  private static boolean ready(JsonNode route) {
    return route.path("status").asText().equals("ok") && route.path("listen").isTextual();
  }

  private static String uniqueName(String prefix) {
    return "dp-it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
