package io.debugproxy.proxy.tlslisten;

import io.debugproxy.config.route.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain TCP echo server standing in for Delve that counts every connection and every byte it
 * receives: a refusal test passes only if both stay zero.
 */
public final class CountingUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final Thread acceptor;

    public CountingUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "counting-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public HostPort address() {
        return new HostPort("127.0.0.1", server.getLocalPort());
    }

    public int connections() {
        return connections.get();
    }

    public long bytes() {
        return bytes.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread echo = new Thread(() -> echo(socket), "counting-upstream-echo");
                echo.setDaemon(true);
                echo.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.addAndGet(n);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the relay closed the session
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
