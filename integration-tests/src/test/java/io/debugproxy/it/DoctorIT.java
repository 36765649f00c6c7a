package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import io.debugproxy.it.support.DelveContainer;
import io.debugproxy.it.support.ProxyProcess;
import io.debugproxy.it.support.ProxyProcess.CommandResult;
import io.debugproxy.it.support.SampleImage;
import io.debugproxy.it.support.SampleVariant;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.lifecycle.Startables;

/**
 * {@code proxy doctor} against real containers, each built to break debugging in one way: it
 * must name the fault and its fix, exit 1 when something fails, and never take the only
 * connection of a single-client Delve.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DoctorIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  /** A compose-like project: networks named {@code <project>_<name>}. */
  private static final String PROJECT = "dpit" + RUN;
  private static final List<String> MULTICLIENT = List.of("exec", "/app", "--headless", "--listen=:2345",
      "--api-version=2", "--accept-multiclient", "--continue");

  private static final List<DelveContainer> started = new ArrayList<>();
  private static final List<String> rawContainers = new ArrayList<>();
  private static final List<String> networks = new ArrayList<>();
  private static DockerClient docker;

  private static DelveContainer healthy;
  private static DelveContainer loopback;
  private static DelveContainer noPtrace;
  private static DelveContainer optimizedRunning;
  private static DelveContainer optimizedHalted;
  private static DelveContainer singleClient;
  private static DelveContainer wrongTraefikNetwork;
  private static DelveContainer stoppedOnPurpose;
  private static String ptraceDenied;
  private static String cannotBind;
  private static String stripped;
  private static String plain;
  /** A loopback port where no proxy answers: what a proxy on this machine does must not change the outcome. */
  private static int noProxy;

  @TempDir
  Path work;

  @BeforeAll
  static void startFaultyTargets() throws Exception {
    docker = DockerClientFactory.instance().client();
    String optimized = SampleVariant.OPTIMIZED.tag();
    SampleImage.tag();
    String front = network(PROJECT + "_front");
    String backend = network(PROJECT + "_backend");
    healthy = target("ok", new DelveContainer());
    loopback = target("loopback", new DelveContainer().withDlvArgs(List.of("exec", "/app", "--headless",
        "--listen=127.0.0.1:2345", "--api-version=2", "--accept-multiclient", "--continue")));
    noPtrace = target("noptrace", new DelveContainer().withCreateContainerCmdModifier(cmd -> cmd.withHostConfig(
        cmd.getHostConfig().withCapAdd().withSecurityOpts(List.of()))));
    optimizedRunning = target("opt-run", new DelveContainer(optimized).withDlvArgs(MULTICLIENT));
    // Without --continue the program waits at its entry: Delve then answers about the build itself.
    optimizedHalted = target("opt-halt", new DelveContainer(optimized).withDlvArgs(List.of("exec", "/app",
        "--headless", "--listen=:2345", "--api-version=2", "--accept-multiclient")));
    singleClient = target("single", new DelveContainer().withDlvArgs(SampleImage.SINGLE_CLIENT_ARGS));
    wrongTraefikNetwork = target("traefik", new DelveContainer().withNetworkMode(front)
        .withLabel("traefik.enable", "true").withLabel("traefik.docker.network", "backend"));
    stoppedOnPurpose = target("stopped", new DelveContainer());
    Startables.deepStart(started.stream()).join();
    docker.connectToNetworkCmd().withNetworkId(backend).withContainerId(wrongTraefikNetwork.id()).exec();
    docker.stopContainerCmd(stoppedOnPurpose.id()).withTimeout(5).exec();
    ptraceDenied = startPtraceDenied();
    // Delve told to listen on an address its container does not have: it says so and exits 1.
    cannotBind = startAndAwaitExit("bind", SampleImage.tag(), List.of("/dlv"), List.of("exec", "/app", "--headless",
        "--listen=10.255.255.1:2345", "--api-version=2", "--accept-multiclient", "--continue"));
    stripped = startAndAwaitExit("stripped", SampleVariant.STRIPPED.tag(), null, null);
    plain = startRaw("plain", SampleImage.tag(), List.of("/app"), List.of());
    noProxy = ProxyProcess.freePort();
  }

  @AfterAll
  static void removeTargets() {
    started.forEach(DelveContainer::stop);
    for (String id : rawContainers) {
      try {
        docker.removeContainerCmd(id).withForce(true).exec();
      } catch (RuntimeException e) {
        // already gone
      }
    }
    for (String n : networks) {
      try {
        docker.removeNetworkCmd(n).exec();
      } catch (RuntimeException e) {
        // still in use by a container that failed to stop; the JVM's cleanup removes that one
      }
    }
  }

  @Test
  void healthyTarget_passesEveryCheck_andExitsZero() throws Exception {
    CommandResult r = doctor(healthy.name(), "--json");
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    JsonNode report = JSON.readTree(r.stdout());
    assertTrue(report.path("ok").asBoolean(), r.stdout());
    for (JsonNode check : report.path("checks")) {
      String status = check.path("status").asText();
      assertTrue(status.equals("pass") || status.equals("skip"), check.toString());
    }
    JsonNode api = check(report, "target.delve-api");
    assertTrue(api.path("message").asText().matches("Delve \\d+\\.\\d+\\.\\d+ answers at .*"), api.toString());
    assertEquals("pass", check(report, "target.go-version").path("status").asText());
    assertEquals("pass", check(report, "docker.reachable").path("status").asText());
    assertEquals("pass", check(report, "proxy.networks").path("status").asText());
  }

  @Test
  void loopbackBind_failsWithTheListenFix() throws Exception {
    CommandResult r = doctor(loopback.name(), "--json");
    assertEquals(1, r.exitCode(), r.stdout() + r.stderr());
    JsonNode listen = check(JSON.readTree(r.stdout()), "target.listen");
    assertEquals("fail", listen.path("status").asText());
    assertTrue(listen.path("message").asText().contains("127.0.0.1:2345"), listen.toString());
    assertTrue(listen.path("fix").asText().contains("--listen=:2345"), listen.toString());
    assertTrue(listen.path("fix").asText().contains("docker.forwarders: true"), listen.toString());
  }

  @Test
  void noPtraceCapability_warnsWithTheCapAddFix() throws Exception {
    CommandResult r = doctor(noPtrace.name(), "--json");
    JsonNode ptrace = check(JSON.readTree(r.stdout()), "target.ptrace");
    assertEquals("warn", ptrace.path("status").asText(), r.stdout());
    assertTrue(ptrace.path("message").asText().contains("without the SYS_PTRACE capability"), ptrace.toString());
    assertTrue(ptrace.path("fix").asText().contains("--cap-add SYS_PTRACE --security-opt seccomp=unconfined"),
        ptrace.toString());
  }

  @Test
  void ptraceRefused_isReadFromDelvesLog_andFails() throws Exception {
    CommandResult r = doctor(ptraceDenied, "--json");
    assertEquals(1, r.exitCode(), r.stdout() + r.stderr());
    JsonNode report = JSON.readTree(r.stdout());
    JsonNode ptrace = check(report, "target.ptrace");
    assertEquals("fail", ptrace.path("status").asText(), r.stdout());
    assertTrue(ptrace.path("message").asText().contains("operation not permitted"), ptrace.toString());
    assertTrue(ptrace.path("fix").asText().contains("cap_add: [SYS_PTRACE]"), ptrace.toString());
    assertEquals("fail", check(report, "target.running").path("status").asText(), r.stdout());
  }

  @Test
  void optimizedBuild_isSeenByDelve_whenTheProgramIsStopped() throws Exception {
    JsonNode report = JSON.readTree(doctor(optimizedHalted.name(), "--json").stdout());
    JsonNode optimized = check(report, "target.optimized");
    assertEquals("warn", optimized.path("status").asText(), report.toString());
    assertTrue(optimized.path("message").asText().contains("Delve reports main.main as optimized"), optimized.toString());
    assertTrue(optimized.path("fix").asText().contains("-gcflags='all=-N -l'"), optimized.toString());
    assertTrue(check(report, "target.delve-api").path("message").asText().contains("program stopped"), report.toString());
  }

  @Test
  void optimizedBuild_isReadFromTheBinary_whileTheProgramRuns() throws Exception {
    JsonNode report = JSON.readTree(doctor(optimizedRunning.name(), "--json").stdout());
    JsonNode optimized = check(report, "target.optimized");
    assertEquals("warn", optimized.path("status").asText(), report.toString());
    assertTrue(optimized.path("message").asText().contains("built with optimizations"), optimized.toString());
    assertTrue(optimized.path("fix").asText().contains("-gcflags='all=-N -l'"), optimized.toString());
    // Delve told its range; the binary told the Go release.
    assertEquals("pass", check(report, "target.go-version").path("status").asText(), report.toString());
  }

  @Test
  void singleClientDelve_warns_andIsNeverConnectedTo() throws Exception {
    CommandResult r = doctor(singleClient.name(), "--json");
    JsonNode report = JSON.readTree(r.stdout());
    JsonNode multi = check(report, "target.multiclient");
    assertEquals("warn", multi.path("status").asText(), r.stdout());
    assertTrue(multi.path("message").asText().contains("first IDE disconnect kills the program"), multi.toString());
    assertTrue(multi.path("fix").asText().contains("--accept-multiclient"), multi.toString());
    assertEquals("skip", check(report, "target.delve-api").path("status").asText(), r.stdout());
    // Had doctor connected, Delve would have served it and killed the program when it left.
    Thread.sleep(1000);
    assertTrue(singleClient.runningNow(), "the single-client Delve must still wait for its IDE");
  }

  @Test
  void traefikNetworkWithoutComposePrefix_failsNamingTheRightNetwork() throws Exception {
    CommandResult r = doctor(wrongTraefikNetwork.name(), "--json");
    assertEquals(1, r.exitCode(), r.stdout() + r.stderr());
    JsonNode net = check(JSON.readTree(r.stdout()), "target.traefik-network");
    assertEquals("fail", net.path("status").asText());
    assertTrue(net.path("message").asText().contains("'backend'"), net.toString());
    assertTrue(net.path("fix").asText().contains("traefik.docker.network=" + PROJECT + "_backend"), net.toString());
  }

  @Test
  void textReport_printsOneLinePerCheckWithItsFix() {
    CommandResult r = doctor(loopback.name());
    assertEquals(1, r.exitCode(), r.stdout() + r.stderr());
    List<String> lines = r.stdout().lines().toList();
    String listen = lines.stream().filter(l -> l.startsWith("fail") && l.contains("127.0.0.1:2345")).findFirst()
        .orElseThrow(() -> new AssertionError(r.stdout()));
    assertTrue(listen.contains(loopback.name()) && listen.contains("; fix: start dlv with --listen=:2345"), listen);
    assertTrue(lines.get(lines.size() - 1).startsWith("doctor: ") && lines.get(lines.size() - 1).contains("fail"),
        r.stdout());
    for (String line : lines.subList(0, lines.size() - 1)) {
      assertTrue(line.matches("(pass|warn|fail|skip)  .*"), line);
    }
  }

  @Test
  void unknownTarget_isBadInput() {
    CommandResult r = doctor("no-such-route-" + RUN);
    assertEquals(2, r.exitCode(), r.stdout() + r.stderr());
    assertTrue(r.stderr().contains("no route and no container is named 'no-such-route-" + RUN + "'"), r.stderr());
  }

  @Test
  void unknownTarget_withJson_isAJsonErrorOnStdout() throws Exception {
    CommandResult r = doctor("--json", "no-such-route-" + RUN);
    assertEquals(2, r.exitCode(), r.stdout() + r.stderr());
    JsonNode error = JSON.readTree(r.stdout());
    assertEquals(false, error.path("ok").asBoolean(true), r.stdout());
    assertTrue(error.path("error").asText().contains("no route and no container is named 'no-such-route-" + RUN + "'"),
        r.stdout());
  }

  @Test
  void existingContainerWithoutDelve_isNamedAsNoDebugTarget_andWhy() throws Exception {
    CommandResult r = doctor(plain, "--json");
    assertEquals(1, r.exitCode(), r.stdout() + r.stderr());
    JsonNode dlv = check(JSON.readTree(r.stdout()), "target.dlv");
    assertEquals("fail", dlv.path("status").asText(), r.stdout());
    assertTrue(dlv.path("message").asText().contains("container " + plain + " exists but is not a debug target"), dlv.toString());
    assertTrue(dlv.path("message").asText().contains("runs no dlv --headless"), dlv.toString());
    assertTrue(dlv.path("message").asText().contains("no label debugproxy.enable=true"), dlv.toString());
  }

  @Test
  void delveThatExitedOnItsOwn_isQuoted_andTheFixNamesTheFailingCheck() throws Exception {
    CommandResult r = doctor(cannotBind, "--json");
    assertEquals(1, r.exitCode(), r.stdout() + r.stderr());
    JsonNode report = JSON.readTree(r.stdout());
    JsonNode running = check(report, "target.running");
    assertEquals("fail", running.path("status").asText(), r.stdout());
    assertTrue(running.path("message").asText().contains("bind: cannot assign requested address"), running.toString());
    JsonNode listen = check(report, "target.listen");
    assertEquals("fail", listen.path("status").asText(), r.stdout());
    assertTrue(listen.path("fix").asText().contains("--listen=:2345"), listen.toString());
  }

  @Test
  void containerStoppedOnPurpose_isAWarning_withoutPointingAtPassingChecks() throws Exception {
    CommandResult r = doctor(stoppedOnPurpose.name(), "--json");
    JsonNode report = JSON.readTree(r.stdout());
    JsonNode running = check(report, "target.running");
    assertEquals("warn", running.path("status").asText(), r.stdout());
    assertEquals("docker start " + stoppedOnPurpose.name(), running.path("fix").asText(), running.toString());
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
  }

  @Test
  void strippedBinary_failsItsDebugInfo_withoutAlsoWarningOfOptimizations() throws Exception {
    CommandResult r = doctor(stripped, "--json");
    assertEquals(1, r.exitCode(), r.stdout() + r.stderr());
    JsonNode report = JSON.readTree(r.stdout());
    assertEquals("fail", check(report, "target.debug-info").path("status").asText(), r.stdout());
    for (JsonNode c : report.path("checks")) {
      assertTrue(!c.path("check").asText().equals("target.optimized"), r.stdout());
    }
  }

  @Test
  void staticRoute_isChecked_withoutConnectingToItsDelve() throws Exception {
    try (ServerSocketChannel delve = ServerSocketChannel.open()) {
      delve.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      delve.configureBlocking(false);
      int port = ((InetSocketAddress) delve.getLocalAddress()).getPort();
      Path cfg = work.resolve("static.yaml");
      Files.writeString(cfg, "routes:\n  - name: hostsvc\n    delve: 127.0.0.1:" + port + "\n");
      CommandResult r = doctor("-c", cfg.toString(), "hostsvc", "--json");
      assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
      JsonNode report = JSON.readTree(r.stdout());
      assertEquals("pass", check(report, "static.address").path("status").asText(), r.stdout());
      assertEquals("pass", check(report, "static.reach").path("status").asText(), r.stdout());
      JsonNode delveCheck = check(report, "static.delve");
      assertEquals("skip", delveCheck.path("status").asText(), r.stdout());
      assertTrue(delveCheck.path("message").asText().contains("was not contacted"), delveCheck.toString());
      assertEquals(null, delve.accept(), "doctor connected to the static route's Delve");
    }
  }

  @Test
  void missingForwarderImage_fails_namingTheBuildScript() throws Exception {
    Path cfg = work.resolve("forwarders.yaml");
    String image = "dp-it-nosuch-" + RUN + ":dev";
    Files.writeString(cfg, "docker: { forwarders: true, forwarderImage: \"" + image + "\" }\n");
    CommandResult r = doctor("-c", cfg.toString(), healthy.name(), "--json");
    assertEquals(1, r.exitCode(), r.stdout() + r.stderr());
    JsonNode img = check(JSON.readTree(r.stdout()), "proxy.forwarder-image");
    assertEquals("fail", img.path("status").asText(), r.stdout());
    assertTrue(img.path("message").asText().contains(image), img.toString());
    assertTrue(img.path("fix").asText().contains("dist/image/build-image.sh " + image), img.toString());
  }

  private CommandResult doctor(String... args) {
    List<String> all = new ArrayList<>(List.of("doctor", "--admin", "127.0.0.1:" + noProxy));
    all.addAll(List.of(args));
    return ProxyProcess.cli(work, all.toArray(new String[0]));
  }

  private static JsonNode check(JsonNode report, String id) {
    for (JsonNode c : report.path("checks")) {
      if (c.path("check").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no check " + id + " in " + report);
  }

  private static DelveContainer target(String role, DelveContainer c) {
    started.add(c.withName("dp-it-doc-" + role + "-" + RUN));
    return c;
  }

  private static String network(String name) {
    docker.createNetworkCmd().withName(name).withLabels(Map.of(DelveContainer.LABEL, "true")).exec();
    networks.add(name);
    return name;
  }

  /** A container of {@code image} started without Testcontainers (which would wait for Delve); returns its name. */
  private static String startRaw(String role, String image, List<String> entrypoint, List<String> args) {
    String name = "dp-it-doc-" + role + "-" + RUN;
    var create = docker.createContainerCmd(image).withName(name)
        .withLabels(Map.of(DelveContainer.LABEL, "true", DelveContainer.SESSION_LABEL, DelveContainer.SESSION))
        .withHostConfig(HostConfig.newHostConfig().withSecurityOpts(List.of("seccomp=unconfined")));
    if (entrypoint != null) {
      create.withEntrypoint(entrypoint);
    }
    if (args != null && !args.isEmpty()) {
      create.withCmd(args);
    }
    String id = create.exec().getId();
    rawContainers.add(id);
    docker.startContainerCmd(id).exec();
    return name;
  }

  /** As {@link #startRaw}, then waits until the container has exited on its own. */
  private static String startAndAwaitExit(String role, String image, List<String> entrypoint, List<String> args)
      throws InterruptedException {
    String name = startRaw(role, image, entrypoint, args);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (Boolean.TRUE.equals(docker.inspectContainerCmd(name).exec().getState().getRunning())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("container " + name + " kept running");
      }
      Thread.sleep(100);
    }
    return name;
  }

  /**
   * A Delve whose ptrace calls the kernel refuses (a seccomp profile denying ptrace, as older
   * engines' default profile did): it prints "operation not permitted" and exits at once, so it is
   * run without Testcontainers' start-up checks.
   */
  private static String startPtraceDenied() throws InterruptedException {
    String profile = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"ptrace\"],"
        + "\"action\":\"SCMP_ACT_ERRNO\"}]}";
    String name = "dp-it-doc-eperm-" + RUN;
    String id = docker.createContainerCmd(SampleImage.tag()).withName(name)
        .withLabels(Map.of(DelveContainer.LABEL, "true", DelveContainer.SESSION_LABEL, DelveContainer.SESSION))
        .withHostConfig(HostConfig.newHostConfig().withSecurityOpts(List.of("seccomp=" + profile)))
        .exec().getId();
    rawContainers.add(id);
    docker.startContainerCmd(id).exec();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Delve kept running although ptrace is denied");
      }
      Thread.sleep(100);
    }
    return name;
  }
}
