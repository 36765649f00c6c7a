package io.debugproxy.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.debugproxy.it.support.DelveContainer;
import io.debugproxy.it.support.HttpGet;
import io.debugproxy.it.support.ProxyProcess;
import io.debugproxy.it.support.SampleImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VS Code side: a real DAP client ({@code @vscode/debugadapter-testsupport}'s DebugClient, from
 * npm, run by Node) attaches in "remote" mode through a route port to a headless Delve, which
 * speaks DAP on its JSON-RPC port (it tells them apart by the first byte). Breakpoint set, stopped
 * event, stack trace, continue — what VS Code's Go extension does with the configuration
 * {@code proxy ide vscode} writes.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DapClientIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration NODE_TIMEOUT = Duration.ofMinutes(3);
  private static Path client;

  @TempDir
  Path work;

  private ProxyProcess proxy;

  @BeforeAll
  static void prepare() throws Exception {
    SampleImage.tag();
    client = dapClient();
  }

  @AfterEach
  void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void vscodesDebugClient_stopsAtABreakpointThroughTheRoutePort() throws Exception {
    String name = "dp-it-dap-" + UUID.randomUUID().toString().substring(0, 8);
    try (DelveContainer sample = new DelveContainer().withName(name)) {
      sample.start();
      proxy = ProxyProcess.configure(work.resolve("proxy"), "").start();
      String listen = proxy.awaitRoute(name,
          r -> r.path("status").asText().equals("ok") && r.path("listen").isTextual(), Duration.ofSeconds(20))
          .path("listen").asText();

      Result run = run(client, List.of("node", "attach-through-proxy.js", listen.substring(listen.lastIndexOf(':') + 1),
          SampleImage.mainGo().toString(), Integer.toString(SampleImage.greetingLine()),
          sample.httpUrl("/hello?name=dap")));

      assertEquals(0, run.exitCode(), run.output() + "\n" + proxy.log());
      JsonNode seen = JSON.readTree(run.stdout());
      assertTrue(seen.path("breakpoint").path("verified").asBoolean(), seen.toString());
      assertEquals("breakpoint", seen.path("stopped").path("reason").asText(), seen.toString());
      assertEquals("main.helloHandler", seen.path("topFrame").path("name").asText(), seen.toString());
      assertEquals(SampleImage.greetingLine(), seen.path("topFrame").path("line").asInt(), seen.toString());
      assertEquals("hello, dap\n", seen.path("body").asText(), "continue let the request finish");
      assertEquals("hello, after\n", HttpGet.get(sample.httpUrl("/hello?name=after")).body(),
          "the program runs on after the client disconnected");
    }
  }

  /** {@code src/test/dap} copied to {@code target/dap}, with its npm packages installed there once. */
  private static Path dapClient() throws Exception {
    Path module = SampleImage.repoRoot().resolve("integration-tests");
    Path target = Files.createDirectories(module.resolve("target/dap"));
    for (String file : List.of("package.json", "attach-through-proxy.js")) {
      Files.copy(module.resolve("src/test/dap").resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(target.resolve("node_modules/@vscode/debugadapter-testsupport"))) {
      Result install = run(target, List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"));
      assertEquals(0, install.exitCode(), "npm install in " + target + " failed:\n" + install.output());
    }
    return target;
  }

  private static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("dap", ".out");
    Path err = Files.createTempFile("dap", ".err");
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(NODE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + NODE_TIMEOUT
            + ":\n" + Files.readString(out) + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", command) + " (is Node.js installed?): " + e, e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private record Result(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }
}
