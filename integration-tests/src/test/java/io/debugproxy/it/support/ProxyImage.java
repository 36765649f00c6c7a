package io.debugproxy.it.support;

/**
 * The proxy's container image ({@code dist/image}): FROM scratch, a jlink'd runtime and
 * {@code dist/target/proxy.jar}. Built once per JVM by {@code dist/image/build-image.sh}, which is
 * a no-op when the image is up to date.
 */
public final class ProxyImage {

  /** The tag built and used by the tests. System property {@code debugproxy.proxyImage} overrides it. */
  public static final String DEFAULT_TAG = "debugproxy/proxy:dev";

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
    new ImageBuildScript("dist/image/build-image.sh", "proxy image").run(tag);
  }
}
