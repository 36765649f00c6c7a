package io.debugproxy.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for the proxies and listeners these tests start, never the same one twice.
 *
 * <p>Single ports come from the kernel (bind to 0, release), which may hand out the port it
 * just gave back: two such ports for one proxy then collide ("admin cannot bind ... Address
 * already in use"). So every port handed out in this JVM is remembered and skipped. Runs of
 * ports (route listener ranges) are taken below the kernel's ephemeral range (32768 and up on
 * Linux), where neither single ports nor the tests' own client sockets can land in them.
 */
public final class LoopbackPorts {

  private static final int RANGES_FROM = 20000;
  private static final int RANGES_TO = 32000;
  /** JVM-wide on purpose: every test class starting a proxy must see every other's ports. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private LoopbackPorts() {
  }

  /** A loopback port free right now and not handed out before in this JVM. */
  public static int one() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = bindAnyAndRelease();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new AssertionError("the kernel keeps handing out loopback ports already in use by these tests");
  }

  /** The first of {@code count} consecutive free loopback ports, below the ephemeral range. */
  public static int range(int count) {
    int slots = (RANGES_TO - RANGES_FROM) / count;
    for (int attempt = 0; attempt < 100; attempt++) {
      int first = RANGES_FROM + ThreadLocalRandom.current().nextInt(slots) * count;
      if (HANDED_OUT.contains(first) || !allFree(first, count)) {
        continue;
      }
      boolean claimed = true;
      for (int p = first; p < first + count; p++) {
        claimed &= HANDED_OUT.add(p);
      }
      if (claimed) {
        return first;
      }
    }
    throw new AssertionError("no free run of " + count + " loopback ports in "
        + RANGES_FROM + "-" + RANGES_TO);
  }

  private static int bindAnyAndRelease() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean allFree(int first, int count) {
    for (int p = first; p < first + count; p++) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", p));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
