package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.it.support.DelveContainer;
import io.debugproxy.it.support.ProxyImage;
import io.debugproxy.it.support.ProxyProcess;
import io.debugproxy.it.support.ProxyProcess.CommandResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * {@code proxy doctor} when the proxy runs in a container of its own (the compose set-up): it finds
 * that container, and faults a target on a network the proxy is not on, naming the network to join.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DoctorProxyContainerIT {

  @TempDir
  Path work;

  @Test
  void targetOnAnotherNetwork_failsNamingTheNetworkToJoin() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String proxyName = "dp-it-docproxy-" + run;
    String targetName = "dp-it-doctarget-" + run;
    try (Network proxyNet = Network.newNetwork();
         Network appNet = Network.newNetwork();
         GenericContainer<?> proxy = new GenericContainer<>(ProxyImage.tag())
             .withNetwork(proxyNet)
             .withLabel(DelveContainer.LABEL, "true")
             .withCreateContainerCmdModifier(cmd -> cmd.withName(proxyName))
             .waitingFor(Wait.forLogMessage(".*event=serve_started.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
         DelveContainer target = new DelveContainer().withNetwork(appNet).withName(targetName)) {
      proxy.start();
      target.start();
      CommandResult r = ProxyProcess.cli(work, "doctor", targetName, "--json");
      JsonNode report = new ObjectMapper().readTree(r.stdout());
      assertEquals(1, r.exitCode(), r.stdout() + r.stderr());
      JsonNode proxyCheck = check(report, "proxy.networks");
      assertTrue(proxyCheck.path("message").asText().contains("the proxy runs in container " + proxyName),
          proxyCheck.toString());
      JsonNode network = check(report, "target.network");
      assertEquals("fail", network.path("status").asText(), report.toString());
      assertTrue(network.path("message").asText().contains("share no network"), network.toString());
      String appNetName = target.getContainerInfo().getNetworkSettings().getNetworks().keySet().iterator().next();
      assertTrue(network.path("fix").asText().contains("docker network connect " + appNetName + " " + proxyName),
          network.toString());
    }
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
