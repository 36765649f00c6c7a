package io.debugproxy.proxy.discovery;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Unix socket that relays to another one and can be cut and restored, standing in for a
 * Docker engine that goes away (daemon restart, socket proxy restart) and comes back.
 */
final class UnixSocketRelay implements AutoCloseable {

    private final Path listen;
    private final Path target;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private ServerSocketChannel server;

    UnixSocketRelay(Path listen, Path target) {
        this.listen = listen;
        this.target = target;
    }

    String dockerHost() {
        return "unix://" + listen;
    }

    /** Starts accepting; each connection is relayed to the target socket. */
    synchronized void restore() throws IOException {
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
    synchronized void cut() throws IOException {
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
            } catch (ClosedChannelException e) {
                // cut, or the other direction ended
            } catch (IOException e) {
                // peer reset: end both directions below
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
            // Closing a relay end that is already broken: nothing left to do.
        }
    }
}
