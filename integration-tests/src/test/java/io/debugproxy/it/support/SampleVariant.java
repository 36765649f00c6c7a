package io.debugproxy.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Other builds of the sample image, for targets that {@code proxy doctor} must fault:
 * {@code dist/sample/build-image.sh} with {@code SAMPLE_BUILD=optimized} (no -N -l) or
 * {@code stripped} (-ldflags='-s -w'). Built once per JVM each; a no-op when up to date.
 */
public enum SampleVariant {
  OPTIMIZED("optimized"),
  STRIPPED("stripped");

  private final String build;
  private static final Map<SampleVariant, String> BUILT = new HashMap<>();

  SampleVariant(String build) {
    this.build = build;
  }

  /** Builds the variant if needed and returns its tag, {@code debugproxy/sample:<variant>}. */
  public String tag() {
    synchronized (BUILT) {
      String tag = BUILT.get(this);
      if (tag == null) {
        tag = "debugproxy/sample:" + build;
        run(tag);
        BUILT.put(this, tag);
      }
      return tag;
    }
  }

  private void run(String tag) {
    Path script = SampleImage.sampleDir().resolve("build-image.sh");
    try {
      Path log = Files.createTempFile("debugproxy-sample-" + build, ".log");
      try {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), tag)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()));
        pb.environment().put("SAMPLE_BUILD", build);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
          p.destroyForcibly();
          throw new IllegalStateException("build-image.sh " + tag + " (SAMPLE_BUILD=" + build + ") failed:\n"
              + Files.readString(log));
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
