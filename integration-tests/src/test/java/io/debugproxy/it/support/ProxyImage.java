package io.debugproxy.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's container image ({@code dist/image}): FROM scratch, a jlink'd runtime and
 * {@code dist/target/proxy.jar}. Built once per JVM by {@code dist/image/build-image.sh}, which is
 * a no-op when the image is up to date.
 */
public final class ProxyImage {

  /** The tag built and used by the tests. System property {@code debugproxy.proxyImage} overrides it. */
  public static final String DEFAULT_TAG = "debugproxy/proxy:dev";

  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
  private static String built;

  private ProxyImage() {}

  /** Builds the image if needed (once per JVM) and returns its tag. */
  public static synchronized String tag() {
    if (built == null) {
      String tag = System.getProperty("debugproxy.proxyImage", DEFAULT_TAG);
      build(tag);
      built = tag;
    }
    return built;
  }

  /** Runs {@code dist/image/build-image.sh TAG}; fails with the script's output on error. */
  public static void build(String tag) {
    Path script = SampleImage.repoRoot().resolve("dist/image/build-image.sh");
    try {
      Path log = Files.createTempFile("debugproxy-image-build", ".log");
      try {
        Process p = new ProcessBuilder("bash", script.toString(), tag)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()))
            .start();
        if (!p.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          throw new IllegalStateException("dist/image/build-image.sh did not finish within " + BUILD_TIMEOUT
              + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException("dist/image/build-image.sh " + tag + " failed (exit " + p.exitValue()
              + "):\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the proxy image", e);
    }
  }
}
