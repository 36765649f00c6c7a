package io.debugproxy.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real {@code dist/bin/proxy serve} process, as a user starts it: its own config file, admin
 * port, port range and state directory under a work directory the test owns.
 */
public final class ProxyProcess implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path workDir;
  private final Path config;
  private final Path log;
  private final int adminPort;
  private final int firstPort;
  private final int muxPort;
  private Process process;

  private ProxyProcess(Path workDir, Path config, int adminPort, int firstPort, int muxPort) {
    this.workDir = workDir;
    this.config = config;
    this.log = workDir.resolve("proxy.log");
    this.adminPort = adminPort;
    this.firstPort = firstPort;
    this.muxPort = muxPort;
  }

  /** Writes a config for a fresh proxy under {@code workDir} (not started yet). */
  public static ProxyProcess configure(Path workDir, String extraYaml) {
    return configure(workDir, "", extraYaml);
  }

  /**
   * As {@link #configure(Path, String)}, with {@code extraListenersYaml} (lines indented by two
   * spaces, e.g. {@code "  tls: { address: 127.0.0.1:4000 }\n"}) added under {@code listeners:}.
   */
  public static ProxyProcess configure(Path workDir, String extraListenersYaml, String extraYaml) {
    return configure(workDir, extraListenersYaml, extraYaml, 20);
  }

  /**
   * As {@link #configure(Path, String, String)}, with room for {@code routePorts} route listeners.
   * Unless {@code extraListenersYaml} sets {@code mux:}, the multiplexed port gets a free loopback
   * port rather than its default 2345, so that proxies of parallel tests never collide.
   */
  public static ProxyProcess configure(Path workDir, String extraListenersYaml, String extraYaml, int routePorts) {
    int admin = freePort();
    int first = LoopbackPorts.range(routePorts);
    boolean ownMux = extraListenersYaml.contains("mux:");
    int mux = ownMux ? -1 : freePort();
    String yaml = "admin: { address: 127.0.0.1:" + admin + " }\n"
        + "listeners:\n  routes: { address: 127.0.0.1, ports: " + first + "-" + (first + routePorts - 1) + " }\n"
        + (ownMux ? "" : "  mux: { address: 127.0.0.1:" + mux + " }\n")
        + extraListenersYaml
        + "state: { dir: " + workDir.resolve("state") + " }\n"
        + extraYaml;
    Path cfg = workDir.resolve("proxy.yaml");
    try {
      Files.createDirectories(workDir);
      Files.writeString(cfg, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ProxyProcess(workDir, cfg, admin, first, mux);
  }

  /** Starts {@code dist/bin/proxy serve --config ...} and waits until its admin API answers. */
  public ProxyProcess start() {
    Path launcher = SampleImage.repoRoot().resolve("dist/bin/proxy");
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "serve", "--config", config.toString())
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("proxy exited with " + process.exitValue() + ":\n" + log());
      }
      if (get("/health").filter(r -> r.statusCode() == 200).isPresent()) {
        return this;
      }
      sleep(100);
    }
    throw new AssertionError("proxy admin API did not answer within 30 s:\n" + log());
  }

  /** SIGTERM, as Ctrl-C or {@code docker stop} would; returns the exit code. */
  public int stop() {
    if (process == null) {
      return -1;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError("proxy did not stop within 20 s of SIGTERM:\n" + log());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int code = process.exitValue();
    process = null;
    return code;
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  public int firstPort() {
    return firstPort;
  }

  public String adminAddress() {
    return "127.0.0.1:" + adminPort;
  }

  /** {@code 127.0.0.1:PORT} of the multiplexed port (HTTP, CONNECT, Delve/DAP, TLS on one port). */
  public String muxAddress() {
    if (muxPort < 0) {
      throw new IllegalStateException("this proxy's mux address came from the test's own YAML");
    }
    return "127.0.0.1:" + muxPort;
  }

  /** The port of {@link #muxAddress()}. */
  public int muxPort() {
    muxAddress();
    return muxPort;
  }

  /** The live table from {@code GET /routes}. */
  public JsonNode routes() {
    HttpResponse<String> r = get("/routes").orElseThrow(() -> new AssertionError("admin API not answering:\n" + log()));
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  /** The route of the container named {@code container}, if the table has one. */
  public Optional<JsonNode> routeOfContainer(String container) {
    for (JsonNode route : routes()) {
      if (container.equals(route.path("container").asText())) {
        return Optional.of(route);
      }
    }
    return Optional.empty();
  }

  /** Polls the admin API until {@code condition} holds for the container's route. */
  public JsonNode awaitRoute(String container, Predicate<JsonNode> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<JsonNode> last = Optional.empty();
    while (System.nanoTime() < deadline) {
      last = routeOfContainer(container);
      if (last.isPresent() && condition.test(last.get())) {
        return last.get();
      }
      sleep(50);
    }
    throw new AssertionError("route of container " + container + " did not reach the expected state within "
        + timeout + "; last seen: " + last.map(JsonNode::toString).orElse("absent") + "\n" + log());
  }

  /** Polls until the container has no route. */
  public void awaitNoRoute(String container, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (routeOfContainer(container).isEmpty()) {
        return;
      }
      sleep(50);
    }
    throw new AssertionError("route of container " + container + " still present after " + timeout + "\n" + log());
  }

  /** Runs {@code dist/bin/proxy ARGS} to completion (e.g. {@code routes --admin ...}). */
  public static CommandResult cli(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(SampleImage.repoRoot().resolve("dist/bin/proxy").toString());
    cmd.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("proxy-cli", ".out");
      Path err = Files.createTempFile("proxy-cli", ".err");
      Process p = new ProcessBuilder(cmd).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("proxy " + String.join(" ", args) + " did not finish in 60 s");
      }
      return new CommandResult(p.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Exit code and output of one CLI run. */
  public record CommandResult(int exitCode, String stdout, String stderr) {
  }

  /** Everything the proxy logged so far. */
  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private Optional<HttpResponse<String>> get(String path) {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
        .timeout(Duration.ofSeconds(3)).GET().build();
    try {
      return Optional.of(HTTP.send(req, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** A loopback port free right now, never handed out twice in this JVM ({@link LoopbackPorts}). */
  public static int freePort() {
    return LoopbackPorts.one();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
