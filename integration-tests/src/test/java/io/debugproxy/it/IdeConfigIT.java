package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.debugproxy.it.support.DelveContainer;
import io.debugproxy.it.support.DlvCli;
import io.debugproxy.it.support.HttpGet;
import io.debugproxy.it.support.ProxyProcess;
import io.debugproxy.it.support.SampleImage;
import io.debugproxy.it.support.Transcript.StopLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxy ide vscode|goland} against a real proxy and real Delve: the configuration names the
 * route's port, {@code substitutePath} comes from Delve's source list through the proxy when Delve
 * accepts several clients, and a single-client Delve is never touched.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IdeConfigIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper JSONC = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA).build();
  private static final Duration ROUTE_WAIT = Duration.ofSeconds(20);

  @TempDir
  Path work;

  private ProxyProcess proxy;

  @BeforeAll
  static void image() {
    SampleImage.tag();
  }

  @AfterEach
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void vscodeConfiguration_mapsTheCheckoutToTheBuildDirectory_andLeavesTheProgramRunning() throws Exception {
    String name = uniqueName("ide");
    try (DelveContainer sample = new DelveContainer().withName(name)) {
      sample.start();
      proxy = ProxyProcess.configure(work.resolve("proxy"), "").start();
      String listen = proxy.awaitRoute(name, IdeConfigIT::ready, ROUTE_WAIT).path("listen").asText();
      Path checkout = checkoutOfTheSample();

      ProxyProcess.CommandResult printed = ProxyProcess.cli(checkout, "ide", "vscode", name,
          "--admin", proxy.adminAddress(), "--pause");

      assertEquals(0, printed.exitCode(), printed.stderr());
      JsonNode config = JSON.readTree(printed.stdout());
      assertEquals("attach", config.path("request").asText());
      assertEquals("remote", config.path("mode").asText());
      assertEquals("127.0.0.1", config.path("host").asText());
      assertEquals(listen, "127.0.0.1:" + config.path("port").asInt());
      JsonNode mapping = config.path("substitutePath").get(0);
      assertEquals("${workspaceFolder}", mapping.path("from").asText(), printed.stdout());
      assertEquals(SampleImage.sampleDir().toString(), mapping.path("to").asText(), printed.stderr());
      assertEquals("hello, after\n", HttpGet.get(sample.httpUrl("/hello?name=after")).body(),
          "the program runs again after the source list was read");

      // VS Code's own file (comments), with the entry of an earlier run the user added to.
      Path launchJson = Files.createDirectories(checkout.resolve(".vscode")).resolve("launch.json");
      Files.writeString(launchJson, """
          {
              // Use IntelliSense to learn about possible attributes.
              "version": "0.2.0",
              "configurations": [
                  {
                      "name": "debugproxy: %s",
                      "type": "go",
                      "request": "attach",
                      "mode": "remote",
                      "port": 1,
                      "showLog": true,
                      "substitutePath": [{"from": "${workspaceFolder}", "to": "/earlier"}],
                  },
              ]
          }
          """.formatted(name));
      Files.setPosixFilePermissions(launchJson, PosixFilePermissions.fromString("rw-r--r--"));
      ProxyProcess.CommandResult written = ProxyProcess.cli(checkout, "ide", "vscode", name,
          "--admin", proxy.adminAddress(), "--no-probe", "--write");
      assertEquals(0, written.exitCode(), written.stderr());
      String text = Files.readString(launchJson);
      assertTrue(text.contains("// Use IntelliSense"), text);
      JsonNode entry = JSONC.readTree(text).path("configurations").get(0);
      assertEquals("debugproxy: " + name, entry.path("name").asText());
      assertEquals(config.path("port"), entry.path("port"));
      assertTrue(entry.path("showLog").asBoolean(), text);
      assertEquals("/earlier", entry.path("substitutePath").get(0).path("to").asText(), text);
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(launchJson)));
    }
  }

  @Test
  void vscodeConfiguration_withoutPause_doesNotStopARunningProgram() throws Exception {
    String name = uniqueName("ide-run");
    try (DelveContainer sample = new DelveContainer().withName(name)) {
      sample.start();
      proxy = ProxyProcess.configure(work.resolve("proxy"), "").start();
      proxy.awaitRoute(name, IdeConfigIT::ready, ROUTE_WAIT);

      ProxyProcess.CommandResult printed = ProxyProcess.cli(checkoutOfTheSample(), "ide", "vscode", name,
          "--admin", proxy.adminAddress());

      assertEquals(0, printed.exitCode(), printed.stderr());
      assertFalse(JSON.readTree(printed.stdout()).has("substitutePath"), printed.stdout());
      assertTrue(printed.stderr().contains("the program is running"), printed.stderr());
    }
  }

  @Test
  void singleClientDelve_isNotProbed_andStillServesTheIde() throws Exception {
    String name = uniqueName("ide-single");
    try (DelveContainer sample = new DelveContainer().withName(name).withDlvArgs(SampleImage.SINGLE_CLIENT_ARGS)) {
      sample.start();
      proxy = ProxyProcess.configure(work.resolve("proxy"), "").start();
      String listen = proxy.awaitRoute(name, IdeConfigIT::ready, ROUTE_WAIT).path("listen").asText();

      ProxyProcess.CommandResult printed = ProxyProcess.cli(checkoutOfTheSample(), "ide", "vscode", name,
          "--admin", proxy.adminAddress(), "--pause");

      assertEquals(0, printed.exitCode(), printed.stderr());
      assertTrue(printed.stderr().contains("accepts a single client"), printed.stderr());
      assertFalse(JSON.readTree(printed.stdout()).has("substitutePath"), printed.stdout());
      assertTrue(sample.runningNow(), "Delve and its program are untouched");
      try (DlvCli dlv = DlvCli.connect(listen)) {
        dlv.awaitPrompt();
        assertTrue(dlv.command("break " + SampleImage.greetingBreakpoint()).startsWith("Breakpoint 1 set at"),
            dlv.transcript().log());
        dlv.send("continue");
        CompletableFuture<HttpGet.Response> hello =
            HttpGet.asyncWhenUp(sample.httpUrl("/hello?name=single"), Duration.ofSeconds(90), Duration.ofSeconds(60));
        assertEquals("main.helloHandler", StopLocation.require(dlv.awaitPrompt()).function());
        dlv.command("clearall");
        dlv.send("continue");
        assertEquals("hello, single\n", hello.get(30, TimeUnit.SECONDS).body());
      }
    }
  }

  @Test
  void golandRunConfiguration_isWrittenToDotRun() throws Exception {
    String name = uniqueName("ide-goland");
    try (DelveContainer sample = new DelveContainer().withName(name)) {
      sample.start();
      proxy = ProxyProcess.configure(work.resolve("proxy"), "").start();
      String listen = proxy.awaitRoute(name, IdeConfigIT::ready, ROUTE_WAIT).path("listen").asText();
      Path checkout = checkoutOfTheSample();

      ProxyProcess.CommandResult written = ProxyProcess.cli(checkout, "ide", "goland", name,
          "--admin", proxy.adminAddress(), "--write");

      assertEquals(0, written.exitCode(), written.stderr());
      Path file = checkout.resolve(".run/debugproxy_" + name + ".run.xml");
      String xml = Files.readString(file);
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertTrue(xml.contains("type=\"GoRemoteDebugConfigurationType\""), xml);
      assertTrue(xml.contains("port=\"" + listen.substring(listen.lastIndexOf(':') + 1) + "\""), xml);
    }
  }

  /** A copy of the sample's module, as a developer's checkout in another directory than the build's. */
  private Path checkoutOfTheSample() throws Exception {
    Path checkout = Files.createDirectories(work.resolve("checkout-" + UUID.randomUUID().toString().substring(0, 4)));
    Files.copy(SampleImage.sampleDir().resolve("go.mod"), checkout.resolve("go.mod"));
    Files.copy(SampleImage.mainGo(), checkout.resolve("main.go"));
    return checkout;
  }

  private static boolean ready(JsonNode route) {
    return route.path("status").asText().equals("ok") && route.path("listen").isTextual();
  }

  private static String uniqueName(String prefix) {
    return "dp-it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
