package io.debugproxy.proxy.relay;

import io.debugproxy.config.route.HostPort;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Loopback sockets and waiting helpers shared by the relay, listener and admin tests. */
public final class Loopback {

    /** Upper bound for anything a test waits for; reaching it means the code under test hung. */
    public static final Duration HANG_GUARD = Duration.ofSeconds(20);

    private Loopback() {
    }

    public static ServerSocket serverSocket() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    public static HostPort address(ServerSocket socket) {
        return new HostPort("127.0.0.1", socket.getLocalPort());
    }

    /** A loopback port nobody listens on (bound once, then released). */
    public static HostPort refusedAddress() throws IOException {
        try (ServerSocket socket = serverSocket()) {
            return address(socket);
        }
    }

    /** A client socket whose reads give up after {@link #HANG_GUARD}, so a hung relay fails the test. */
    public static Socket connect(HostPort address) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(address.host(), address.port()), (int) HANG_GUARD.toMillis());
        socket.setSoTimeout((int) HANG_GUARD.toMillis());
        return socket;
    }

    /** Accepts one connection with the same read guard. */
    public static Socket accept(ServerSocket server) throws IOException {
        server.setSoTimeout((int) HANG_GUARD.toMillis());
        Socket socket = server.accept();
        socket.setSoTimeout((int) HANG_GUARD.toMillis());
        return socket;
    }

    /** Reads until end of stream. */
    public static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after {@link #HANG_GUARD}. */
    public static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still waiting, after " + HANG_GUARD.toSeconds() + " s, for: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }

    /** Whether the peer closed: a read sees end of stream or a reset. */
    public static boolean closedByPeer(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }
}
