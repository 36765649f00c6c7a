package io.debugproxy.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The sample Go service image ({@code dist/sample}): a FROM-scratch image running the
 * sample under Delve. Built once per JVM by {@code dist/sample/build-image.sh}, which is a
 * no-op when the image is up to date.
 *
 * <p>The image's entrypoint is {@link #DEFAULT_COMMAND}; see {@link DelveContainer#withDlvArgs}
 * for other Delve command lines (e.g. {@link #SINGLE_CLIENT_ARGS}).
 */
public final class SampleImage {

  /** The tag built and used by the tests. System property {@code debugproxy.sampleImage} overrides it. */
  public static final String DEFAULT_TAG = "debugproxy/sample:dev";

  /** Delve's port inside the container. */
  public static final int DELVE_PORT = 2345;
  /** The sample's HTTP port inside the container. */
  public static final int HTTP_PORT = 8080;

  /** The image's entrypoint (what {@code docker inspect} shows as Path + Args). */
  public static final List<String> DEFAULT_COMMAND = List.of(
      "/dlv", "exec", "/app", "--headless", "--listen=:2345", "--api-version=2",
      "--accept-multiclient", "--continue");

  /**
   * Delve arguments (after {@code /dlv}) for a single-client server: the program does not
   * start until the client says {@code continue}, and the client's {@code exit} kills it
   * ({@code --continue} requires {@code --accept-multiclient}, so it is absent).
   */
  public static final List<String> SINGLE_CLIENT_ARGS = List.of(
      "exec", "/app", "--headless", "--listen=:2345", "--api-version=2");

  /** Text of the comment on the line of {@code main.go} where {@code greeting} is set. */
  public static final String GREETING_MARKER = "breakpoint here: greeting is set";

  private static String built;

  private SampleImage() {}

  /** Builds the image if needed (once per JVM) and returns its tag. */
  public static synchronized String tag() {
    if (built == null) {
      String tag = System.getProperty("debugproxy.sampleImage", DEFAULT_TAG);
      build(tag);
      built = tag;
    }
    return built;
  }

  /** Runs {@code dist/sample/build-image.sh TAG}; fails with the script's output on error. */
  public static void build(String tag) {
    new ImageBuildScript("dist/sample/build-image.sh", "sample image").run(tag);
  }

  /**
   * The repository root: system property {@code debugproxy.repoRoot} (set by failsafe), else the
   * nearest directory at or above the working directory that contains {@code dist/sample}.
   */
  public static Path repoRoot() {
    String prop = System.getProperty("debugproxy.repoRoot");
    if (prop != null && !prop.isBlank()) {
      return Paths.get(prop).toAbsolutePath().normalize();
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("dist/sample/build-image.sh"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the repository root: set -Ddebugproxy.repoRoot");
  }

  /** {@code dist/sample} in the repository. */
  public static Path sampleDir() {
    return repoRoot().resolve("dist/sample");
  }

  /** {@code dist/sample/main.go}. */
  public static Path mainGo() {
    return sampleDir().resolve("main.go");
  }

  /** 1-based line of {@code main.go} containing {@code text}; fails if absent. */
  public static int lineOf(String text) {
    try {
      List<String> lines = Files.readAllLines(mainGo(), StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(text)) {
          return i + 1;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no line of " + mainGo() + " contains '" + text + "'");
  }

  /** The line where {@code greeting} (and {@code name}) are set in {@code main.helloHandler}. */
  public static int greetingLine() {
    return lineOf(GREETING_MARKER);
  }

  /** Breakpoint location for Delve's {@code break}: {@code main.go:<greetingLine>}. */
  public static String greetingBreakpoint() {
    return "main.go:" + greetingLine();
  }
}
