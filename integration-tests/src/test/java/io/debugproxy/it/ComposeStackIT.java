package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.debugproxy.it.support.ComposeProject;
import io.debugproxy.it.support.DlvCli;
import io.debugproxy.it.support.HttpGet;
import io.debugproxy.it.support.LoopbackPorts;
import io.debugproxy.it.support.ProxyImage;
import io.debugproxy.it.support.SampleImage;
import io.debugproxy.it.support.Transcript.StopLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;

/**
 * The compose example ({@code dist/compose/docker-compose.yml}) as a user runs it, with Debian's
 * {@code docker-compose} and the locally built images: the proxy sidecar (FROM-scratch image,
 * non-root, read-only root filesystem, Docker socket read-only) discovers the sample service from
 * its labels, and {@code dlv connect} debugs it through the port published on the host's loopback.
 *
 * <p>The Traefik service of the file is not started ({@code up -d debugproxy api}, as the README says
 * for a machine without a registry): Traefik is packaged neither in Debian nor on npm or Maven
 * Central, so there is no local Traefik image. The README's {@code certs init} step then opens the
 * proxy's TLS listener.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ComposeStackIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Room for the other debug targets on this engine: the sidecar discovers every container. */
  private static final int PORTS = 30;
  private static final Duration UP = Duration.ofSeconds(60);
  private static final Duration BLOCKED = Duration.ofSeconds(90);

  @Test
  void debugsTheSampleThroughTheSidecarsLoopbackPort_andStopsCleanly() throws Exception {
    assertTrue(ComposeProject.available(), "docker-compose is missing; run .ci/setup-machine.sh");
    String sampleImage = SampleImage.tag();
    String proxyImage = ProxyImage.tag();
    String id = UUID.randomUUID().toString().substring(0, 8);
    String network = "dp-it-web-" + id;
    int first = LoopbackPorts.range(PORTS);
    int admin = LoopbackPorts.one();
    Path file = SampleImage.repoRoot().resolve("dist/compose/docker-compose.yml");
    Map<String, String> env = Map.of(
        "DEBUGPROXY_IMAGE", proxyImage,
        "SAMPLE_IMAGE", sampleImage,
        "DEBUGPROXY_PORTS", first + "-" + (first + PORTS - 1),
        "DEBUGPROXY_ADMIN_PORT", Integer.toString(admin),
        "DEBUGPROXY_NETWORK", network,
        "DOCKER_GID", dockerSocketGroup());
    DockerClient docker = DockerClientFactory.instance().client();

    try (ComposeProject stack = new ComposeProject(file, "dpit" + id, env)) {
      stack.up("debugproxy", "api");
      String adminUrl = "http://127.0.0.1:" + admin;
      // Until the proxy listens, Docker's port forwarder accepts and then drops the connection.
      await(() -> answers(adminUrl + "/health"), UP, "the admin API on 127.0.0.1:" + admin, stack);

      InspectContainerResponse proxy = docker.inspectContainerCmd(stack.containerId("debugproxy")).exec();
      assertEquals("65532:65532", proxy.getConfig().getUser(), "runs as the image's unprivileged user");
      assertTrue(Boolean.TRUE.equals(proxy.getHostConfig().getReadonlyRootfs()), "read-only root filesystem");

      InspectContainerResponse api = docker.inspectContainerCmd(stack.containerId("api")).exec();
      JsonNode route = awaitRoute(adminUrl, api.getName().substring(1), stack);
      String routeName = route.path("name").asText();
      String listen = route.path("listen").asText();
      int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
      assertTrue(port >= first && port < first + PORTS, "the route's port is in the published range: " + listen);
      String apiIp = api.getNetworkSettings().getNetworks().get(network).getIpAddress();
      assertEquals(apiIp + ":2345", route.path("target").asText(), route.toString());

      // Delve 1.20 with --continue: a client that connects before the program runs can hang (README).
      await(() -> stack.run(List.of("logs", "--no-color", "api")).output().contains("sample listening on"), UP,
          "the sample's own start under Delve", stack);
      debugOnce("127.0.0.1:" + port, "http://" + apiIp + ":8080", "compose");

      String metrics = HttpGet.get(adminUrl + "/metrics").body();
      assertTrue(metrics.contains("debugproxy_connections_total{listener=\"routes\",route=\"" + routeName + "\"} 1\n"),
          metrics);
      assertTrue(metrics.matches("(?s).*\ndebugproxy_routes\\{status=\"ok\"} [1-9][0-9]*\n.*"), metrics);
      assertTrue(metrics.contains("debugproxy_discovery_connected{docker_host=\"unix:///var/run/docker.sock\"} 1\n"),
          metrics);
      assertFalse(metrics.contains("debugproxy_bytes_total{direction=\"out\",listener=\"routes\",route=\"" + routeName
          + "\"} 0\n"), metrics);

      String proxyId = proxy.getId();
      await(() -> "healthy".equals(docker.inspectContainerCmd(proxyId).exec().getState().getHealth().getStatus()),
          Duration.ofSeconds(60), "HEALTHCHECK (proxy health) to report healthy", stack);

      // README: the CA, made in the proxy's volume, opens the TLS listener after a restart.
      assertFalse(proxyLog(stack).contains("event=tls_listening"), "no TLS listener before the CA exists");
      ComposeProject.Result init = stack.run(List.of("run", "--rm", "debugproxy", "certs", "init",
          "--dir", "/etc/debugproxy/certs"));
      assertEquals(0, init.exitCode(), init.output());
      ComposeProject.Result restart = stack.run(List.of("restart", "debugproxy"));
      assertEquals(0, restart.exitCode(), restart.output());
      await(() -> answers(adminUrl + "/health"), UP, "the admin API after the restart", stack);
      await(() -> proxyLog(stack).contains("event=tls_listening"), UP, "the TLS listener to open", stack);
      String tlsMetrics = HttpGet.get(adminUrl + "/metrics").body();
      assertTrue(tlsMetrics.contains("debugproxy_handshake_failures_total{listener=\"tls\",reason=\"unknown_sni\"} 0\n"),
          tlsMetrics);

      ComposeProject.Result stop = stack.run(List.of("stop", "-t", "20", "debugproxy"));
      assertEquals(0, stop.exitCode(), stop.output());
      InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(proxyId).exec().getState();
      assertEquals(0L, state.getExitCodeLong(), "SIGTERM is a clean exit\n" + stack.logs());
      assertTrue(proxyLog(stack).contains("event=serve_stopped"), stack.logs());
    }
  }

  @Test
  void defaults_publishTwentyRoutePortsOneToOne() {
    assertTrue(ComposeProject.available(), "docker-compose is missing; run .ci/setup-machine.sh");
    Path file = SampleImage.repoRoot().resolve("dist/compose/docker-compose.yml");
    // Empty counts as unset for ${VAR:-default}: whatever this machine exports, the file's defaults apply.
    Map<String, String> env = Map.of("DEBUGPROXY_PORTS", "", "DEBUGPROXY_ADMIN_PORT", "", "DOCKER_GID", "0");
    ComposeProject.Result config = new ComposeProject(file, "dpitcfg", env).run(List.of("config"));

    assertEquals(0, config.exitCode(), config.output());
    Set<Integer> routePorts = new TreeSet<>();
    Matcher published = Pattern.compile("127\\.0\\.0\\.1:(\\d+):(\\d+)/tcp").matcher(config.stdout());
    while (published.find()) {
      int port = Integer.parseInt(published.group(1));
      if (port >= 40000 && port < 41000) {
        assertEquals(published.group(1), published.group(2), "published on the same port number");
        routePorts.add(port);
      }
    }
    assertEquals(IntStream.rangeClosed(40000, 40019).boxed().toList(), List.copyOf(routePorts), config.stdout());
    assertTrue(config.stdout().contains("DEBUGPROXY_PORTS: 40000-40019"), "the proxy uses the range it publishes\n"
        + config.stdout());
  }

  private static String proxyLog(ComposeProject stack) {
    return stack.run(List.of("logs", "--no-color", "debugproxy")).output();
  }

  /** One IDE session through {@code listen}: break, trigger, inspect, continue, detach. */
  private static void debugOnce(String listen, String app, String who) throws Exception {
    try (DlvCli dlv = DlvCli.connect(listen)) {
      dlv.awaitPrompt();
      String set = dlv.command("break " + SampleImage.greetingBreakpoint());
      assertTrue(set.contains("set at"), set + "\n" + dlv.transcript().log());
      dlv.send("continue");
      CompletableFuture<HttpGet.Response> hello = HttpGet.asyncWhenUp(app + "/hello?name=" + who, Duration.ofSeconds(30), BLOCKED);
      StopLocation at = StopLocation.require(dlv.awaitPrompt());
      assertEquals("main.helloHandler", at.function(), at.toString());
      assertEquals("\"hello, " + who + "\"", dlv.command("print greeting"));
      dlv.command("clearall");
      dlv.send("continue");
      assertEquals("hello, " + who + "\n", hello.get(30, TimeUnit.SECONDS).body());
      assertEquals(0, dlv.quitLeavingTargetRunning(), dlv.transcript().log());
    }
  }

  private static boolean answers(String url) {
    try {
      return HttpGet.get(url, Duration.ofSeconds(3)).status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The route of {@code container}: its name is the compose service's, unless another project has one too. */
  private static JsonNode awaitRoute(String adminUrl, String container, ComposeProject stack) throws IOException {
    long deadline = System.nanoTime() + UP.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      for (JsonNode route : JSON.readTree(HttpGet.get(adminUrl + "/routes").body())) {
        if (container.equals(route.path("container").asText())) {
          last = route;
          if (route.path("status").asText().equals("ok") && route.path("listen").isTextual()) {
            return route;
          }
        }
      }
      sleep(200);
    }
    throw new AssertionError("route of " + container + " not ready within " + UP + "; last seen: " + last + "\n" + stack.logs());
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what, ComposeProject stack) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "\n" + stack.logs());
      }
      sleep(500);
    }
  }

  /** The group owning the Docker socket, which the non-root proxy joins (compose group_add). */
  private static String dockerSocketGroup() throws IOException {
    Path socket = Paths.get("/var/run/docker.sock");
    return Files.getAttribute(socket, "unix:gid").toString();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
