package io.debugproxy.it.support;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Unix socket in front of the Docker engine's that a test can cut and restore, standing in for
 * a daemon restart as a running {@code proxy serve} sees it: every connection drops, new ones are
 * refused (the socket file is gone), then the engine answers again.
 *
 * <pre>{@code
 * try (UnixSocketRelay relay = UnixSocketRelay.inFrontOf(Path.of("/var/run/docker.sock"))) {
 *   proxy = ProxyProcess.configure(work, "docker: { host: " + relay.dockerHost() + " }\n").start();
 *   relay.cut();  ...  relay.restore();
 * }
 * }</pre>
 */
public final class UnixSocketRelay implements AutoCloseable {

  private final Path dir;
  private final Path listen;
  private final Path target;
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private ServerSocketChannel server;

  private UnixSocketRelay(Path dir, Path target) {
    this.dir = dir;
    this.listen = dir.resolve("d.sock");
    this.target = target;
  }

  /** A relay to {@code target}, already accepting, on a short path under /tmp (socket paths are limited). */
  public static UnixSocketRelay inFrontOf(Path target) throws IOException {
    UnixSocketRelay relay = new UnixSocketRelay(Files.createTempDirectory(Path.of("/tmp"), "dpit"), target);
    relay.restore();
    return relay;
  }

  /** The address to give as {@code docker.host}. */
  public String dockerHost() {
    return "unix://" + listen;
  }

  /** Starts accepting again; each connection is relayed to the target socket. */
  public synchronized void restore() throws IOException {
    if (server != null) {
      return;
    }
    Files.deleteIfExists(listen);
    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    s.bind(UnixDomainSocketAddress.of(listen));
    server = s;
    Thread acceptor = new Thread(() -> acceptLoop(s), "relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Stops accepting, removes the socket file and drops every relayed connection. */
  public synchronized void cut() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
    Files.deleteIfExists(listen);
    for (SocketChannel c : open) {
      closeQuietly(c);
    }
    open.clear();
  }

  @Override
  public void close() throws IOException {
    cut();
    Files.deleteIfExists(dir);
  }

  private void acceptLoop(ServerSocketChannel s) {
    while (s.isOpen()) {
      SocketChannel client;
      try {
        client = s.accept();
      } catch (IOException e) {
        return; // cut
      }
      SocketChannel upstream;
      try {
        upstream = SocketChannel.open(UnixDomainSocketAddress.of(target));
      } catch (IOException e) {
        closeQuietly(client);
        continue;
      }
      open.add(client);
      open.add(upstream);
      pump(client, upstream);
      pump(upstream, client);
    }
  }

  private void pump(SocketChannel from, SocketChannel to) {
    Thread t = new Thread(() -> {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      try {
        while (from.read(buffer) >= 0) {
          buffer.flip();
          while (buffer.hasRemaining()) {
            to.write(buffer);
          }
          buffer.clear();
        }
      } catch (IOException e) {
        // cut, reset, or the other direction ended: end both directions below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "relay-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // already broken: nothing left to do
    }
  }
}
