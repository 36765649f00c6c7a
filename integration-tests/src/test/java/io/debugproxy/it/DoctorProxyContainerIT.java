package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import io.debugproxy.it.support.DelveContainer;
import io.debugproxy.it.support.ProxyImage;
import io.debugproxy.it.support.ProxyProcess;
import io.debugproxy.it.support.ProxyProcess.CommandResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * {@code proxy doctor} and a proxy that runs in a container of its own (the compose set-up). Run
 * inside that container, as the README says, doctor checks that proxy: a target on a network the
 * proxy is not on fails with one fix naming the network to join, and Delve is not asked. Run on
 * the host, doctor never takes some proxy container on the engine for "the proxy".
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DoctorProxyContainerIT {

  private static final Path SOCKET = Path.of("/var/run/docker.sock");

  @TempDir
  Path work;

  @Test
  void insideTheProxyContainer_aTargetOnAnotherNetworkFails_withOneFix_andDelveIsNotAsked() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String proxyName = "dp-it-docproxy-" + run;
    String targetName = "dp-it-doctarget-" + run;
    String project = "dpit" + run;
    DockerClient docker = DockerClientFactory.instance().client();
    List<String> networks = new ArrayList<>();
    try (Network proxyNet = Network.newNetwork();
         GenericContainer<?> proxy = proxySidecar(proxyName, proxyNet, true)) {
      networks.add(network(docker, project + "_other"));
      networks.add(network(docker, project + "_web"));
      try (DelveContainer target = new DelveContainer().withNetworkMode(networks.get(0)).withName(targetName)
          .withLabel("traefik.enable", "true").withLabel("traefik.docker.network", "web")) {
        proxy.start();
        target.start();
        docker.connectToNetworkCmd().withNetworkId(networks.get(1)).withContainerId(target.id()).exec();

        // The README's way: the image has no 'proxy' on its PATH; its entrypoint is this command line.
        CommandResult r = exec(proxyName, "/opt/java/bin/java", "-jar", "/opt/debugproxy/proxy.jar", "doctor",
            targetName, "--json");
        assertEquals(1, r.exitCode(), r.stdout() + r.stderr());
        JsonNode report = new ObjectMapper().readTree(r.stdout());
        assertTrue(check(report, "proxy.source").path("message").asText()
            .startsWith("checked against the running proxy at 127.0.0.1:9180"), report.toString());
        assertTrue(check(report, "proxy.networks").path("message").asText()
            .contains("the running proxy runs in container " + proxyName), report.toString());
        JsonNode network = check(report, "target.network");
        assertEquals("fail", network.path("status").asText(), report.toString());
        assertTrue(network.path("message").asText().contains("share no network"), network.toString());
        assertTrue(network.path("fix").asText().contains("docker network connect " + project + "_web " + proxyName),
            network.toString());
        JsonNode traefik = check(report, "target.traefik-network");
        assertTrue(traefik.path("fix").asText().contains("traefik.docker.network=" + project + "_web"), traefik.toString());
        JsonNode api = check(report, "target.delve-api");
        assertEquals("skip", api.path("status").asText(), api.toString());
        assertTrue(api.path("message").asText().contains("not reachable from the proxy"), api.toString());
      }
    } finally {
      networks.forEach(n -> {
        try {
          docker.removeNetworkCmd(n).exec();
        } catch (RuntimeException e) {
          // still in use by a container being removed; the JVM's cleanup removes that one
        }
      });
    }
  }

  @Test
  void onTheHost_someoneElsesProxyContainer_isNotTakenForTheProxy() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String sidecar = "dp-it-docsidecar-" + run;
    String targetName = "dp-it-doctarget-" + run;
    try (Network sidecarNet = Network.newNetwork();
         Network appNet = Network.newNetwork();
         GenericContainer<?> other = proxySidecar(sidecar, sidecarNet, false);
         DelveContainer target = new DelveContainer().withNetwork(appNet).withName(targetName)) {
      other.start();
      target.start();
      CommandResult r = ProxyProcess.cli(work, "doctor", targetName, "--json", "--admin",
          "127.0.0.1:" + ProxyProcess.freePort());
      JsonNode report = new ObjectMapper().readTree(r.stdout());
      assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
      String place = check(report, "proxy.networks").path("message").asText();
      assertFalse(place.contains(sidecar), place);
      assertTrue(place.startsWith("doctor runs on the Docker host"), place);
      assertEquals("pass", check(report, "target.network").path("status").asText(), report.toString());
    }
  }

  /** The proxy image running {@code serve}, as compose runs it; with the engine's socket when {@code docker}. */
  private static GenericContainer<?> proxySidecar(String name, Network network, boolean docker) throws IOException {
    GenericContainer<?> c = new GenericContainer<>(ProxyImage.tag())
        .withNetwork(network)
        .withLabel(DelveContainer.LABEL, "true")
        .withLabel(DelveContainer.SESSION_LABEL, DelveContainer.SESSION)
        .withCreateContainerCmdModifier(cmd -> cmd.withName(name));
    if (!docker) {
      return c.waitingFor(Wait.forLogMessage(".*event=serve_started.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
    }
    String gid = String.valueOf(Files.getAttribute(SOCKET, "unix:gid"));
    // Bound by hand: Testcontainers' own file-system binds first run a check container it would pull.
    return c.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withGroupAdd(List.of(gid))
            .withBinds(new Bind(SOCKET.toString(), new Volume(SOCKET.toString()))))
        // Discovery has asked the engine which container the proxy is in once it is connected.
        .waitingFor(Wait.forLogMessage(".*event=docker_connected.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
  }

  private static String network(DockerClient docker, String name) {
    docker.createNetworkCmd().withName(name).withLabels(Map.of(DelveContainer.LABEL, "true")).exec();
    return name;
  }

  private static CommandResult exec(String container, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("docker", "exec", container));
    cmd.addAll(List.of(command));
    Process p = new ProcessBuilder(cmd).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("docker exec " + container + " did not finish in 90 s");
    }
    return new CommandResult(p.exitValue(), new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  private static JsonNode check(JsonNode report, String id) {
    for (JsonNode c : report.path("checks")) {
      if (c.path("check").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no check " + id + " in " + report);
  }
}
