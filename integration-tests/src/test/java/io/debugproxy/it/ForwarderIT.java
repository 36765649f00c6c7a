package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.debugproxy.it.support.DelveContainer;
import io.debugproxy.it.support.DlvCli;
import io.debugproxy.it.support.HttpGet;
import io.debugproxy.it.support.ProxyImage;
import io.debugproxy.it.support.ProxyProcess;
import io.debugproxy.it.support.SampleImage;
import io.debugproxy.it.support.Transcript.StopLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.testcontainers.containers.Network;

/**
 * {@code docker.forwarders: true}: a Delve bound to 127.0.0.1 inside its container, which nothing
 * outside could reach, is debugged end to end through a forwarder container the proxy runs in the
 * target's network namespace, as Delve's own user; the forwarder lives exactly as long as it is needed.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ForwarderIT {

  /** Label the proxy puts on its forwarders: the id of the target container. */
  private static final String FORWARDER_FOR = "debugproxy.forwarder.for";
  private static final Duration ROUTE_WAIT = Duration.ofSeconds(60);
  private static final Duration BLOCKED = Duration.ofSeconds(90);
  private static final List<String> LOOPBACK_DLV = List.of("exec", "/app", "--headless", "--listen=127.0.0.1:2345",
      "--api-version=2", "--accept-multiclient", "--continue");
  private static Network network;
  private static String image;
  private static DockerClient docker;

  @TempDir
  Path work;

  private ProxyProcess proxy;

  @BeforeAll
  static void images() {
    image = ProxyImage.tag();
    SampleImage.tag();
    network = Network.newNetwork();
    docker = DockerClientFactory.instance().client();
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
  void loopbackDelve_isDebuggedThroughTheForwarder_andTheForwarderGoesWithTheTarget() throws Exception {
    String name = uniqueName("loop");
    // An unprivileged Delve: its --only-same-user check refuses loopback clients of any other user.
    try (DelveContainer sample = new DelveContainer().withNetwork(network).withName(name).withUser("1000")
        .withDlvArgs(LOOPBACK_DLV)) {
      sample.start();
      proxy = ProxyProcess.configure(work, forwarders()).start();
      JsonNode route = proxy.awaitRoute(name,
          r -> ready(r) && r.path("note").asText().contains("(forwarder debugproxy-fwd-"), ROUTE_WAIT);
      assertEquals(sample.ipAddress() + ":2345", route.path("target").asText(), route.toString());
      assertTrue(route.path("note").asText().startsWith("via forwarder: dlv listens on 127.0.0.1:2345"), route.toString());

      InspectContainerResponse helper = docker.inspectContainerCmd(onlyForwarderOf(sample.id()).getId()).exec();
      assertEquals("container:" + sample.id(), helper.getHostConfig().getNetworkMode());
      assertEquals("1000", helper.getConfig().getUser(), "the forwarder runs as Delve's user");
      assertEquals(image, helper.getConfig().getImage());
      assertEquals(Boolean.TRUE, helper.getHostConfig().getReadonlyRootfs(), "the forwarder writes nothing");
      assertEquals("[ALL]", java.util.Arrays.toString(helper.getHostConfig().getCapDrop()));

      ProxyProcess.CommandResult table = ProxyProcess.cli(work, "routes", "--admin", proxy.adminAddress());
      assertEquals(0, table.exitCode(), table.stderr());
      assertTrue(table.stdout().contains("via forwarder"), table.stdout());

      ProxyProcess.CommandResult doctor = ProxyProcess.cli(work, "doctor", name, "--json",
          "--config", work.resolve("proxy.yaml").toString());
      JsonNode report = new ObjectMapper().readTree(doctor.stdout());
      assertEquals(0, doctor.exitCode(), doctor.stdout() + doctor.stderr());
      assertTrue(report.toString().contains("through a forwarder"), report.toString());

      // Without the configuration, doctor asks the running proxy, which forwards.
      ProxyProcess.CommandResult live = ProxyProcess.cli(work, "doctor", name, "--json", "--admin", proxy.adminAddress());
      JsonNode liveReport = new ObjectMapper().readTree(live.stdout());
      assertEquals(0, live.exitCode(), live.stdout() + live.stderr());
      assertTrue(liveReport.toString().contains("checked against the running proxy at " + proxy.adminAddress()),
          liveReport.toString());
      assertTrue(liveReport.toString().contains("the running proxy reaches it through a forwarder"), liveReport.toString());

      try {
        debugOnce(sample, route.path("listen").asText(), "forwarded");
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nproxy log:\n" + proxy.log() + "\nforwarder log:\n"
            + forwarderLog(sample.id()), e);
      }

      docker.stopContainerCmd(sample.id()).withTimeout(2).exec();
      proxy.awaitNoRoute(name, ROUTE_WAIT);
      awaitNoForwarderOf(sample.id(), Duration.ofSeconds(30));
    }
    assertEquals(0, proxy.stop(), "SIGTERM is a clean exit");
  }

  @Test
  void leftoverForwarders_areRemovedAtStart_andForwardersAtStop() throws Exception {
    String leftover = docker.createContainerCmd(SampleImage.tag()).withName(uniqueName("leftover"))
        .withLabels(Map.of(FORWARDER_FOR, "0123456789abcdef", DelveContainer.LABEL, "true",
            DelveContainer.SESSION_LABEL, DelveContainer.SESSION))
        .exec().getId();
    String name = uniqueName("stop");
    try (DelveContainer sample = new DelveContainer().withNetwork(network).withName(name).withDlvArgs(LOOPBACK_DLV)) {
      sample.start();
      proxy = ProxyProcess.configure(work, forwarders()).start();
      assertTrue(docker.listContainersCmd().withShowAll(true).exec().stream().noneMatch(c -> c.getId().equals(leftover)),
          "a forwarder of an earlier run is gone once the proxy is up");
      JsonNode route = proxy.awaitRoute(name,
          r -> ready(r) && r.path("note").asText().contains("(forwarder debugproxy-fwd-"), ROUTE_WAIT);
      assertEquals("0", docker.inspectContainerCmd(onlyForwarderOf(sample.id()).getId()).exec().getConfig().getUser(),
          "Delve runs as root here, and so does its forwarder");
      try (DlvCli dlv = DlvCli.connect(route.path("listen").asText())) {
        dlv.awaitPrompt();
        assertTrue(dlv.command("funcs main.helloHandler").contains("main.helloHandler"), dlv.transcript().log());
        assertEquals(0, dlv.exitAnswering("n"), dlv.transcript().log());
      }
      assertEquals(0, proxy.stop(), "SIGTERM is a clean exit");
      awaitNoForwarderOf(sample.id(), Duration.ofSeconds(10));
      assertTrue(sample.runningNow(), "the target outlives its forwarder");
    }
  }

  @Test
  void twoProxiesOnOneEngine_keepTheirOwnForwarders_andBothDebugTheSameTarget() throws Exception {
    String name = uniqueName("two");
    try (DelveContainer sample = new DelveContainer().withNetwork(network).withName(name).withDlvArgs(LOOPBACK_DLV);
         ProxyProcess other = ProxyProcess.configure(work.resolve("b"), forwarders())) {
      sample.start();
      proxy = ProxyProcess.configure(work.resolve("a"), forwarders()).start();
      JsonNode routeA = proxy.awaitRoute(name,
          r -> ready(r) && r.path("note").asText().contains("(forwarder debugproxy-fwd-"), ROUTE_WAIT);
      String helperA = onlyForwarderOf(sample.id()).getId();

      other.start();
      JsonNode routeB = other.awaitRoute(name,
          r -> ready(r) && r.path("note").asText().contains("(forwarder debugproxy-fwd-"), ROUTE_WAIT);
      assertFalse(other.log().contains("forwarder_leftover_removed"), other.log());
      List<Container> helpers = forwardersOf(sample.id());
      assertEquals(2, helpers.size(), "one forwarder per proxy: " + helpers);
      assertTrue(helpers.stream().anyMatch(c -> c.getId().equals(helperA)), "proxy A's forwarder survived B's start");
      assertEquals(2, helpers.stream().map(c -> c.getNames()[0]).distinct().count(), helpers.toString());
      assertFalse(routeA.path("target").asText().equals(routeB.path("target").asText()),
          "the second forwarder listens on a port of its own: " + routeA + " " + routeB);

      for (ProxyProcess p : List.of(other, proxy)) {
        try (DlvCli dlv = DlvCli.connect(p.routeOfContainer(name).orElseThrow().path("listen").asText())) {
          dlv.awaitPrompt();
          assertTrue(dlv.command("funcs main.helloHandler").contains("main.helloHandler"), dlv.transcript().log());
          assertEquals(0, dlv.exitAnswering("n"), dlv.transcript().log());
        }
      }
      assertEquals(0, other.stop(), "SIGTERM is a clean exit");
      List<Container> left = forwardersOf(sample.id());
      assertEquals(List.of(helperA), left.stream().map(Container::getId).toList(), "B took only its own forwarder");
      assertEquals("ok", proxy.routeOfContainer(name).orElseThrow().path("status").asText(), proxy.log());
      for (String line : proxy.log().lines().toList()) {
        assertTrue(line.matches("\\d{4}-\\d{2}-\\d{2}T.* level=.*"), "one line per event, not: " + line);
      }
    }
  }

  private static String forwarders() {
    return "docker: { forwarders: true, forwarderImage: \"" + image + "\" }\n";
  }

  private static Container onlyForwarderOf(String target) {
    List<Container> helpers = forwardersOf(target);
    assertEquals(1, helpers.size(), "forwarders of " + target + ": " + helpers);
    return helpers.get(0);
  }

  private static String forwarderLog(String target) {
    List<Container> helpers = forwardersOf(target);
    if (helpers.isEmpty()) {
      return "(no forwarder)";
    }
    Process p;
    try {
      p = new ProcessBuilder("docker", "logs", helpers.get(0).getId()).redirectErrorStream(true).start();
      return new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static List<Container> forwardersOf(String target) {
    // Filtered here rather than by the engine, whose filters the test client does not pass on reliably.
    return docker.listContainersCmd().withShowAll(true).exec().stream()
        .filter(c -> c.getLabels() != null && target.equals(c.getLabels().get(FORWARDER_FOR)))
        .toList();
  }

  private static void awaitNoForwarderOf(String target, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!forwardersOf(target).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("forwarder of " + target + " still there after " + timeout + ": "
            + forwardersOf(target));
      }
      Thread.sleep(200);
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
      assertEquals("\"hello, " + who + "\"", dlv.command("print greeting"));
      assertFalse(hello.isDone(), "the handler is held at the breakpoint");
      dlv.command("clearall");
      dlv.send("continue");
      assertEquals("hello, " + who + "\n", hello.get(30, TimeUnit.SECONDS).body());
      assertEquals(0, dlv.quitLeavingTargetRunning(), dlv.transcript().log());
    }
  }

  private static boolean ready(JsonNode route) {
    return route.path("status").asText().equals("ok") && route.path("listen").isTextual();
  }

  private static String uniqueName(String prefix) {
    return "dp-it-fwd-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
