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
 * One of the repository's {@code build-image.sh} scripts, run for a tag; it fails with the
 * script's output, so a broken image build reads like the build itself.
 *
 * @param path  the script, relative to {@link SampleImage#repoRoot()} ({@code dist/image/build-image.sh})
 * @param image what the script builds, for messages ({@code proxy image})
 */
record ImageBuildScript(String path, String image) {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  /** Runs {@code bash PATH TAG}, stdin from /dev/null; fails with the script's output on error or timeout. */
  void run(String tag) {
    Path script = SampleImage.repoRoot().resolve(path);
    try {
      Path log = Files.createTempFile("debugproxy-image-build", ".log");
      try {
        Process p = new ProcessBuilder("bash", script.toString(), tag)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()))
            .start();
        if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          throw new IllegalStateException(path + " did not finish within " + TIMEOUT
              + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        if (p.exitValue() != 0) {
          throw new IllegalStateException(path + " " + tag + " failed (exit " + p.exitValue()
              + "):\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the " + image, e);
    }
  }
}
