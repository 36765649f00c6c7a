package io.debugproxy.proxy.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.debugproxy.config.route.HostPort;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP service for the reverse-proxy tests (the JDK's own server): echoes headers, redirects
 * to its own internal address, hashes uploads, streams downloads, answers late ({@code /slow?ms=N})
 * and can stay silent.
 */
final class TestBackend implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    /** Client ports of the connections requests arrived on. */
    final Set<Integer> connections = ConcurrentHashMap.newKeySet();

    TestBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        int port = server.getAddress().getPort();
        server.createContext("/echo-headers", ex -> {
            StringBuilder text = new StringBuilder();
            Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            sorted.putAll(ex.getRequestHeaders());
            sorted.forEach((name, values) -> values.forEach(v -> text.append(name.toLowerCase()).append(": ").append(v).append('\n')));
            text.append("method: ").append(ex.getRequestMethod()).append('\n');
            text.append("uri: ").append(ex.getRequestURI()).append('\n');
            respond(ex, 200, text.toString());
        });
        server.createContext("/redirect", ex -> {
            ex.getResponseHeaders().set("Location", "http://localhost:" + port + "/login");
            ex.getResponseHeaders().set("Content-Location", "http://127.0.0.1:" + port + "/login");
            ex.getResponseHeaders().set("Refresh", "1; url=http://[::1]:" + port + "/login");
            ex.getResponseHeaders().set("X-Other", "http://localhost:" + port + "/login");
            respond(ex, 302, "see http://localhost:" + port + "/login");
        });
        server.createContext("/upload", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                byte[] chunk = new byte[65536];
                long total = 0;
                int n;
                while ((n = in.read(chunk)) > 0) {
                    sha.update(chunk, 0, n);
                    total += n;
                }
                respond(ex, 200, total + " " + HexFormat.of().formatHex(sha.digest()));
            } catch (NoSuchAlgorithmException e) {
                throw new IOException(e);
            }
        });
        server.createContext("/download", ex -> {
            int size = Integer.parseInt(ex.getRequestURI().getQuery().substring(2));
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = ex.getResponseBody()) {
                byte[] data = pattern(size);
                for (int off = 0; off < size; off += 10_000) {
                    out.write(data, off, Math.min(10_000, size - off));
                }
            }
        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(Long.parseLong(ex.getRequestURI().getQuery().substring(3)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "slow " + ex.getRequestURI());
        });
        server.createContext("/silent", ex -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "late");
        });
        server.start();
    }

    HostPort address() {
        return new HostPort("127.0.0.1", server.getAddress().getPort());
    }

    /** Deterministic bytes of a given size, for transfers checked byte for byte. */
    static byte[] pattern(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + (i >>> 8));
        }
        return data;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void respond(HttpExchange ex, int status, String text) throws IOException {
        connections.add(ex.getRemoteAddress().getPort());
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
