package io.debugproxy.proxy.discovery;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Unix socket that relays to another one and can be cut and restored, standing in for a
 * Docker engine that goes away (daemon restart, socket proxy restart) and comes back. It also
 * notes the request line of every HTTP request it relays, so tests can see what was asked.
 */
final class UnixSocketRelay implements AutoCloseable {

    private static final Pattern REQUEST_LINE = Pattern.compile("(?m)^(GET|HEAD|POST|PUT|DELETE) (\\S+) HTTP/1\\.[01]\r?$");

    private final Path listen;
    private final Path target;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new CopyOnWriteArrayList<>();
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

    /** Request lines relayed so far ({@code GET /containers/json}), oldest first; the query is left out. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
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
            pump(client, upstream, true);
            pump(upstream, client, false);
        }
    }

    private void pump(SocketChannel from, SocketChannel to, boolean fromClient) {
        Thread t = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    if (fromClient) {
                        noteRequests(buffer);
                    }
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

    // Requests start at a read boundary in practice (one small request per write); good enough for tests.
    private void noteRequests(ByteBuffer buffer) {
        String text = StandardCharsets.ISO_8859_1.decode(buffer.duplicate()).toString();
        Matcher m = REQUEST_LINE.matcher(text);
        while (m.find()) {
            String target = m.group(2);
            int query = target.indexOf('?');
            requests.add(m.group(1) + " " + (query < 0 ? target : target.substring(0, query)));
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // Closing a relay end that is already broken: nothing left to do.
        }
    }
}
