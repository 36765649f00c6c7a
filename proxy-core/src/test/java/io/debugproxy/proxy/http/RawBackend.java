package io.debugproxy.proxy.http;

import io.debugproxy.config.route.HostPort;
import io.debugproxy.proxy.relay.Loopback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** A TCP server that runs {@code session} for each connection it accepts, on its own thread. */
final class RawBackend implements AutoCloseable {

    interface Session {
        void run(Socket socket) throws Exception;
    }

    private final ServerSocket server;
    /** Completes with the first session's failure, or null when it ended normally. */
    final CompletableFuture<Throwable> firstSession = new CompletableFuture<>();

    RawBackend(Session session) throws IOException {
        server = Loopback.serverSocket();
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    socket.setSoTimeout((int) Loopback.HANG_GUARD.toMillis());
                    Thread t = new Thread(() -> {
                        try (socket) {
                            session.run(socket);
                            firstSession.complete(null);
                        } catch (Exception e) {
                            firstSession.complete(e);
                        }
                    }, "raw-backend-session");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "raw-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    HostPort address() {
        return Loopback.address(server);
    }

    /** Reads an HTTP head up to and including the blank line. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Copies what it reads back until end of stream. */
    static void echo(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            socket.getOutputStream().write(buf, 0, n);
            socket.getOutputStream().flush();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
