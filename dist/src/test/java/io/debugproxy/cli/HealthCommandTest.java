package io.debugproxy.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthCommandTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream originalErr = System.err;
    private final StringBuffer request = new StringBuffer();
    private ServerSocket server;

    @AfterEach
    void tearDown() throws IOException {
        System.setErr(originalErr);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void exitsZeroWhenHealthAnswersOk() throws Exception {
        answerOnce("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 26\r\n"
                + "Connection: close\r\n\r\n{\"status\":\"ok\",\"routes\":2}");

        assertEquals(0, run("health", "--quiet", "--admin", "127.0.0.1:" + server.getLocalPort()));
        assertEquals("GET /health HTTP/1.1", requestLine(request.toString()));
        assertTrue(request.toString().contains("\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n"), request.toString());
    }

    @Test
    void exitsOneWhenHealthAnswersAnError() throws Exception {
        answerOnce("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        assertEquals(1, run("health", "--admin", "127.0.0.1:" + server.getLocalPort()));
        assertTrue(err().contains("is not healthy: HTTP/1.1 503 Service Unavailable"), err());
    }

    @Test
    void exitsOneNamingTheAddressWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        assertEquals(1, run("health", "--admin", "127.0.0.1:" + port));
        assertTrue(err().contains("no proxy is answering at 127.0.0.1:" + port), err());
    }

    @Test
    void exitsTwoForAnAddressThatIsNotHostPort() {
        assertEquals(2, run("health", "--admin", "nonsense"));
        assertTrue(err().contains("--admin 'nonsense'"), err());
    }

    private int run(String... args) {
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        return ProxyCommand.run(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String requestLine(String request) {
        return request.lines().findFirst().orElse("");
    }

    /** Serves one connection with {@code response}; what it read is in {@link #request} once answered. */
    private void answerOnce(String response) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                byte[] buf = new byte[4096];
                int n = s.getInputStream().read(buf);
                request.append(new String(buf, 0, Math.max(0, n), StandardCharsets.US_ASCII));
                s.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the test fails on its own assertions
            }
        }, "health-test-server");
        t.setDaemon(true);
        t.start();
    }
}
